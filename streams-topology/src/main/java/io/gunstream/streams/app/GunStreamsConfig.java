package io.gunstream.streams.app;

import io.gunstream.streams.query.QueryConfig;

import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.reject.RejectingDeserializationHandler;
import io.gunstream.streams.split.SoulClassifier;
import io.gunstream.streams.split.SoulPattern;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the gunstream streams application, declared once in {@link #CONFIG}. Kafka Streams and client
 * settings that gunstream does not declare pass through with a {@code streams.} prefix (Streams only) or a
 * {@code kafka.} prefix (Streams and the topic-creating admin client); the prefix is stripped.
 */
public final class GunStreamsConfig extends AbstractConfig {

    /** Passed to Kafka Streams with the prefix stripped, e.g. {@code streams.commit.interval.ms}. */
    public static final String STREAMS_PREFIX = "streams.";
    /** Passed to Kafka Streams and the admin client with the prefix stripped, e.g. {@code kafka.security.protocol}. */
    public static final String KAFKA_PREFIX = "kafka.";

    private static final String GROUP_KAFKA = "Kafka";
    private static final String GROUP_TOPICS = "Topics";
    private static final String GROUP_MERGE = "Merge";
    private static final String GROUP_ENTROPY = "Entropy";

    public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: instances with the same id share the work"
            + " (consumer group, state-store changelogs and internal topics are named after it).";
    public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to, host:port[,host:port].";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG;
    private static final String SCHEMA_REGISTRY_URL_DOC = "Base URL(s) of the Confluent-API schema registry the Avro"
            + " serdes use. Other serde settings (schema.registry.*, auto.register.schemas...) are passed to the serdes as given.";
    public static final String STATE_DIR_CONFIG = StreamsConfig.STATE_DIR_CONFIG;
    private static final String STATE_DIR_DOC = "Directory of the persistent state stores (RocksDB). Keep it across restarts"
            + " so a restart does not replay the changelogs.";
    public static final String NUM_STANDBY_REPLICAS_CONFIG = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG;
    private static final String NUM_STANDBY_REPLICAS_DOC = "Warm copies of each state store on other instances, so a failed"
            + " instance's souls are served again quickly. With a single instance there is nowhere to put them (harmless).";

    public static final String TOPIC_DELTAS_CONFIG = "topic.deltas";
    public static final String TOPIC_CHANGES_CONFIG = "topic.changes";
    public static final String TOPIC_NODES_CONFIG = "topic.nodes";
    public static final String TOPIC_ENTROPY_CONFIG = "topic.entropy";
    public static final String TOPIC_LOGS_CONFIG = "topic.logs";
    public static final String TOPIC_REJECTS_CONFIG = "topic.rejects";
    public static final String TOPIC_ENTROPY_STATS_CONFIG = "topic.entropy.stats.1m";
    public static final String TOPICS_CREATE_CONFIG = "topics.create";
    private static final String TOPICS_CREATE_DOC = "Create the topics above when missing at start-up, with design.md's cleanup"
            + " policies (gun.nodes compacted, the others delete). Existing topics are left as they are.";
    public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
    private static final String TOPICS_PARTITIONS_DOC = "Partitions of topics created at start-up. All topics keyed by soul"
            + " should have the same count; it bounds the number of useful instances.";
    public static final String TOPICS_REPLICATION_FACTOR_CONFIG = "topics.replication.factor";
    private static final String TOPICS_REPLICATION_FACTOR_DOC = "Replication factor of topics created at start-up; -1 uses"
            + " the broker's default.replication.factor.";

    public static final String SOUL_RULES_CONFIG = "soul.rules";
    private static final String SOUL_RULES_DOC = "Soul classification, 'pattern -> realtime|entropy|log' separated by commas,"
            + " first match wins; '*' is one path segment, '**' any number. Unmatched souls are realtime.";
    public static final String HAM_DRIFT_MS_CONFIG = "ham.drift.ms";
    private static final String HAM_DRIFT_MS_DOC = "Added to the wall clock to give HAM's machine state (gun.js State.drift)."
            + " States ahead of the machine state are deferred.";
    public static final String DEFER_PUNCTUATE_INTERVAL_MS_CONFIG = "defer.punctuate.interval.ms";
    private static final String DEFER_PUNCTUATE_INTERVAL_MS_DOC = "How often (wall clock) deferred future-state fields are"
            + " checked and applied once the machine state reaches them. Due fields of a soul are also applied before"
            + " the next delta of any soul in the same task is merged.";
    public static final String NODES_TOMBSTONE_SOULS_CONFIG = "nodes.tombstone.souls";
    private static final String NODES_TOMBSTONE_SOULS_DOC = "Soul patterns (same syntax as soul.rules) whose node becomes a"
            + " Kafka tombstone (null value) on the nodes topic when every field is null, so the JDBC sink deletes the row."
            + " The merged node, with the states of its nulls, stays in the state store so older writes cannot resurrect it."
            + " Empty: never.";
    public static final String ENTROPY_LATEST_RETENTION_MS_CONFIG = "entropy.latest.retention.ms";
    private static final String ENTROPY_LATEST_RETENTION_MS_DOC = "Bound of the latest-sample-per-source view: sources with"
            + " no sample for this long are dropped from it (checked every minute of wall clock).";
    public static final String ENTROPY_STATS_GRACE_MS_CONFIG = "entropy.stats.grace.ms";
    private static final String ENTROPY_STATS_GRACE_MS_DOC = "How late (in event time) a sample may arrive and still count"
            + " in its 1-minute window; a window's final stats are emitted once stream time passes its end plus this grace.";

    /** The default state directory: under the system temp dir, like Kafka Streams' own default. */
    static final String DEFAULT_STATE_DIR = Path.of(System.getProperty("java.io.tmpdir"), "gunstream-streams").toString();

    /** Streams settings gunstream fixes: the merge is only correct exactly once. */
    private static final Map<String, Object> FIXED_STREAMS_SETTINGS = Map.of(
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

    public static final ConfigDef CONFIG = define(new ConfigDef());

    private static ConfigDef define(final ConfigDef def) {
        int kafka = 0;
        int topics = 0;
        int merge = 0;
        int entropy = 0;
        def.define(APPLICATION_ID_CONFIG, Type.STRING, "gunstream-streams", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        APPLICATION_ID_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.MEDIUM, "Application id")
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                        Importance.HIGH, BOOTSTRAP_SERVERS_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.LONG, "Bootstrap servers")
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                        Importance.HIGH, SCHEMA_REGISTRY_URL_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.LONG, "Schema registry")
                .define(STATE_DIR_CONFIG, Type.STRING, DEFAULT_STATE_DIR, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        STATE_DIR_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.LONG, "State directory")
                .define(NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 1, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        NUM_STANDBY_REPLICAS_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Standby replicas");
        topics = defineTopic(def, TOPIC_DELTAS_CONFIG, GunTopics.DELTAS, "Input: every Gun write (GunDelta, key soul).", ++topics);
        topics = defineTopic(def, TOPIC_CHANGES_CONFIG, GunTopics.CHANGES, "Output: only the fields that won HAM (GunDelta, key soul).", topics + 1);
        topics = defineTopic(def, TOPIC_NODES_CONFIG, GunTopics.NODES, "Output: the latest full merged node of each changed soul at each commit, or tombstones (GunNode, key soul, compacted).", topics + 1);
        topics = defineTopic(def, TOPIC_ENTROPY_CONFIG, GunTopics.ENTROPY, "Output: entropy samples (EntropySample, key source); read back for the latest view and the stats.", topics + 1);
        topics = defineTopic(def, TOPIC_LOGS_CONFIG, GunTopics.LOGS, "Output: log lines (LogEntry, key source).", topics + 1);
        topics = defineTopic(def, TOPIC_REJECTS_CONFIG, GunTopics.REJECTS, "Output: refused input with a reason (Reject, key soul or null).", topics + 1);
        topics = defineTopic(def, TOPIC_ENTROPY_STATS_CONFIG, GunTopics.ENTROPY_STATS_1M, "Output: per source and minute stats of numeric entropy values (EntropyStats, key source).", topics + 1);
        def.define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, true, Importance.LOW, TOPICS_CREATE_DOC, GROUP_TOPICS, ++topics,
                        ConfigDef.Width.SHORT, "Create topics")
                .define(TOPICS_PARTITIONS_CONFIG, Type.INT, 6, ConfigDef.Range.atLeast(1), Importance.LOW,
                        TOPICS_PARTITIONS_DOC, GROUP_TOPICS, ++topics, ConfigDef.Width.SHORT, "Partitions")
                .define(TOPICS_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) -1, new ReplicationFactorValidator(), Importance.LOW,
                        TOPICS_REPLICATION_FACTOR_DOC, GROUP_TOPICS, ++topics, ConfigDef.Width.SHORT, "Replication factor")
                .define(SOUL_RULES_CONFIG, Type.STRING, SoulClassifier.DEFAULT_RULES, new SoulRulesValidator(), Importance.HIGH,
                        SOUL_RULES_DOC, GROUP_MERGE, ++merge, ConfigDef.Width.LONG, "Soul rules")
                .define(HAM_DRIFT_MS_CONFIG, Type.DOUBLE, 0.0, Importance.LOW, HAM_DRIFT_MS_DOC, GROUP_MERGE, ++merge,
                        ConfigDef.Width.SHORT, "HAM drift")
                .define(DEFER_PUNCTUATE_INTERVAL_MS_CONFIG, Type.LONG, 1_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        DEFER_PUNCTUATE_INTERVAL_MS_DOC, GROUP_MERGE, ++merge, ConfigDef.Width.SHORT, "Defer check interval")
                .define(NODES_TOMBSTONE_SOULS_CONFIG, Type.LIST, List.of(), new SoulPatternsValidator(), Importance.MEDIUM,
                        NODES_TOMBSTONE_SOULS_DOC, GROUP_MERGE, ++merge, ConfigDef.Width.LONG, "Tombstone souls")
                .define(ENTROPY_LATEST_RETENTION_MS_CONFIG, Type.LONG, 86_400_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        ENTROPY_LATEST_RETENTION_MS_DOC, GROUP_ENTROPY, ++entropy, ConfigDef.Width.SHORT, "Latest view retention")
                .define(ENTROPY_STATS_GRACE_MS_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        ENTROPY_STATS_GRACE_MS_DOC, GROUP_ENTROPY, ++entropy, ConfigDef.Width.SHORT, "Stats grace");
        // ---- interactive queries -------------------------------------------------------------------------------
        // One ConfigDef for the whole app: the query API's settings (query.port, advertised host → application.server)
        // are declared once in QueryConfig and composed here.
        return QueryConfig.define(def);
    }

    private static int defineTopic(final ConfigDef def, final String name, final String defaultTopic, final String doc,
                                   final int order) {
        def.define(name, Type.STRING, defaultTopic, new ConfigDef.NonEmptyString(), Importance.MEDIUM, doc, GROUP_TOPICS,
                order, ConfigDef.Width.MEDIUM, name);
        return order;
    }

    public GunStreamsConfig(final Map<?, ?> originals) {
        super(CONFIG, originals, false);
        final Object guarantee = originals.get(STREAMS_PREFIX + StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            throw new ConfigException(STREAMS_PREFIX + StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee,
                    "gunstream's merge runs only exactly_once_v2 (a replayed delta would emit a change twice); remove the setting");
        }
    }

    public String topic(final String topicConfig) {
        return getString(topicConfig);
    }

    public SoulClassifier classifier() {
        return SoulClassifier.parse(getString(SOUL_RULES_CONFIG));
    }

    public List<SoulPattern> tombstoneSouls() {
        return getList(NODES_TOMBSTONE_SOULS_CONFIG).stream().map(SoulPattern::parse).toList();
    }

    /** The settings the Avro serdes and the deserialization handler are configured with: everything given. */
    public Map<String, Object> serdeConfig() {
        final Map<String, Object> serde = new HashMap<>(originals());
        serde.put(SCHEMA_REGISTRY_URL_CONFIG, String.join(",", getList(SCHEMA_REGISTRY_URL_CONFIG)));
        return serde;
    }

    /**
     * Properties for {@code KafkaStreams}: the declared Kafka settings, pass-through settings with prefixes stripped,
     * gunstream's own keys (so Streams-instantiated plug-ins like the deserialization handler can read them), and
     * exactly-once fixed.
     */
    public Properties streamsProperties() {
        final Properties props = new Properties();
        props.putAll(serdeConfig());
        props.put(APPLICATION_ID_CONFIG, getString(APPLICATION_ID_CONFIG));
        props.put(BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG)));
        props.put(STATE_DIR_CONFIG, getString(STATE_DIR_CONFIG));
        props.put(NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS_CONFIG));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingDeserializationHandler.class.getName());
        props.putAll(originalsWithPrefix(KAFKA_PREFIX));
        props.putAll(originalsWithPrefix(STREAMS_PREFIX));
        props.putAll(FIXED_STREAMS_SETTINGS);
        return props;
    }

    /** Settings for the admin client that creates topics: bootstrap servers plus {@code kafka.*} pass-through. */
    public Map<String, Object> adminConfig() {
        final Map<String, Object> admin = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX));
        admin.put(BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG)));
        return admin;
    }

    /** The settings as a Markdown table generated from {@link #CONFIG}, in declaration order (the README embeds it). */
    public static String markdownTable() {
        final StringBuilder out = new StringBuilder("| key | type | default | valid values | importance | description |\n")
                .append("|---|---|---|---|---|---|\n");
        for (final ConfigDef.ConfigKey key : CONFIG.configKeys().values()) {
            final String defaultValue = !key.hasDefault() ? "(required)"
                    : key.defaultValue == null ? "null"
                    : key.name.equals(STATE_DIR_CONFIG) ? "${java.io.tmpdir}/gunstream-streams"
                    : key.defaultValue instanceof List<?> list ? (list.isEmpty() ? "\"\"" : String.join(",", list.stream().map(String::valueOf).toList()))
                    : String.valueOf(key.defaultValue);
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | `").append(defaultValue.replace("|", "\\|")).append("` | ")
                    .append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ").append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        out.append("| `streams.*` | | | | | Any Kafka Streams or client setting, prefix stripped (e.g. `streams.commit.interval.ms`)."
                        + " `processing.guarantee` is fixed to `exactly_once_v2`. |\n")
                .append("| `kafka.*` | | | | | Client settings for Streams and the admin client, prefix stripped (e.g. `kafka.security.protocol`). |\n");
        return out.toString();
    }

    /** Prints the settings table: Markdown by default, {@code rst} for Kafka's enriched reStructuredText. */
    public static void main(final String[] args) {
        System.out.print(args.length > 0 && "rst".equals(args[0]) ? CONFIG.toEnrichedRst() : markdownTable());
    }

    private static final class SoulRulesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            try {
                SoulClassifier.parse((String) value);
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "pattern -> realtime|entropy|log, ...";
        }
    }

    private static final class SoulPatternsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            try {
                ((List<?>) value).forEach(p -> SoulPattern.parse(String.valueOf(p)));
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "soul patterns";
        }
    }

    private static final class ReplicationFactorValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            final short factor = (Short) value;
            if (factor != -1 && factor < 1) {
                throw new ConfigException(name, value, "use -1 (broker default) or at least 1");
            }
        }

        @Override
        public String toString() {
            return "-1 or [1,...]";
        }
    }
}
