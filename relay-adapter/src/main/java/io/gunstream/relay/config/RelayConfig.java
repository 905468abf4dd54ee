package io.gunstream.relay.config;

import io.gunstream.core.wire.WireLimits;
import io.gunstream.schemas.topic.GunTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

/**
 * Settings of a gunstream relay, each declared once here. The README settings table is generated from
 * {@link #CONFIG} ({@link #markdownTable()}); client settings for Kafka pass through with the prefixes
 * {@value #PRODUCER_PREFIX} and {@value #CONSUMER_PREFIX}.
 */
public final class RelayConfig extends AbstractConfig {

    public static final String PRODUCER_PREFIX = "producer.";
    public static final String CONSUMER_PREFIX = "consumer.";

    private static final String GROUP_SERVER = "Server";
    private static final String GROUP_KAFKA = "Kafka";
    private static final String GROUP_LIMITS = "Limits";
    private static final String GROUP_PEERS = "Peers and queries";

    public static final String HOST_CONFIG = "relay.host";
    private static final String HOST_DOC = "Interface the relay listens on; 0.0.0.0 for all (as the node gun.js relay does).";
    public static final String PORT_CONFIG = "relay.port";
    private static final String PORT_DOC = "TCP port of the WebSocket endpoint, /health and /gun.js; 0 picks a free port.";
    public static final String PATH_CONFIG = "relay.path";
    private static final String PATH_DOC = "Path of the Gun WebSocket endpoint; gun.js clients use http://HOST:PORT/gun as peer.";
    public static final String RELAY_ID_CONFIG = "relay.id";
    private static final String RELAY_ID_DOC = "Id written into every delta's origin (relay_id) so changes are not echoed to their writer;"
            + " empty generates one at start (relay-<random>). Give each relay of a deployment its own id.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers (host:port, comma-separated).";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC = "Base URL(s) of the Confluent-API schema registry for the Avro values.";
    public static final String TOPIC_DELTAS_CONFIG = "topic.deltas";
    private static final String TOPIC_DELTAS_DOC = "Topic every accepted put goes to, one GunDelta per node, key = soul.";
    public static final String TOPIC_CHANGES_CONFIG = "topic.changes";
    private static final String TOPIC_CHANGES_DOC = "Topic of merged changes (the streams app's output) fanned out to subscribers.";
    public static final String TOPIC_NODES_CONFIG = "topic.nodes";
    private static final String TOPIC_NODES_DOC = "Compacted topic of full merged nodes, read at start to warm the cache.";
    public static final String TOPIC_REJECTS_CONFIG = "topic.rejects";
    private static final String TOPIC_REJECTS_DOC = "Topic where refused input is recorded as a Reject.";
    public static final String TOPICS_CREATE_CONFIG = "topics.create";
    private static final String TOPICS_CREATE_DOC = "Create the four topics at start when they are missing (cleanup and retention from GunTopics)."
            + " Turn off where topics are managed elsewhere.";
    public static final String TOPICS_PARTITIONS_CONFIG = "topics.partitions";
    private static final String TOPICS_PARTITIONS_DOC = "Partitions of topics the relay creates.";
    public static final String TOPICS_REPLICATION_CONFIG = "topics.replication.factor";
    private static final String TOPICS_REPLICATION_DOC = "Replication factor of topics the relay creates; -1 uses the broker's default.";
    public static final String ACK_TIMEOUT_MS_CONFIG = "ack.timeout.ms";
    private static final String ACK_TIMEOUT_MS_DOC = "How long a put waits for Kafka to acknowledge all its nodes (acks=all) before the client gets"
            + " err instead of ok. Also bounds the producer's delivery timeout.";
    public static final String PUT_THREADS_CONFIG = "put.threads";
    private static final String PUT_THREADS_DOC = "Threads that hand puts to the Kafka producer, off the WebSocket threads (a send"
            + " may block while the broker is unreachable). Puts of one connection always use the same thread, in order.";
    public static final String PUT_QUEUE_MAX_CONFIG = "put.queue.max";
    private static final String PUT_QUEUE_MAX_DOC = "Puts waiting for a producer thread at most (over all put.threads); a put"
            + " beyond it gets err at once (back-pressure) instead of being queued.";
    public static final String CACHE_WARMUP_CONFIG = "cache.warmup";
    private static final String CACHE_WARMUP_DOC = "Read the compacted nodes topic at start so gets are answered from memory; when false, gets for"
            + " souls not seen since start go to the query API.";

