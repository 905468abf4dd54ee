package io.gunstream.relay.server;

import io.gunstream.core.wire.WireCodec;
import io.gunstream.relay.bridge.BridgeClient;
import io.gunstream.relay.config.RelayConfig;
import io.gunstream.relay.fanout.ChangeFanout;
import io.gunstream.relay.fanout.Subscriptions;
import io.gunstream.relay.get.GetHandler;
import io.gunstream.relay.get.NodeCache;
import io.gunstream.relay.get.QueryApiClient;
import io.gunstream.relay.limits.RelayCounters;
import io.gunstream.relay.limits.TokenBucket;
import io.gunstream.relay.put.ProduceLanes;
import io.gunstream.relay.put.PutHandler;
import io.gunstream.relay.put.RejectRecorder;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gun relay backed by Kafka: gun.js clients connect to {@code ws://host:port/gun}; puts become deltas on Kafka
 * and are acked after Kafka acked them; gets are answered from merged state; changes are pushed to subscribers.
 *
 * <p>Lifecycle: {@link #start(RelayConfig)} creates missing topics, warms the cache from the nodes topic, starts
 * following changes, opens the HTTP/WebSocket port, joins bridge peers, and logs one ready line with the URL.
 * {@link #close()} closes connections and the port, then the Kafka clients; idempotent.
 */
public final class GunRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GunRelay.class);

    /**
     * Producer settings the relay needs whatever the user sets: durability before the ack (acks=all,
     * idempotence), and a delivery timeout no longer than the ack timeout so a dead broker fails puts in time.
     */
    static Map<String, Object> producerDefaults(final RelayConfig config) {
        final Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        final long ack = config.ackTimeout().toMillis();
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(50, ack / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ack, ack / 2 + 2 + 1));
        // send() blocks while metadata is missing (broker down at start) or the buffer is full; it runs on a put lane,
        // not a socket thread, but a blocked lane delays the puts queued behind it
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(ack, 2000L));
        return p;
    }

    private final RelayConfig config;
    private final String relayId;
    private final RelayCounters counters = new RelayCounters();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<BridgeClient> bridges = new ArrayList<>();
    private Server server;
    private GunProtocol protocol;
    private NodeCache cache;
    private URI url;
    private volatile boolean closed;

    private GunRelay(final RelayConfig config) {
        this.config = config;
        this.relayId = config.relayId().isEmpty() ? "relay-" + MessageIds.unique(8) : config.relayId();
    }

    /** Starts a relay; throws if Kafka, the registry or the port cannot be used (the message says which). */
    public static GunRelay start(final RelayConfig config) {
        final GunRelay relay = new GunRelay(config);
        try {
            relay.startAll();
            return relay;
        } catch (final RuntimeException e) {
            relay.close();
            throw e;
        } catch (final Exception e) {
            relay.close();
            throw new IllegalStateException("Relay could not start on " + config.host() + ":" + config.port() + ": " + e, e);
        }
    }

    /** {@link #start(RelayConfig)} from plain settings. */
    public static GunRelay start(final Map<String, ?> settings) {
        return start(new RelayConfig(settings));
    }

    private void startAll() throws Exception {
        final Clock clock = Clock.systemUTC();
        if (config.createTopics()) {
            createTopics();
        }
        final Map<String, Object> registry = Map.of("schema.registry.url", config.schemaRegistryUrl());
        final GunAvroSerde<GunDelta> deltaSerde = GunAvroSerde.specific(GunDelta.class);
        deltaSerde.configure(registry, false);
        final GunAvroSerde<Reject> rejectSerde = GunAvroSerde.specific(Reject.class);
        rejectSerde.configure(registry, false);

        final Map<String, Object> producerConfig = new HashMap<>(config.producerOverrides());
        producerConfig.putAll(producerDefaults(config));
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, relayId + "-deltas");
        final KafkaProducer<String, GunDelta> deltas = new KafkaProducer<>(producerConfig, new StringSerializer(), deltaSerde.serializer());
        resources.add(() -> deltas.close(Duration.ofSeconds(5)));
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, relayId + "-rejects");
        final KafkaProducer<String, Reject> rejectProducer = new KafkaProducer<>(producerConfig, new StringSerializer(), rejectSerde.serializer());
        resources.add(() -> rejectProducer.close(Duration.ofSeconds(5)));

        final ProduceLanes putLanes = new ProduceLanes("gun-relay-put", config.putThreads(), config.putQueueMax());
        resources.add(putLanes);
        final ProduceLanes rejectLanes = new ProduceLanes("gun-relay-reject", 1, 10_000);
        resources.add(rejectLanes);
        final WireCodec codec = new WireCodec(config.wireLimits());
        cache = new NodeCache();
        final RejectRecorder rejects = new RejectRecorder(rejectProducer, config.rejectsTopic(), counters, clock, rejectLanes);
        final PutHandler puts = new PutHandler(deltas, config.deltasTopic(), rejects, relayId, config.ackTimeout(), clock, counters, putLanes);
        final QueryApiClient query = config.queryUrl().isEmpty() ? null
                : new QueryApiClient(URI.create(config.queryUrl()), config.queryTimeout(), codec);
        final GetHandler gets = new GetHandler(cache, query, counters);
        protocol = new GunProtocol(codec, new Dedup(System::currentTimeMillis), MessageIds.unique(9), relayId, puts, gets,
                new Subscriptions(), rejects, counters, config.abuseStrikes(),
                new io.gunstream.relay.fanout.SubscriptionMemory(config.subscriptionsRetainMs(), System::currentTimeMillis,
                        config.subscriptionsFile()));

        final ChangeFanout fanout = new ChangeFanout(() -> consumer(GunDelta.class, registry),
                () -> consumer(GunNode.class, registry), config.changesTopic(), config.nodesTopic(), config.cacheWarmup(),
                cache, protocol, Duration.ofSeconds(60));
        fanout.start();
        resources.add(fanout);

        startServer(codec);
        for (final String peerUrl : config.bridgePeers()) {
            final BridgeClient bridge = new BridgeClient(URI.create(peerUrl), protocol,
                    transport -> new Peer("bridge-" + MessageIds.unique(6), Peer.Kind.BRIDGE, transport, codec,
                            new TokenBucket(Integer.MAX_VALUE / 2, System::nanoTime), config.outboxMessages()),
                    config.bridgeRetry());
            bridge.start();
            bridges.add(bridge);
        }
        LOG.info("gunstream relay ready at {} (relay id {}, Kafka {}, {} cached nodes{})", url, relayId,
                config.bootstrapServers(), cache.size(), bridges.isEmpty() ? "" : ", bridged to " + config.bridgePeers());
    }

    private void startServer(final WireCodec codec) throws Exception {
        final QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("gun-relay-http");
        server = new Server(threads);
        final ServerConnector connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        final AtomicInteger open = new AtomicInteger();
        final int frameLimit = config.wireLimits().maxFrameBytes();
        final WebSocketUpgradeHandler upgrade = new WebSocketUpgradeHandler();
        upgrade.addMapping(config.path(), WebSocketNegotiator.from((request, response, callback) -> {
            if (open.incrementAndGet() > config.maxConnections()) {
                open.decrementAndGet();
                counters.connectionRefused();
                response.setStatus(503);
                callback.succeeded();
                return null;
            }
            counters.connectionOpened();
            return new JettyPeerTransport(protocol,
                    transport -> new Peer(MessageIds.unique(9), Peer.Kind.CLIENT, transport, codec,
                            new TokenBucket(config.messagesPerSecond(), System::nanoTime), config.outboxMessages()),
                    frameLimit, open::decrementAndGet);
        }, (websocket, request, response) -> (JettyPeerTransport) websocket, configuration -> {
            configuration.setMaxFrameSize(4L * frameLimit);
            configuration.setAutoFragment(true);
            configuration.setIdleTimeout(Duration.ofHours(1));
        }));
        final HttpRoutes routes = new HttpRoutes(this::health);
        upgrade.setHandler(routes);
        server.setHandler(upgrade);
        server.start();
        final String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        url = URI.create("ws://" + host + ":" + connector.getLocalPort() + config.path());
    }

    private void createTopics() throws Exception {
        final Map<String, Object> adminConfig = new HashMap<>(config.producerOverrides());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = new ArrayList<>();
            for (final String topic : List.of(config.deltasTopic(), config.changesTopic(), config.nodesTopic(), config.rejectsTopic())) {
                if (existing.contains(topic)) {
                    continue;
                }
                final Map<String, String> topicConfig = new HashMap<>();
                final String defaults = topic.equals(config.deltasTopic()) ? GunTopics.DELTAS
                        : topic.equals(config.changesTopic()) ? GunTopics.CHANGES
                        : topic.equals(config.nodesTopic()) ? GunTopics.NODES : GunTopics.REJECTS;
                GunTopics.defaults(defaults).ifPresent(d -> {
                    topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, d.cleanup().wireValue());
                    d.retention().ifPresent(r -> topicConfig.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
                });
                missing.add(new NewTopic(topic, java.util.Optional.of(config.topicPartitions()),
                        java.util.Optional.of(config.topicReplicationFactor())).configs(topicConfig));
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (final java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private <V extends org.apache.avro.specific.SpecificRecord> KafkaConsumer<String, V> consumer(
            final Class<V> type, final Map<String, Object> registry) {
        final GunAvroSerde<V> serde = GunAvroSerde.specific(type);
        serde.configure(registry, false);
        final Map<String, Object> c = new HashMap<>(config.consumerOverrides());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, relayId + "-" + type.getSimpleName());
        return new KafkaConsumer<>(c, new StringDeserializer(), serde.deserializer());
    }

    /** Counters and gauges shown at {@code GET /health}. */
    public Map<String, Object> health() {
        final Map<String, Object> out = new HashMap<>(counters.snapshot());
        out.put("relayId", relayId);
        out.put("connections", protocol == null ? 0 : protocol.connections());
        out.put("cachedNodes", cache == null ? 0 : cache.size());
        return out;
    }

    /** Bridge peers this relay is connected to right now. */
    public int bridgesConnected() {
        return (int) bridges.stream().filter(BridgeClient::connected).count();
    }

    /** {@code ws://host:port/gun}. */
    public URI url() {
        return url;
    }

    /** The HTTP base URL, for /health and /gun.js. */
    public URI httpUrl() {
        return URI.create("http://" + url.getHost() + ":" + url.getPort());
    }

    public String relayId() {
        return relayId;
    }

    public RelayCounters counters() {
        return counters;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(url.getHost(), url.getPort());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        bridges.forEach(BridgeClient::close);
        if (protocol != null) {
            try {
                protocol.rememberAll();
            } catch (final RuntimeException e) {
                LOG.warn("Could not save subscriptions: {}", e.getMessage());
            }
        }
        if (server != null) {
            try {
                server.stop();
            } catch (final Exception e) {
                LOG.warn("Stopping the relay's HTTP server failed: {}", e.toString());
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (final Exception e) {
                LOG.warn("Closing relay resource failed: {}", e.toString());
            }
        }
        LOG.info("gunstream relay {} stopped", relayId);
    }
}
