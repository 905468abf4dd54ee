package io.gunstream.stack.registry;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link EmbeddedSchemaRegistry}. Names follow Confluent's registry where it has one, so an operator
 * recognises them; {@code bootstrap.servers} names any Kafka cluster (the registry only uses kafka-clients).
 */
public final class SchemaRegistryConfig extends AbstractConfig {

    public static final String LISTENERS_CONFIG = "listeners";
    private static final String LISTENERS_DOC = "The HTTP listener, as http://HOST:PORT. Port 0 picks a free port.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka cluster that stores the schemas, host:port[,host:port...].";

    public static final String TOPIC_CONFIG = "kafkastore.topic";
    private static final String TOPIC_DOC = "Compacted topic holding every schema version and config change "
            + "(created with one partition if missing; same record format as Confluent's _schemas).";

    public static final String TOPIC_REPLICATION_FACTOR_CONFIG = "kafkastore.topic.replication.factor";
    private static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor when the topic is created; "
            + "lowered to the number of live brokers when the cluster is smaller.";

    public static final String COMPATIBILITY_LEVEL_CONFIG = "schema.compatibility.level";
    private static final String COMPATIBILITY_LEVEL_DOC = "Global compatibility level until one is PUT to /config.";

    public static final String INIT_TIMEOUT_MS_CONFIG = "kafkastore.init.timeout.ms";
    private static final String INIT_TIMEOUT_MS_DOC = "How long start-up may take to reach Kafka, create the topic "
            + "and read it to the end before failing.";

    public static final String TIMEOUT_MS_CONFIG = "kafkastore.timeout.ms";
    private static final String TIMEOUT_MS_DOC = "How long a write waits for Kafka's ack (acks=all) and for the "
            + "registry to read it back before the request fails with error 50002.";

    /** Settings with this prefix go, without it, to the Kafka clients (e.g. kafkastore.client.security.protocol). */
    public static final String CLIENT_PREFIX = "kafkastore.client.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(LISTENERS_CONFIG, Type.STRING, "http://127.0.0.1:0", SchemaRegistryConfig::validateListener,
                    Importance.HIGH, LISTENERS_DOC)
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(TOPIC_CONFIG, Type.STRING, "_schemas", new ConfigDef.NonEmptyString(), Importance.MEDIUM, TOPIC_DOC)
            .define(TOPIC_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) 3, ConfigDef.Range.between(1, Short.MAX_VALUE),
                    Importance.MEDIUM, TOPIC_REPLICATION_FACTOR_DOC)
            .define(COMPATIBILITY_LEVEL_CONFIG, Type.STRING, CompatibilityLevel.BACKWARD.name(),
                    ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(CompatibilityLevel.values())
                            .map(Enum::name).toArray(String[]::new)),
                    Importance.MEDIUM, COMPATIBILITY_LEVEL_DOC)
            .define(INIT_TIMEOUT_MS_CONFIG, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1), Importance.LOW, INIT_TIMEOUT_MS_DOC)
            .define(TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW, TIMEOUT_MS_DOC);

    public SchemaRegistryConfig(final Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    URI listener() {
        return URI.create(getString(LISTENERS_CONFIG));
    }

    CompatibilityLevel defaultCompatibilityLevel() {
        return CompatibilityLevel.parse(getString(COMPATIBILITY_LEVEL_CONFIG));
    }

    Map<String, Object> clientOverrides() {
        return originalsWithPrefix(CLIENT_PREFIX);
    }

    private static void validateListener(final String name, final Object value) {
        final String text = (String) value;
        try {
            final URI uri = URI.create(text);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0 || uri.getPort() > 65_535
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath()))) {
                throw new ConfigException(name, value, "expected http://HOST:PORT (one listener, port 0 = free port)");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a URI: " + e.getMessage());
        }
    }

    /** Prints the settings table for the README. */
    public static void main(final String[] args) {
        System.out.println(CONFIG.toRst());
    }
}
