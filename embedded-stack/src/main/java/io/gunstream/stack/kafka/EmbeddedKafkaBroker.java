package io.gunstream.stack.kafka;

import io.gunstream.stack.net.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in this JVM: one KRaft process that is both broker and controller, built from
 * Kafka's own server classes, listening on {@code 127.0.0.1}.
 *
 * <p>Lifecycle: {@link #builder()} … {@link Builder#start()} formats the data dir if it is new (an existing one
 * keeps its cluster id, topics and records), starts the server and returns once a client can reach it.
 * {@link #close()} shuts the server down, frees both ports and deletes a temporary data dir; it is idempotent.
 * Kafka's server halts the JVM on some fatal faults (e.g. a log dir that fails while running), as a real broker
 * would exit.
 */
public final class EmbeddedKafkaBroker implements KafkaService {

    /** Name of the client listener. */
    public static final String LISTENER = "PLAINTEXT";
    /** Name of the KRaft controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String NODE_ID = "1";
    private static final String META_PROPERTIES = "meta.properties";

    /** Settings the broker derives from the builder; overriding them would break {@link #bootstrapServers()}. */
    private static final Set<String> MANAGED_SETTINGS = Set.of(
            "process.roles", "node.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "listeners", "advertised.listeners", "controller.listener.names", "inter.broker.listener.name",
            "listener.security.protocol.map", "log.dirs", "log.dir", "metadata.log.dir");

    /**
     * What a one-broker cluster needs beyond Kafka's defaults. Internal topics cannot have 3 replicas on one broker,
     * so every replication factor and min.isr is 1 (the transaction state log makes exactly-once work). Fewer
     * partitions for the internal topics only make the first consumer group or transaction faster on a laptop.
     */
    private static final Map<String, String> ONE_NODE_DEFAULTS = orderedMap(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "5",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "5",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "default.replication.factor", "1",
            "min.insync.replicas", "1",
            // No other members can be on their way in a local cluster: do not hold the first rebalance back.
            "group.initial.rebalance.delay.ms", "0");

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final String clusterId;
    private final Duration startupTime;
    private final Duration adminTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(final KafkaRaftServer server, final int port, final int controllerPort,
                                final Path dataDir, final boolean temporaryDataDir, final String clusterId,
                                final Duration startupTime, final Duration adminTimeout) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.clusterId = clusterId;
        this.startupTime = startupTime;
        this.adminTimeout = adminTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    /** The client port (the {@value #LISTENER} listener). */
    public int port() {
        return port;
    }

    /** The KRaft controller port; clients never need it. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The log dir, which also holds the cluster metadata log. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@link #dataDir()} was created for this broker and is deleted on {@link #close()}. */
    public boolean temporaryDataDir() {
        return temporaryDataDir;
    }

    /** The cluster id stored in the data dir's {@code meta.properties}. */
    public String clusterId() {
        return clusterId;
    }

    /** Time from {@link Builder#start()} until a client could reach the broker, including formatting. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Minimal client settings for this broker ({@code bootstrap.servers}); add your own to a copy. */
    public Map<String, Object> clientConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * Creates a topic with replication factor 1, or does nothing if it exists (whatever its partitions and configs).
     *
     * @return true if this call created the topic
     */
    public boolean createTopic(final String name, final int partitions, final Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configs, "configs");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, got " + partitions);
        }
        final NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(List.of(topic)).all().get(adminTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new KafkaBrokerException("Could not create topic " + name + " on " + bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaBrokerException("Creating topic " + name + " on " + bootstrapServers() + " took longer than "
                    + adminTimeout.toMillis() + " ms; is the broker still running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaBrokerException("Interrupted while creating topic " + name, e);
        }
    }

    /** Stops the broker and controller, waits until their ports are closed, and deletes a temporary data dir. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long begin = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        if (temporaryDataDir) {
            deleteQuietly(dataDir);
        }
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", dataDir=" + dataDir + "]";
    }

    private static void deleteQuietly(final Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("Could not delete the temporary Kafka data dir {}: {}", dir, e.toString());
        }
    }

    private static Map<String, String> orderedMap(final String... keysAndValues) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Settings of an {@link EmbeddedKafkaBroker}; {@link #start()} starts one. Not thread-safe. */
    public static final class Builder {

        private int port;
        private int controllerPort;
        private Path dataDir;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(final int port) {
            this.port = checkPort(port, "port");
            return this;
        }

        /** KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(final int controllerPort) {
            this.controllerPort = checkPort(controllerPort, "controllerPort");
            return this;
        }

        /**
         * Persistent data dir: created if missing, formatted if new, reused as it is otherwise (a restart keeps
         * topics, records and committed offsets). {@code null} (the default) uses a temporary dir deleted on close.
         */
        public Builder dataDir(final Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** How long {@link #start()} and admin calls wait for the broker to answer; default 60 s. */
        public Builder readyTimeout(final Duration readyTimeout) {
            if (readyTimeout.isNegative() || readyTimeout.isZero()) {
                throw new IllegalArgumentException("readyTimeout must be positive, got " + readyTimeout);
            }
            this.readyTimeout = readyTimeout;
            return this;
        }

        /**
         * Adds or replaces a broker setting (any {@code server.properties} key) on top of the one-node defaults.
         * Keys that define roles, listeners and dirs are set from the other builder methods and rejected here.
         */
        public Builder config(final String key, final String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (MANAGED_SETTINGS.contains(key)) {
                throw new IllegalArgumentException("Broker setting " + key
                        + " is derived from port(), controllerPort() and dataDir(); it cannot be overridden");
            }
            overrides.put(key, value);
            return this;
        }

        /** {@link #config(String, String)} for each entry. */
        public Builder config(final Map<String, String> settings) {
            settings.forEach(this::config);
            return this;
        }

        /**
         * Starts the broker and returns once a client can reach it.
         *
         * @throws KafkaBrokerException if a port is taken, the data dir is unusable or the server fails to start
         */
        public EmbeddedKafkaBroker start() {
            final long begin = System.nanoTime();
            final int brokerPort = LoopbackPorts.resolve(port);
            final int ctrlPort = controllerPort > 0 ? controllerPort : freePortOtherThan(brokerPort);
            requireFree(brokerPort, "port", "client");
            requireFree(ctrlPort, "controllerPort", "controller");

            final boolean temporary = dataDir == null;
            final Path dir = temporary ? createTemporaryDataDir() : prepareDataDir(dataDir);
            try {
                final Map<String, String> settings = settings(brokerPort, ctrlPort, dir);
                final String clusterId = formatIfNew(dir, settings);
                final KafkaRaftServer server = startServer(settings, brokerPort, ctrlPort, dir);
                awaitReachable(server, brokerPort);
                final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, brokerPort, ctrlPort, dir, temporary,
                        clusterId, Duration.ofNanos(System.nanoTime() - begin), readyTimeout);
                log.info("Kafka broker ready at {} in {} ms (data dir {}{}, cluster id {})", broker.bootstrapServers(),
                        broker.startupTime().toMillis(), dir, temporary ? ", temporary" : "", clusterId);
                return broker;
            } catch (RuntimeException e) {
                if (temporary) {
                    deleteQuietly(dir);
                }
                throw e;
            }
        }

        private Map<String, String> settings(final int brokerPort, final int ctrlPort, final Path dir) {
            final String host = LoopbackPorts.HOST;
            final Map<String, String> settings = new LinkedHashMap<>();
            settings.put("process.roles", "broker,controller");
            settings.put("node.id", NODE_ID);
            settings.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + ctrlPort);
            settings.put("listeners", LISTENER + "://" + host + ":" + brokerPort + ","
                    + CONTROLLER_LISTENER + "://" + host + ":" + ctrlPort);
            settings.put("advertised.listeners", LISTENER + "://" + host + ":" + brokerPort);
            settings.put("controller.listener.names", CONTROLLER_LISTENER);
            settings.put("inter.broker.listener.name", LISTENER);
            settings.put("listener.security.protocol.map", LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            settings.put("log.dirs", dir.toAbsolutePath().toString());
            settings.putAll(ONE_NODE_DEFAULTS);
            settings.putAll(overrides);
            return settings;
        }

        /** Formats a new data dir with a fresh cluster id; an existing one keeps the id in its meta.properties. */
        private static String formatIfNew(final Path dir, final Map<String, String> settings) {
            final Path meta = dir.resolve(META_PROPERTIES);
            if (Files.exists(meta)) {
                return readClusterId(meta);
            }
            final String clusterId = Uuid.randomUuid().toString();
            Path propertiesFile = null;
            final ByteArrayOutputStream output = new ByteArrayOutputStream();
            try {
                propertiesFile = Files.createTempFile("embedded-kafka-format", ".properties");
                final Properties properties = new Properties();
                properties.putAll(settings);
                try (var out = Files.newOutputStream(propertiesFile)) {
                    properties.store(out, "embedded Kafka broker, for kafka-storage format");
                }
                final int exitCode;
                try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                    exitCode = StorageTool.execute(
                            new String[] {"format", "-t", clusterId, "-c", propertiesFile.toString()}, print);
                }
                if (exitCode != 0) {
                    throw new KafkaBrokerException("Formatting the Kafka data dir " + dir + " failed (exit code "
                            + exitCode + "): " + output.toString(StandardCharsets.UTF_8).strip());
                }
                return clusterId;
            } catch (IOException e) {
                throw new KafkaBrokerException("Could not format the Kafka data dir " + dir + ": " + e.getMessage()
                        + "; choose a writable directory with dataDir(...)", e);
            } catch (KafkaBrokerException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KafkaBrokerException("Formatting the Kafka data dir " + dir + " failed: " + e.getMessage()
                        + " " + output.toString(StandardCharsets.UTF_8).strip(), e);
            } finally {
                if (propertiesFile != null) {
                    try {
                        Files.deleteIfExists(propertiesFile);
                    } catch (IOException e) {
                        log.debug("Could not delete {}", propertiesFile, e);
                    }
                }
            }
        }

        private static String readClusterId(final Path meta) {
            final Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                properties.load(in);
            } catch (IOException e) {
                throw new KafkaBrokerException("Could not read " + meta + ": " + e.getMessage()
                        + "; the data dir is unusable, choose another with dataDir(...)", e);
            }
            final String clusterId = properties.getProperty("cluster.id");
            if (clusterId == null || clusterId.isBlank()) {
                throw new KafkaBrokerException(meta + " has no cluster.id: it was not written by a KRaft broker; "
                        + "choose an empty or new directory with dataDir(...)");
            }
            return clusterId;
        }

        private static KafkaRaftServer startServer(final Map<String, String> settings, final int brokerPort,
                                                   final int ctrlPort, final Path dir) {
            final KafkaRaftServer server;
            try {
                server = new KafkaRaftServer(new KafkaConfig(settings), Time.SYSTEM);
            } catch (RuntimeException e) {
                throw new KafkaBrokerException("Invalid Kafka broker settings or data dir " + dir + ": "
                        + e.getMessage(), e);
            }
            try {
                server.startup();
                return server;
            } catch (RuntimeException e) {
                stopAfterFailedStart(server);
                if (causedByBindFailure(e)) {
                    throw new KafkaBrokerException("Kafka broker could not bind " + LoopbackPorts.HOST + ":" + brokerPort
                            + " or controller port " + ctrlPort + " (address already in use): choose other ports "
                            + "with port(...) / controllerPort(...), or 0 for free ones", e);
                }
                throw new KafkaBrokerException("Kafka broker failed to start on port " + brokerPort + " with data dir "
                        + dir + ": " + e.getMessage(), e);
            }
        }

        private static void stopAfterFailedStart(final KafkaRaftServer server) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException suppressed) {
                log.debug("Shutting down a broker that failed to start also failed", suppressed);
            }
        }

        private static boolean causedByBindFailure(final Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof BindException
                        || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                    return true;
                }
            }
            return false;
        }

        /** KafkaRaftServer.startup() returns once the broker is unfenced; a client round trip proves it serves. */
        private void awaitReachable(final KafkaRaftServer server, final int brokerPort) {
            final String bootstrap = LoopbackPorts.HOST + ":" + brokerPort;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.describeCluster().nodes().get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                stopAfterFailedStart(server);
                throw new KafkaBrokerException("Kafka broker at " + bootstrap + " started but did not answer a client "
                        + "within " + readyTimeout.toMillis() + " ms; raise readyTimeout(...) on a slow machine", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopAfterFailedStart(server);
                throw new KafkaBrokerException("Interrupted while waiting for the Kafka broker at " + bootstrap, e);
            }
        }

        private static int freePortOtherThan(final int taken) {
            int candidate = LoopbackPorts.freePort();
            while (candidate == taken) {
                candidate = LoopbackPorts.freePort();
            }
            return candidate;
        }

        private static void requireFree(final int port, final String setting, final String role) {
            if (!LoopbackPorts.isFree(port)) {
                throw new KafkaBrokerException("Kafka broker " + role + " port " + port + " on " + LoopbackPorts.HOST
                        + " is already in use: stop what listens there, or choose another port with " + setting
                        + "(...) (0 picks a free one)");
            }
        }

        private static int checkPort(final int port, final String setting) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(setting + " must be 0 (free port) or 1-65535, got " + port);
            }
            return port;
        }

        private static Path createTemporaryDataDir() {
            try {
                return Files.createTempDirectory("embedded-kafka-");
            } catch (IOException e) {
                throw new KafkaBrokerException("Could not create a temporary Kafka data dir in "
                        + System.getProperty("java.io.tmpdir") + ": " + e.getMessage()
                        + "; set java.io.tmpdir to a writable directory or pass dataDir(...)", e);
            }
        }

        private static Path prepareDataDir(final Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new KafkaBrokerException("Kafka data dir " + dir + " cannot be created (" + e
                        + "): choose a writable directory with dataDir(...)", e);
            }
            if (!Files.isWritable(dir)) {
                throw new KafkaBrokerException("Kafka data dir " + dir
                        + " is not writable: fix its permissions or choose another directory with dataDir(...)");
            }
            return dir;
        }
    }
}
