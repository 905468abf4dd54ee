package io.gunstream.connect.storj;

import io.gunstream.connect.config.WireEnum;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the Storj (S3-compatible) sink. {@link #CONFIG_DEF} is the single declaration: the connector validates
 * with it, the task parses with it and the README table is generated from it.
 */
public final class StorjSinkConfig extends AbstractConfig {

    /** S3's smallest part size (all parts but the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** Storj's segment size: parts of this size map one to one onto Storj segments. */
    public static final int STORJ_SEGMENT_SIZE = 64 * 1024 * 1024;

    private static final String CONNECTION_GROUP = "S3 connection";
    private static final String LAYOUT_GROUP = "Object layout";
    private static final String ROTATION_GROUP = "Rotation";
    private static final String RECORDS_GROUP = "Records";
    private static final String REGISTRY_GROUP = "Schema registry";

    public static final String ENDPOINT_CONFIG = "s3.endpoint";
    private static final String ENDPOINT_DOC = "URL of the S3-compatible endpoint, e.g. https://gateway.storjshare.io "
            + "(Storj's hosted gateway) or http://127.0.0.1:9000 (the embedded stack).";
    public static final String REGION_CONFIG = "s3.region";
    private static final String REGION_DOC = "Region used to sign requests; Storj's gateway accepts any (us-east-1 is usual).";
    public static final String BUCKET_CONFIG = "s3.bucket";
    private static final String BUCKET_DOC = "Bucket the objects are written to; it must exist.";
    public static final String PATH_STYLE_CONFIG = "s3.path.style";
    private static final String PATH_STYLE_DOC = "Path-style addressing (endpoint/bucket/key) instead of virtual-hosted "
            + "(bucket.endpoint/key). Storj's gateway and most self-hosted S3 servers want path style.";
    public static final String ACCESS_KEY_CONFIG = "s3.access.key";
    private static final String ACCESS_KEY_DOC = "S3 access key id (for Storj: from an S3 credential of an access grant).";
    public static final String SECRET_KEY_CONFIG = "s3.secret.key";
    private static final String SECRET_KEY_DOC = "S3 secret access key.";
    public static final String PART_SIZE_CONFIG = "s3.part.size";
    private static final String PART_SIZE_DOC = "Objects larger than this are uploaded with multipart upload in parts of "
            + "this size. The default is Storj's 64 MiB segment size; at least 5 MiB (S3's minimum part size).";
    public static final String RETRY_BACKOFF_MS_CONFIG = "s3.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Backoff before the first retry of a failed upload; doubled on each "
            + "further retry, capped at 60 s. Connect redelivers the records meanwhile (RetriableException).";
    public static final String MAX_RETRIES_CONFIG = "s3.max.retries";
    private static final String MAX_RETRIES_DOC = "Consecutive failed upload attempts after which the task fails, naming "
            + "the endpoint, bucket and key.";

    public static final String PREFIX_CONFIG = "prefix";
    private static final String PREFIX_DOC = "Key prefix; objects are <prefix>/<topic>/<partition path>/"
            + "<topic>+<kafka partition>+<start offset>.avro. Empty: keys start with the topic.";
    public static final String PARTITIONER_CONFIG = "partitioner";
    private static final String PARTITIONER_DOC = "Partition path below the topic: time = dt=YYYY-MM-DD/hr=HH from the record "
            + "timestamp (UTC); field = <field>=<value> from partitioner.field; soul-prefix = soul_prefix=<first "
            + "partitioner.soul.segments segments of the key, URL-encoded>.";
    public static final String PARTITION_FIELD_CONFIG = "partitioner.field";
    private static final String PARTITION_FIELD_DOC = "Top-level field of the record value for partitioner=field (e.g. "
            + "source or level); null values go to <field>=null.";
    public static final String SOUL_SEGMENTS_CONFIG = "partitioner.soul.segments";
    private static final String SOUL_SEGMENTS_DOC = "Number of '/'-separated soul segments for partitioner=soul-prefix.";

    public static final String FLUSH_SIZE_CONFIG = "flush.size";
    private static final String FLUSH_SIZE_DOC = "Records per Kafka partition after which the open objects are written.";
    public static final String FLUSH_SIZE_BYTES_CONFIG = "flush.size.bytes";
    private static final String FLUSH_SIZE_BYTES_DOC = "Avro bytes per Kafka partition after which the open objects are "
            + "written. Open objects are buffered in memory, so this bounds the memory per assigned partition.";
    public static final String ROTATE_INTERVAL_MS_CONFIG = "rotate.interval.ms";
    private static final String ROTATE_INTERVAL_MS_DOC = "Record-time span of the open objects: a record whose timestamp "
            + "is this far past the first buffered one writes them first. Deterministic (exactly-once). -1 disables.";
    public static final String ROTATE_SCHEDULE_INTERVAL_MS_CONFIG = "rotate.schedule.interval.ms";
    private static final String ROTATE_SCHEDULE_INTERVAL_MS_DOC = "Wall-clock age after which open objects are written "
            + "even if no record arrives, so a quiet topic still reaches the bucket. Wall-clock rotation is not "
            + "reproducible: a crash between upload and offset commit can then leave records in two objects. -1 disables.";

    public static final String NULL_VALUES_CONFIG = "behavior.on.null.values";
    private static final String NULL_VALUES_DOC = "Tombstones: ignore skips them; fail treats them as bad records "
            + "(errant-record reporter / DLQ when errors.tolerance=all, else the task fails).";

    /** Serde settings the sink passes to its deserializer (the serializer-only ones make no sense here). */
    private static final Set<String> REGISTRY_KEYS = Set.of(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            GunAvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, GunAvroSerdeConfig.CACHE_CAPACITY_CONFIG,
            GunAvroSerdeConfig.CONNECT_TIMEOUT_MS_CONFIG, GunAvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG);

    public static final ConfigDef CONFIG_DEF = configDef();

    private final PartitionerType partitioner;
    private final NullValueBehavior nullValues;

    public StorjSinkConfig(final Map<String, ?> props) {
        super(CONFIG_DEF, props);
        this.partitioner = WireEnum.parse(PartitionerType.class, PARTITIONER_CONFIG, getString(PARTITIONER_CONFIG));
        this.nullValues = WireEnum.parse(NullValueBehavior.class, NULL_VALUES_CONFIG, getString(NULL_VALUES_CONFIG));
        if (partitioner == PartitionerType.FIELD && getString(PARTITION_FIELD_CONFIG).isBlank()) {
            throw new ConfigException(PARTITION_FIELD_CONFIG, "", "partitioner=field needs the field to partition by");
        }
        if (getList(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG).isEmpty()) {
            throw new ConfigException(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "",
                    "the sink decodes Confluent-framed Avro values and needs the registry that holds their schemas");
        }
    }

    private static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(ENDPOINT_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, named(StorjSinkConfig::validateUrl, "http(s) URL"),
                        Importance.HIGH, ENDPOINT_DOC, CONNECTION_GROUP, ++order, Width.LONG, "Endpoint")
                .define(REGION_CONFIG, Type.STRING, "us-east-1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        REGION_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Region")
                .define(BUCKET_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, BUCKET_DOC, CONNECTION_GROUP, ++order, Width.MEDIUM, "Bucket")
                .define(PATH_STYLE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, PATH_STYLE_DOC, CONNECTION_GROUP,
                        ++order, Width.SHORT, "Path-style addressing")
                .define(ACCESS_KEY_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, ACCESS_KEY_DOC,
                        CONNECTION_GROUP, ++order, Width.MEDIUM, "Access key")
                .define(SECRET_KEY_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, SECRET_KEY_DOC,
                        CONNECTION_GROUP, ++order, Width.MEDIUM, "Secret key")
                .define(PART_SIZE_CONFIG, Type.INT, STORJ_SEGMENT_SIZE, Range.atLeast(MIN_PART_SIZE), Importance.MEDIUM,
                        PART_SIZE_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Part size")
                .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                        RETRY_BACKOFF_MS_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Retry backoff (ms)")
                .define(MAX_RETRIES_CONFIG, Type.INT, 10, Range.atLeast(0), Importance.LOW, MAX_RETRIES_DOC,
                        CONNECTION_GROUP, ++order, Width.SHORT, "Max retries");
        order = 0;
        def.define(PREFIX_CONFIG, Type.STRING, "", named(StorjSinkConfig::validatePrefix, "no leading or trailing '/'"), Importance.MEDIUM, PREFIX_DOC,
                        LAYOUT_GROUP, ++order, Width.MEDIUM, "Key prefix")
                .define(PARTITIONER_CONFIG, Type.STRING, PartitionerType.TIME.wireValue(),
                        ValidString.in(WireEnum.wireValues(PartitionerType.class)), Importance.MEDIUM, PARTITIONER_DOC,
                        LAYOUT_GROUP, ++order, Width.SHORT, "Partitioner")
                .define(PARTITION_FIELD_CONFIG, Type.STRING, "", Importance.LOW, PARTITION_FIELD_DOC, LAYOUT_GROUP,
                        ++order, Width.SHORT, "Partition field")
                .define(SOUL_SEGMENTS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW, SOUL_SEGMENTS_DOC,
                        LAYOUT_GROUP, ++order, Width.SHORT, "Soul segments");
        order = 0;
        def.define(FLUSH_SIZE_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.HIGH, FLUSH_SIZE_DOC,
                        ROTATION_GROUP, ++order, Width.SHORT, "Flush size (records)")
                .define(FLUSH_SIZE_BYTES_CONFIG, Type.LONG, 256L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
                        FLUSH_SIZE_BYTES_DOC, ROTATION_GROUP, ++order, Width.SHORT, "Flush size (bytes)")
                .define(ROTATE_INTERVAL_MS_CONFIG, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM,
                        ROTATE_INTERVAL_MS_DOC, ROTATION_GROUP, ++order, Width.SHORT, "Rotate interval (record time)")
                .define(ROTATE_SCHEDULE_INTERVAL_MS_CONFIG, Type.LONG, -1L, Range.atLeast(-1), Importance.LOW,
                        ROTATE_SCHEDULE_INTERVAL_MS_DOC, ROTATION_GROUP, ++order, Width.SHORT,
                        "Rotate interval (wall clock)");
        def.define(NULL_VALUES_CONFIG, Type.STRING, NullValueBehavior.IGNORE.wireValue(),
                ValidString.in(WireEnum.wireValues(NullValueBehavior.class)), Importance.LOW, NULL_VALUES_DOC,
                RECORDS_GROUP, 1, Width.SHORT, "Tombstones");
        order = 0;
        for (ConfigDef.ConfigKey key : GunAvroSerdeConfig.CONFIG.configKeys().values()) {
            if (REGISTRY_KEYS.contains(key.name)) {
                def.define(key.name, key.type, key.defaultValue, key.validator, key.importance, key.documentation,
                        REGISTRY_GROUP, ++order, Width.LONG, key.name);
            }
        }
        return def;
    }

    /** A validator whose description shows in the generated docs (a bare method reference prints as a lambda). */
    private static ConfigDef.Validator named(final ConfigDef.Validator check, final String description) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(final String name, final Object value) {
                check.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    private static void validateUrl(final String name, final Object value) {
        final String text = value == null ? "" : value.toString().trim();
        try {
            final URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new ConfigException(name, value, "must be an http(s) URL such as https://gateway.storjshare.io");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a URL: " + e.getMessage());
        }
    }

    private static void validatePrefix(final String name, final Object value) {
        final String text = value == null ? "" : value.toString();
        if (text.startsWith("/") || text.endsWith("/")) {
            throw new ConfigException(name, value, "must not start or end with '/' (the sink adds the separators)");
        }
    }

    public URI endpoint() {
        return URI.create(getString(ENDPOINT_CONFIG).trim());
    }

    public String bucket() {
        return getString(BUCKET_CONFIG);
    }

    public PartitionerType partitioner() {
        return partitioner;
    }

    public NullValueBehavior nullValues() {
        return nullValues;
    }

    /** The settings of the registry client, in {@link GunAvroSerdeConfig} keys. */
    public Map<String, Object> registrySettings() {
        final Map<String, Object> settings = new HashMap<>();
        for (String key : REGISTRY_KEYS) {
            settings.put(key, get(key));
        }
        return settings;
    }

    public RotationPolicy rotationPolicy() {
        return new RotationPolicy(getInt(FLUSH_SIZE_CONFIG), getLong(FLUSH_SIZE_BYTES_CONFIG),
                getLong(ROTATE_INTERVAL_MS_CONFIG), getLong(ROTATE_SCHEDULE_INTERVAL_MS_CONFIG));
    }

    /** Prints the settings table for the README. */
    public static void main(final String[] args) {
        System.out.println(CONFIG_DEF.toEnrichedRst());
    }
}
