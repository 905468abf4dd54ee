package io.gunstream.streams.split;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.sea.SeaVerdict;
import io.gunstream.core.sea.SoulAuthority;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.LogEntry;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.convert.InvalidRecordException;
import io.gunstream.streams.reject.RejectSensor;
import io.gunstream.streams.reject.Rejects;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of the topology: validates each delta (key is its soul, gun-core graph rules, SEA signatures and
 * content hashes) and classifies its soul. Realtime deltas go on whole ({@link Routed.Realtime}) to the child
 * {@link #MERGE}; entropy and log deltas become one {@code EntropySample} or {@code LogEntry} per field, keyed by their
 * source, for the children {@link #ENTROPY} and {@link #LOGS}; refused deltas become {@code Reject}s for
 * {@link #REJECTS}. Forwarding to named children (instead of branching in the DSL) saves several processor hops per
 * delta. Stateless.
 */
public final class DeltaRouter implements ProcessorSupplier<String, GunDelta, String, Object> {

    /** Child that merges realtime deltas; receives {@link Routed.Realtime}. */
    public static final String MERGE = "ham-merge";
    /** Child (sink) for entropy samples. */
    public static final String ENTROPY = "entropy";
    /** Child (sink) for log lines. */
    public static final String LOGS = "logs";
    /** Child (sink) for rejects. */
    public static final String REJECTS = "rejects";

    private static final Logger LOG = LoggerFactory.getLogger(DeltaRouter.class);

    private final SoulClassifier classifier;
    private final SoulAuthority authority;

    public DeltaRouter(final SoulClassifier classifier, final SoulAuthority authority) {
        this.classifier = classifier;
        this.authority = authority;
    }

    @Override
    public Processor<String, GunDelta, String, Object> get() {
        return new RouterProcessor();
    }

    private final class RouterProcessor implements Processor<String, GunDelta, String, Object> {

        private ProcessorContext<String, Object> context;
        private RejectSensor rejected;

        @Override
        public void init(final ProcessorContext<String, Object> context) {
            this.context = context;
            this.rejected = RejectSensor.of(context);
        }

        @Override
        public void process(final Record<String, GunDelta> record) {
            final GunDelta delta = record.value();
            if (delta == null) {
                refuse(record, null, record.key(), null, Rejects.NULL_DELTA,
                        "a null value on the deltas topic is not a Gun write (delete a field by putting null)");
                return;
            }
            final String soul = delta.getSoul();
            if (!soul.equals(record.key())) {
                refuse(record, delta, soul, null, Rejects.KEY_SOUL_MISMATCH, "record key '" + record.key()
                        + "' is not the delta's soul '" + soul + "': deltas must be keyed by soul so a node's deltas meet in one task");
                return;
            }
            final GunNode node;
            try {
                node = GunAvro.toCore(delta);
            } catch (final InvalidGraphException e) {
                refuse(record, delta, soul, e.key().orElse(null), e.rule().name(), e.getMessage());
                return;
            } catch (final InvalidRecordException e) {
                refuse(record, delta, soul, e.key().orElse(null), e.reason(), e.getMessage());
                return;
            }
            final List<SeaVerdict.Rejected> refused = authority.check(node);
            if (!refused.isEmpty()) {
                // gun.js refuses the whole put when one field fails, and so do we: no partial writes.
                final SeaVerdict.Rejected first = refused.get(0);
                refuse(record, delta, soul, first.key(), first.reason().name(), first.message());
                return;
            }
            switch (classifier.classify(soul)) {
                case REALTIME -> context.forward(record.withValue(new Routed.Realtime(delta, node)), MERGE);
                case ENTROPY -> forwardPerField(record, node, this::sample, ENTROPY);
                case LOG -> forwardPerField(record, node, this::logLine, LOGS);
            }
        }

        private void forwardPerField(final Record<String, GunDelta> record, final GunNode node, final FieldMapper mapper,
                                     final String child) {
            final String source = classifier.sourceOf(node.soul());
            final Instant time = Instant.ofEpochMilli(record.timestamp());
            for (final Map.Entry<String, FieldState> field : node.fields().entrySet()) {
                context.forward(record.withKey(source).withValue(mapper.map(node.soul(), field.getKey(), field.getValue(), time)), child);
            }
        }

        private Object sample(final String soul, final String key, final FieldState field, final Instant time) {
            return EntropySample.newBuilder()
                    .setSource(soul)
                    .setKey(key)
                    .setState(field.state())
                    .setNumericValue(numeric(field.value()))
                    .setValue(GunAvro.toAvro(field.value()))
                    .setTimestamp(time)
                    .build();
        }

        private Object logLine(final String soul, final String key, final FieldState field, final Instant time) {
            final GunValue value = field.value();
            return LogEntry.newBuilder()
                    .setSource(soul)
                    .setKey(key)
                    .setState(field.state())
                    .setMessage(value instanceof GunValue.Str s ? s.value() : value.toJson())
                    .setValue(GunAvro.toAvro(value))
                    .setLevel(null)
                    .setTimestamp(time)
                    .build();
        }

        private void refuse(final Record<String, GunDelta> record, final GunDelta delta, final String soul,
                            final String key, final String reason, final String message) {
            final Rejects.Coordinates at = coordinates(context);
            LOG.warn("Rejecting delta soul=[{}] reason=[{}] {}: {}", soul, reason, at, message);
            rejected.record();
            context.forward(record.withKey(soul).withValue(Rejects.ofDelta(delta, soul, key, reason,
                    message, at, Instant.ofEpochMilli(context.currentSystemTimeMs()))), REJECTS);
        }
    }

    /** The record's topic/partition/offset, when it came from a topic (not from a punctuator). */
    public static Rejects.Coordinates coordinates(final ProcessorContext<?, ?> context) {
        return context.recordMetadata()
                .map((RecordMetadata m) -> new Rejects.Coordinates(m.topic(), m.partition(), m.offset()))
                .orElse(null);
    }

    /**
     * The value as a number for the aggregates: a number as is, a string when it parses as a finite number
     * (gun.js apps often store numbers as text), nothing otherwise.
     */
    static Double numeric(final GunValue value) {
        if (value instanceof GunValue.Num n) {
            return n.value();
        }
        if (value instanceof GunValue.Str s && !s.value().isBlank()) {
            try {
                final double parsed = Double.parseDouble(s.value().trim());
                return Double.isFinite(parsed) ? parsed : null;
            } catch (final NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface FieldMapper {
        Object map(String soul, String key, FieldState field, Instant time);
    }
}
