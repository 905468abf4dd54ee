package io.gunstream.cli.up;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Storj sink connector {@code gunstream up} deploys: entropy samples and log lines archived as time-partitioned
 * Avro objects under {@code s3://<bucket>/<topic>/dt=.../hr=.../} of the embedded S3 endpoint. Keys as in
 * gun-connector's {@code StorjSinkConfig} (the connector's classes live only on Connect's plugin path, so they are
 * named here as text).
 */
public final class StorjArchive {

    public static final String CONNECTOR_NAME = "gunstream-storj-archive";
    public static final List<String> TOPICS = List.of("gun.entropy", "gun.logs");
    /**
     * Records per Kafka partition per object. Small for a local stack, so a user sees objects after a modest burst;
     * production sizes objects for Storj (tens of MiB, see gun-connector's README).
     */
    public static final int FLUSH_SIZE = 1000;
    /**
     * Wall-clock rotation, so a quiet local topic still reaches the bucket within a minute. Not reproducible after a
     * crash (records may land in two objects), acceptable for the local stack; production leaves it off.
     */
    public static final long ROTATE_SCHEDULE_MS = 60_000;
    /** Record-time span of one object (deterministic rotation). */
    public static final long ROTATE_INTERVAL_MS = 3_600_000;

    private StorjArchive() {
    }

    /** The connector config for the given registry and S3 endpoint. */
    public static Map<String, String> config(final URI registry, final URI s3, final String bucket, final String region,
                                             final String accessKey, final String secretKey) {
        final Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.gunstream.connect.storj.StorjSinkConnector");
        config.put("topics", String.join(",", TOPICS));
        config.put("tasks.max", "1");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("schema.registry.url", registry.toString());
        config.put("s3.endpoint", s3.toString());
        config.put("s3.region", region);
        config.put("s3.bucket", bucket);
        config.put("s3.path.style", "true");
        config.put("s3.access.key", accessKey);
        config.put("s3.secret.key", secretKey);
        config.put("partitioner", "time");
        config.put("flush.size", Integer.toString(FLUSH_SIZE));
        config.put("rotate.interval.ms", Long.toString(ROTATE_INTERVAL_MS));
        config.put("rotate.schedule.interval.ms", Long.toString(ROTATE_SCHEDULE_MS));
        return config;
    }
}
