package io.gunstream.connect.gun.source;

import io.gunstream.connect.gun.GunSettings;
import io.gunstream.core.graph.Souls;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import io.gunstream.schemas.topic.GunTopics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the Gun source. {@link #CONFIG_DEF} is the single declaration: the connector validates with it, the
 * task parses with it and the README table is generated from it.
 */
public final class GunSourceConfig extends AbstractConfig {

    private static final String SUBSCRIPTION_GROUP = "Subscription";

    public static final String ROOTS_CONFIG = "gun.roots";
    private static final String ROOTS_DOC = "Soul roots to subscribe to, comma-separated (e.g. devices,profiles). The "
            + "source asks each relay for every root (a gun get) and for the nodes the root links to, down to "
            + "gun.link.depth, like gun's .map(); every node received for them becomes a GunDelta.";
    public static final String LINK_DEPTH_CONFIG = "gun.link.depth";
    private static final String LINK_DEPTH_DOC = "How many link hops below a root are followed: 0 = the root node only, "
            + "1 = the root and the nodes it links to (a gun .map()), 2 = their links too, and so on.";
    public static final String TOPIC_CONFIG = "topic";
    private static final String TOPIC_DOC = "Topic the GunDelta records are written to (key = soul, value = "
            + "Confluent-framed Avro GunDelta; use value.converter=org.apache.kafka.connect.converters.ByteArrayConverter).";
    public static final String BATCH_SIZE_CONFIG = "poll.batch.size";
    private static final String BATCH_SIZE_DOC = "Most records returned by one poll; also bounds the nodes buffered "
            + "per task (10 batches) before reading from the relays pauses.";

    public static final String OFFSET_SETTLE_MS_CONFIG = "gun.offset.settle.ms";
    private static final String OFFSET_SETTLE_MS_DOC = "How late after its state a write may reach the relay and still "
            + "be emitted by a restarted task. gun delivers writes out of state order, so the source offset keeps every "
            + "field emitted within this window exactly (at most 2000 per root; beyond that the window shrinks to the "
            + "newest 2000) and treats older states as emitted. Larger values tolerate slower peers and clock skew, at the "
            + "cost of larger offsets.";

    /** Serde settings the source passes to its serializer. */
    static final Set<String> REGISTRY_KEYS = Set.of(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            GunAvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, GunAvroSerdeConfig.CACHE_CAPACITY_CONFIG,
            GunAvroSerdeConfig.CONNECT_TIMEOUT_MS_CONFIG, GunAvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG,
            GunAvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, GunAvroSerdeConfig.SUBJECT_NAME_STRATEGY_CONFIG);

    public static final ConfigDef CONFIG_DEF = configDef();

    public GunSourceConfig(final Map<String, ?> props) {
        super(CONFIG_DEF, props);
        for (String root : roots()) {
            try {
                Souls.requireValidSoul(root);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ROOTS_CONFIG, root, "not a valid soul: " + e.getMessage());
            }
        }
    }

    private static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        GunSettings.defineConnection(def);
        int order = 0;
        def.define(ROOTS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        GunSettings.named(GunSourceConfig::validateRoots, "non-empty list of souls"), Importance.HIGH,
                        ROOTS_DOC, SUBSCRIPTION_GROUP, ++order, Width.LONG, "Soul roots")
                .define(LINK_DEPTH_CONFIG, Type.INT, 1, Range.between(0, 16), Importance.MEDIUM, LINK_DEPTH_DOC,
                        SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Link depth")
                .define(TOPIC_CONFIG, Type.STRING, GunTopics.DELTAS, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        TOPIC_DOC, SUBSCRIPTION_GROUP, ++order, Width.MEDIUM, "Topic")
                .define(BATCH_SIZE_CONFIG, Type.INT, 500, Range.atLeast(1), Importance.LOW, BATCH_SIZE_DOC,
                        SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Poll batch size")
                .define(OFFSET_SETTLE_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(0), Importance.LOW,
                        OFFSET_SETTLE_MS_DOC, SUBSCRIPTION_GROUP, ++order, Width.SHORT, "Offset settle window");
        GunSettings.defineRegistry(def, REGISTRY_KEYS);
        return def;
    }

    private static void validateRoots(final String name, final Object value) {
        // null: missing, which ConfigDef reports itself
        if (value != null && (!(value instanceof List<?> list) || list.isEmpty())) {
            throw new ConfigException(name, value, "at least one soul root is required");
        }
    }

    public List<String> roots() {
        return getList(ROOTS_CONFIG).stream().map(String::trim).toList();
    }

    public int linkDepth() {
        return getInt(LINK_DEPTH_CONFIG);
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE_CONFIG);
    }

    public long offsetSettleMs() {
        return getLong(OFFSET_SETTLE_MS_CONFIG);
    }

    public Map<String, Object> registrySettings() {
        return GunSettings.registrySettings(this, REGISTRY_KEYS);
    }

    /** Prints the settings table for the README. */
    public static void main(final String[] args) {
        System.out.println(CONFIG_DEF.toEnrichedRst());
    }
}
