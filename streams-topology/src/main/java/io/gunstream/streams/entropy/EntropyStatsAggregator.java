package io.gunstream.streams.entropy;

import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.EntropyStats;
import java.time.Instant;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * count/min/max/sum/mean of numeric sample values. The running aggregate is an {@link EntropyStats} whose window
 * bounds are filled in only when the final result is emitted ({@link #finish}).
 */
public final class EntropyStatsAggregator {

    private EntropyStatsAggregator() {
    }

    public static EntropyStats initial() {
        return EntropyStats.newBuilder()
                .setSource("")
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.EPOCH)
                .setCount(0)
                .setMin(Double.POSITIVE_INFINITY)
                .setMax(Double.NEGATIVE_INFINITY)
                .setSum(0)
                .setMean(0)
                .build();
    }

    /** Adds one sample; samples without a numeric value do not count. */
    public static EntropyStats add(final String source, final EntropySample sample, final EntropyStats stats) {
        final Double value = sample.getNumericValue();
        if (value == null) {
            return stats;
        }
        final long count = stats.getCount() + 1;
        final double sum = stats.getSum() + value;
        return EntropyStats.newBuilder(stats)
                .setSource(source)
                .setCount(count)
                .setMin(Math.min(stats.getMin(), value))
                .setMax(Math.max(stats.getMax(), value))
                .setSum(sum)
                .setMean(sum / count)
                .build();
    }

    /** The final result of {@code window}. */
    public static EntropyStats finish(final Windowed<String> window, final EntropyStats stats) {
        return EntropyStats.newBuilder(stats)
                .setSource(window.key())
                .setWindowStart(window.window().startTime())
                .setWindowEnd(window.window().endTime())
                .build();
    }
}
