package io.gunstream.streams.entropy;

import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.streams.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps the latest {@link EntropySample} per source in {@link StoreNames#ENTROPY_LATEST} (latest by sample
 * timestamp, so a late sample never hides a newer one). Bounded in time: a wall-clock punctuator drops sources
 * without a sample for the retention. Emits nothing.
 */
public final class LatestSampleProcessor implements ProcessorSupplier<String, EntropySample, Void, Void> {

    /** How often sources past the retention are dropped. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Serde<EntropySample> sampleSerde;
    private final Duration retention;

    public LatestSampleProcessor(final Serde<EntropySample> sampleSerde, final Duration retention) {
        this.sampleSerde = sampleSerde;
        this.retention = retention;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ENTROPY_LATEST),
                Serdes.String(), sampleSerde).withCachingEnabled());
    }

    @Override
    public Processor<String, EntropySample, Void, Void> get() {
        return new Latest();
    }

    private final class Latest implements Processor<String, EntropySample, Void, Void> {

        private KeyValueStore<String, EntropySample> latest;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            latest = context.getStateStore(StoreNames.ENTROPY_LATEST);
            context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
        }

        @Override
        public void process(final Record<String, EntropySample> record) {
            final EntropySample sample = record.value();
            if (record.key() == null || sample == null) {
                return;
            }
            final EntropySample previous = latest.get(record.key());
            if (previous == null || !sample.getTimestamp().isBefore(previous.getTimestamp())) {
                latest.put(record.key(), sample);
            }
        }

        private void sweep(final long now) {
            final long oldest = now - retention.toMillis();
            final List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, EntropySample> it = latest.all()) {
                while (it.hasNext()) {
                    final KeyValue<String, EntropySample> entry = it.next();
                    if (entry.value.getTimestamp().toEpochMilli() < oldest) {
                        expired.add(entry.key);
                    }
                }
            }
            expired.forEach(latest::delete);
        }
    }
}