    public static final String LIMIT_FRAME_BYTES_CONFIG = "limit.frame.bytes";
    private static final String LIMIT_FRAME_BYTES_DOC = "Largest WebSocket frame (UTF-8 bytes) the relay reads; larger ones get"
            + " {dam:'!', err:'Message too big!'}. Frames over 4x this close the connection.";
    public static final String LIMIT_NODES_PER_PUT_CONFIG = "limit.nodes.per.put";
    private static final String LIMIT_NODES_PER_PUT_DOC = "Most nodes (souls) in one put.";
    public static final String LIMIT_KEYS_PER_NODE_CONFIG = "limit.keys.per.node";
    private static final String LIMIT_KEYS_PER_NODE_DOC = "Most keys in one node of a put.";
    public static final String LIMIT_KEY_LENGTH_CONFIG = "limit.key.length";
    private static final String LIMIT_KEY_LENGTH_DOC = "Longest soul, key or message id, in characters.";
    public static final String LIMIT_VALUE_LENGTH_CONFIG = "limit.value.length";
    private static final String LIMIT_VALUE_LENGTH_DOC = "Longest string value, in characters.";
    public static final String LIMIT_MAX_CONNECTIONS_CONFIG = "limit.max.connections";
    private static final String LIMIT_MAX_CONNECTIONS_DOC = "Most open client connections; one more is closed at once (1013, try again later).";
    public static final String LIMIT_MESSAGES_PER_SECOND_CONFIG = "limit.messages.per.second";
    private static final String LIMIT_MESSAGES_PER_SECOND_DOC = "Messages per second one connection may send (token bucket, bursts up"
            + " to one second's worth); a message over it is refused with err.";
    public static final String LIMIT_ABUSE_STRIKES_CONFIG = "limit.abuse.strikes";
    private static final String LIMIT_ABUSE_STRIKES_DOC = "Refused messages (any limit or invalid input) after which a connection is closed as abusive (1008).";
    public static final String LIMIT_OUTBOX_MESSAGES_CONFIG = "limit.outbox.messages";
    private static final String LIMIT_OUTBOX_MESSAGES_DOC = "Messages queued for a client that does not read; over this the connection is closed (1008).";

    public static final String SUBSCRIPTIONS_RETAIN_MS_CONFIG = "subscriptions.retain.ms";
    private static final String SUBSCRIPTIONS_RETAIN_MS_DOC = "How long the souls a gun.js peer subscribed to are remembered after it"
            + " disconnects (by the pid of its handshake); when it reconnects they are re-subscribed, it is sent their"
            + " current state and asked for what it wrote offline. 0 disables.";
    public static final String SUBSCRIPTIONS_FILE_CONFIG = "subscriptions.file";
    private static final String SUBSCRIPTIONS_FILE_DOC = "File where remembered subscriptions are saved on stop and loaded at start,"
            + " so clients of a restarted relay keep receiving changes; empty keeps them in memory only.";
    public static final String BRIDGE_PEERS_CONFIG = "bridge.peers";
    private static final String BRIDGE_PEERS_DOC = "WebSocket URLs of gun.js relays this relay joins as a peer (bridge mode),"
            + " e.g. ws://old-hub:8765/gun: their writes go to Kafka, merged changes go back to them.";
    public static final String BRIDGE_RETRY_MS_CONFIG = "bridge.retry.ms";
    private static final String BRIDGE_RETRY_MS_DOC = "Delay before reconnecting to a bridge peer that closed or could not be reached.";
    public static final String QUERY_URL_CONFIG = "query.url";
    private static final String QUERY_URL_DOC = "Base URL of the streams query API (GET /nodes/{soul}); gets for souls the relay does not hold"
            + " are answered from it. Empty: such gets are answered 'not found'.";
    public static final String QUERY_TIMEOUT_MS_CONFIG = "query.timeout.ms";
    private static final String QUERY_TIMEOUT_MS_DOC = "Timeout of one query API call; on timeout the get is answered 'not found'.";

