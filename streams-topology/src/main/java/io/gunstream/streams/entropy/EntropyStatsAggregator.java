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
        return new EntropyStats(source, stats.getWindowStart(), stats.getWindowEnd(), count,
                Math.min(stats.getMin(), value), Math.max(stats.getMax(), value), sum, sum / count);
    }

    /** The final result of {@code window}. */
    public static EntropyStats finish(final Windowed<String> window, final EntropyStats stats) {
        return new EntropyStats(window.key(), window.window().startTime(), window.window().endTime(), stats.getCount(),
                stats.getMin(), stats.getMax(), stats.getSum(), stats.getMean());
    }
}
