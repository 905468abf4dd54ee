package io.gunstream.streams.reject;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Counts refused records per task ({@code gunstream-rejected-total} / {@code -rate}, group {@code gunstream-streams}). */
public final class RejectSensor {

    /** Metric group of gunstream's own streams metrics. */
    public static final String GROUP = "gunstream-streams";

    private final Sensor sensor;

    private RejectSensor(final Sensor sensor) {
        this.sensor = sensor;
    }

    /** The task's sensor, created on first use (processors of one task share it). */
    public static RejectSensor of(final ProcessorContext<?, ?> context) {
        final String task = context.taskId().toString();
        final Sensor sensor = context.metrics().addSensor("gunstream-rejected-" + task, Sensor.RecordingLevel.INFO);
        final Map<String, String> tags = Map.of("thread-id", Thread.currentThread().getName(), "task-id", task);
        sensor.add(new MetricName("gunstream-rejected-total", GROUP, "Deltas refused and sent to the rejects topic", tags),
                new CumulativeCount());
        sensor.add(new MetricName("gunstream-rejected-rate", GROUP, "Deltas refused per second", tags), new Rate());
        return new RejectSensor(sensor);
    }

    public void record() {
        sensor.record();
    }
}