    public static final ConfigDef CONFIG = definition();

    public RelayConfig(final Map<?, ?> originals) {
        super(CONFIG, originals, false);
        if (!getString(PATH_CONFIG).startsWith("/")) {
            throw new ConfigException(PATH_CONFIG, getString(PATH_CONFIG), "must start with '/'");
        }
    }

    private static ConfigDef definition() {
        int server = 0;
        int kafka = 0;
        int limits = 0;
        int peers = 0;
        final WireLimits d = WireLimits.DEFAULTS;
        return new ConfigDef()
                .define(HOST_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.HIGH, HOST_DOC,
                        GROUP_SERVER, ++server, ConfigDef.Width.MEDIUM, "Host")
                .define(PORT_CONFIG, Type.INT, 8765, between(0, 65535), Importance.HIGH, PORT_DOC,
                        GROUP_SERVER, ++server, ConfigDef.Width.SHORT, "Port")
                .define(PATH_CONFIG, Type.STRING, "/gun", new ConfigDef.NonEmptyString(), Importance.LOW, PATH_DOC,
                        GROUP_SERVER, ++server, ConfigDef.Width.SHORT, "Path")
                .define(RELAY_ID_CONFIG, Type.STRING, "", Importance.MEDIUM, RELAY_ID_DOC,
                        GROUP_SERVER, ++server, ConfigDef.Width.MEDIUM, "Relay id")
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                        Importance.HIGH, BOOTSTRAP_SERVERS_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.LONG, "Kafka brokers")
                .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, SCHEMA_REGISTRY_URL_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.LONG, "Schema registry")
                .define(TOPIC_DELTAS_CONFIG, Type.STRING, GunTopics.DELTAS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        TOPIC_DELTAS_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.MEDIUM, "Deltas topic")
                .define(TOPIC_CHANGES_CONFIG, Type.STRING, GunTopics.CHANGES, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        TOPIC_CHANGES_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.MEDIUM, "Changes topic")
                .define(TOPIC_NODES_CONFIG, Type.STRING, GunTopics.NODES, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        TOPIC_NODES_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.MEDIUM, "Nodes topic")
                .define(TOPIC_REJECTS_CONFIG, Type.STRING, GunTopics.REJECTS, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        TOPIC_REJECTS_DOC, GROUP_KAFKA, ++kafka, ConfigDef.Width.MEDIUM, "Rejects topic")
                .define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, true, Importance.LOW, TOPICS_CREATE_DOC,
                        GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Create topics")
                .define(TOPICS_PARTITIONS_CONFIG, Type.INT, 6, atLeast(1), Importance.LOW, TOPICS_PARTITIONS_DOC,
                        GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Partitions")
                .define(TOPICS_REPLICATION_CONFIG, Type.SHORT, (short) -1, Importance.LOW, TOPICS_REPLICATION_DOC,
                        GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Replication factor")
                .define(ACK_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, between(100, 3_600_000), Importance.HIGH, ACK_TIMEOUT_MS_DOC,
                        GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Ack timeout")
                .define(PUT_THREADS_CONFIG, Type.INT, 2, between(1, 64), Importance.LOW, PUT_THREADS_DOC,
                        GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Put threads")
                .define(PUT_QUEUE_MAX_CONFIG, Type.INT, 20_000, atLeast(1), Importance.LOW, PUT_QUEUE_MAX_DOC,
                        GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Put queue")
                .define(CACHE_WARMUP_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, CACHE_WARMUP_DOC,
                        GROUP_KAFKA, ++kafka, ConfigDef.Width.SHORT, "Warm cache")
                .define(LIMIT_FRAME_BYTES_CONFIG, Type.INT, 1 << 20, between(1024, d.maxFrameBytes()), Importance.MEDIUM,
                        LIMIT_FRAME_BYTES_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Frame bytes")
                .define(LIMIT_NODES_PER_PUT_CONFIG, Type.INT, 1000, between(1, d.maxNodesPerPut()), Importance.MEDIUM,
                        LIMIT_NODES_PER_PUT_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Nodes per put")
                .define(LIMIT_KEYS_PER_NODE_CONFIG, Type.INT, 10_000, between(1, d.maxKeysPerNode()), Importance.LOW,
                        LIMIT_KEYS_PER_NODE_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Keys per node")
                .define(LIMIT_KEY_LENGTH_CONFIG, Type.INT, 1024, between(16, d.maxKeyLength()), Importance.MEDIUM,
                        LIMIT_KEY_LENGTH_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Key length")
                .define(LIMIT_VALUE_LENGTH_CONFIG, Type.INT, 256 * 1024, between(16, d.maxStringValueLength()), Importance.MEDIUM,
                        LIMIT_VALUE_LENGTH_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Value length")
                .define(LIMIT_MAX_CONNECTIONS_CONFIG, Type.INT, 10_000, atLeast(1), Importance.MEDIUM,
                        LIMIT_MAX_CONNECTIONS_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Max connections")
                .define(LIMIT_MESSAGES_PER_SECOND_CONFIG, Type.INT, 2000, atLeast(1), Importance.MEDIUM,
                        LIMIT_MESSAGES_PER_SECOND_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Messages/s per connection")
                .define(LIMIT_ABUSE_STRIKES_CONFIG, Type.INT, 100, atLeast(1), Importance.LOW,
                        LIMIT_ABUSE_STRIKES_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Abuse strikes")
                .define(LIMIT_OUTBOX_MESSAGES_CONFIG, Type.INT, 100_000, atLeast(16), Importance.LOW,
                        LIMIT_OUTBOX_MESSAGES_DOC, GROUP_LIMITS, ++limits, ConfigDef.Width.SHORT, "Outbox messages")
                .define(SUBSCRIPTIONS_RETAIN_MS_CONFIG, Type.LONG, 3_600_000L, atLeast(0), Importance.LOW,
                        SUBSCRIPTIONS_RETAIN_MS_DOC, GROUP_PEERS, ++peers, ConfigDef.Width.SHORT, "Subscription memory")
                .define(SUBSCRIPTIONS_FILE_CONFIG, Type.STRING, "", Importance.LOW, SUBSCRIPTIONS_FILE_DOC,
                        GROUP_PEERS, ++peers, ConfigDef.Width.LONG, "Subscriptions file")
                .define(BRIDGE_PEERS_CONFIG, Type.LIST, List.of(), Importance.MEDIUM, BRIDGE_PEERS_DOC,
                        GROUP_PEERS, ++peers, ConfigDef.Width.LONG, "Bridge peers")
                .define(BRIDGE_RETRY_MS_CONFIG, Type.LONG, 2000L, atLeast(10), Importance.LOW, BRIDGE_RETRY_MS_DOC,
                        GROUP_PEERS, ++peers, ConfigDef.Width.SHORT, "Bridge retry")
                .define(QUERY_URL_CONFIG, Type.STRING, "", Importance.MEDIUM, QUERY_URL_DOC,
                        GROUP_PEERS, ++peers, ConfigDef.Width.LONG, "Query API")
                .define(QUERY_TIMEOUT_MS_CONFIG, Type.LONG, 5000L, atLeast(1), Importance.LOW, QUERY_TIMEOUT_MS_DOC,
                        GROUP_PEERS, ++peers, ConfigDef.Width.SHORT, "Query timeout");
    }

    public String host() {
        return getString(HOST_CONFIG);
    }

    public int port() {
        return getInt(PORT_CONFIG);
    }

    public String path() {
        return getString(PATH_CONFIG);
    }

    /** The configured relay id, or empty when one should be generated. */
    public String relayId() {
        return getString(RELAY_ID_CONFIG);
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL_CONFIG);
    }

    public String deltasTopic() {
        return getString(TOPIC_DELTAS_CONFIG);
    }

    public String changesTopic() {
        return getString(TOPIC_CHANGES_CONFIG);
    }

    public String nodesTopic() {
        return getString(TOPIC_NODES_CONFIG);
    }

    public String rejectsTopic() {
        return getString(TOPIC_REJECTS_CONFIG);
    }

    public boolean createTopics() {
        return getBoolean(TOPICS_CREATE_CONFIG);
    }

    public int topicPartitions() {
        return getInt(TOPICS_PARTITIONS_CONFIG);
    }

    public short topicReplicationFactor() {
        return getShort(TOPICS_REPLICATION_CONFIG);
    }

    public Duration ackTimeout() {
        return Duration.ofMillis(getLong(ACK_TIMEOUT_MS_CONFIG));
    }

    public int putThreads() {
        return getInt(PUT_THREADS_CONFIG);
    }

    public int putQueueMax() {
        return getInt(PUT_QUEUE_MAX_CONFIG);
    }

    public boolean cacheWarmup() {
        return getBoolean(CACHE_WARMUP_CONFIG);
    }

    /** The wire limits the codec enforces while reading frames. */
    public WireLimits wireLimits() {
        return WireLimits.DEFAULTS
                .withMaxFrameBytes(getInt(LIMIT_FRAME_BYTES_CONFIG))
                .withMaxNodesPerPut(getInt(LIMIT_NODES_PER_PUT_CONFIG))
                .withMaxKeysPerNode(getInt(LIMIT_KEYS_PER_NODE_CONFIG))
                .withMaxKeyLength(getInt(LIMIT_KEY_LENGTH_CONFIG))
                .withMaxStringValueLength(getInt(LIMIT_VALUE_LENGTH_CONFIG));
    }

    public int maxConnections() {
        return getInt(LIMIT_MAX_CONNECTIONS_CONFIG);
    }

    public int messagesPerSecond() {
        return getInt(LIMIT_MESSAGES_PER_SECOND_CONFIG);
    }

    public int abuseStrikes() {
        return getInt(LIMIT_ABUSE_STRIKES_CONFIG);
    }

    public int outboxMessages() {
        return getInt(LIMIT_OUTBOX_MESSAGES_CONFIG);
    }

    public long subscriptionsRetainMs() {
        return getLong(SUBSCRIPTIONS_RETAIN_MS_CONFIG);
    }

    /** The subscriptions file, or null when not configured. */
    public java.nio.file.Path subscriptionsFile() {
        final String f = getString(SUBSCRIPTIONS_FILE_CONFIG);
        return f.isEmpty() ? null : java.nio.file.Path.of(f);
    }

    public List<String> bridgePeers() {
        return getList(BRIDGE_PEERS_CONFIG);
    }

    public Duration bridgeRetry() {
        return Duration.ofMillis(getLong(BRIDGE_RETRY_MS_CONFIG));
    }

    public String queryUrl() {
        return getString(QUERY_URL_CONFIG);
    }

    public Duration queryTimeout() {
        return Duration.ofMillis(getLong(QUERY_TIMEOUT_MS_CONFIG));
    }

    public Map<String, Object> producerOverrides() {
        return originalsWithPrefix(PRODUCER_PREFIX);
    }

    public Map<String, Object> consumerOverrides() {
        return originalsWithPrefix(CONSUMER_PREFIX);
    }

    /** The settings table for the README, generated from {@link #CONFIG}. */
    public static String markdownTable() {
        final StringBuilder out = new StringBuilder("| key | type | default | valid values | importance | description |\n"
                + "|---|---|---|---|---|---|\n");
        for (final ConfigDef.ConfigKey key : CONFIG.configKeys().values()) {
            final String def = key.hasDefault() ? "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`" : "required";
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(def.equals("``") ? "`\"\"`" : def)
                    .append(" | ").append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ").append(key.importance.name().toLowerCase())
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /** Prints the README settings table. */
    public static void main(final String[] args) {
        System.out.print(markdownTable());
    }

    @Override
    public String toString() {
        return values().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
