package io.gunstream.stack.connect;

import io.gunstream.stack.kafka.KafkaService;
import io.gunstream.stack.net.LoopbackPorts;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.RestServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.ShutdownThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in distributed mode in this JVM: the real Connect runtime with its config, offset and
 * status topics on a Kafka cluster, a REST API on {@code 127.0.0.1}, and plugins loaded from {@code plugin.path}
 * directories in their own class loaders, as in production.
 *
 * <p>Lifecycle: {@link #builder()} … {@link Builder#start()} starts the worker and returns once its REST API
 * reports it healthy (it has joined its group and read the config topic). Connectors, their offsets and
 * statuses live in Kafka, so a new worker with the same group on the same cluster resumes them. {@link #close()}
 * stops the connectors (committing source offsets), leaves the group, stops the REST server and frees its port;
 * it is idempotent. Like the {@code connect-distributed} script, the runtime exits the JVM if its herder thread
 * dies of an unexpected error.
 */
public final class EmbeddedConnectWorker implements ConnectService {

    /** Default {@code group.id}; the internal topics are named after the group. */
    public static final String DEFAULT_GROUP_ID = "connect-cluster";

    /** Settings the worker derives from the builder; overriding them would break {@link #restUrl()}. */
    private static final Set<String> MANAGED_SETTINGS = Set.of(
            WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, DistributedConfig.GROUP_ID_CONFIG, WorkerConfig.PLUGIN_PATH_CONFIG,
            "listeners", "rest.advertised.host.name", "rest.advertised.port", "rest.advertised.listener");

    /** Name of the shutdown-hook thread that {@code Connect.start()} registers (through Kafka's {@code Exit}). */
    private static final String CONNECT_SHUTDOWN_HOOK = "connect-shutdown-hook";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedConnectWorker.class);

    private final Connect<DistributedHerder> connect;
    /** Connect's Jetty server, or null if it could not be reached (see leaveRestServerShutdownToConnect). */
    private final Server restServer;
    private final URI restUrl;
    private final String groupId;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedConnectWorker(final Connect<DistributedHerder> connect, final Server restServer, final URI restUrl,
                                  final String groupId, final Duration startupTime) {
        this.connect = connect;
        this.restServer = restServer;
        this.restUrl = restUrl;
        this.groupId = groupId;
        this.startupTime = startupTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public URI restUrl() {
        return restUrl;
    }

    /** The REST port. */
    public int port() {
        return restUrl.getPort();
    }

    public String groupId() {
        return groupId;
    }

    /** Time from {@link Builder#start()} until the REST API reported the worker healthy. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops connectors and tasks (source offsets are committed), leaves the group and stops the REST server. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long begin = System.nanoTime();
        connect.stop();
        connect.awaitStop();
        awaitConnectShutdownHooks();
        log.info("Kafka Connect worker at {} stopped in {} ms", restUrl,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    /**
     * Connect registers its own JVM shutdown hook that stops the worker. While the JVM shuts down (SIGTERM) that hook
     * and {@link #close()} (called from a stack's hook) race: the second {@code stop()} returns at once and
     * {@code awaitStop()} does not wait for the first, so without this the caller would stop the broker under a worker
     * still leaving its group (WARN noise, and the next start waits out the stale member). Outside JVM shutdown the
     * hook threads were never started and this returns at once.
     */
    private void awaitConnectShutdownHooks() {
        final List<Thread> hooks = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> CONNECT_SHUTDOWN_HOOK.equals(t.getName()) && t.isAlive() && t != Thread.currentThread())
                .toList();
        for (Thread hook : hooks) {
            try {
                hook.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Visible for testing: whether Jetty's own JVM shutdown hook would also stop the REST server (it must not). */
    boolean restServerInJettyShutdownHook() {
        return restServer == null || ShutdownThread.isRegistered(restServer);
    }

    @Override
    public String toString() {
        return "EmbeddedConnectWorker[" + restUrl + ", group=" + groupId + "]";
    }

    /** Settings of an {@link EmbeddedConnectWorker}; {@link #start()} starts one. Not thread-safe. */
    public static final class Builder {

        private String bootstrapServers;
        private int port;
        private String groupId = DEFAULT_GROUP_ID;
        private final List<Path> pluginPath = new ArrayList<>();
        private Duration readyTimeout = Duration.ofSeconds(120);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** The Kafka cluster that holds the worker's topics (required, or {@link #kafka(KafkaService)}). */
        public Builder bootstrapServers(final String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** Uses {@code kafka}'s bootstrap servers. */
        public Builder kafka(final KafkaService kafka) {
            return bootstrapServers(kafka.bootstrapServers());
        }

        /** REST port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(final int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 (free port) or 1-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The Connect cluster's {@code group.id} (default {@value #DEFAULT_GROUP_ID}). Its config, offset and status
         * topics are {@code <group>-configs}, {@code <group>-offsets} and {@code <group>-status} unless set with
         * {@link #config(String, String)}.
         */
        public Builder groupId(final String groupId) {
            Objects.requireNonNull(groupId, "groupId");
            if (groupId.isBlank()) {
                throw new IllegalArgumentException("groupId must not be blank");
            }
            this.groupId = groupId;
            return this;
        }

        /**
         * Adds directories to {@code plugin.path}. Each one holds plugin folders (one folder per plugin with its
         * jars), or plugin jars or archives directly; all must exist.
         */
        public Builder pluginPath(final Path... directories) {
            for (Path directory : directories) {
                pluginPath.add(Objects.requireNonNull(directory, "plugin directory"));
            }
            return this;
        }

        /** How long {@link #start()} waits for the REST API to report the worker healthy; default 120 s. */
        public Builder readyTimeout(final Duration readyTimeout) {
            if (readyTimeout.isNegative() || readyTimeout.isZero()) {
                throw new IllegalArgumentException("readyTimeout must be positive, got " + readyTimeout);
            }
            this.readyTimeout = readyTimeout;
            return this;
        }

        /**
         * Adds or replaces a worker setting (any {@code connect-distributed.properties} key) on top of the defaults.
         * The Kafka address, group, REST listener and plugin path come from the other builder methods.
         */
        public Builder config(final String key, final String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (MANAGED_SETTINGS.contains(key)) {
                throw new IllegalArgumentException("Connect worker setting " + key + " is derived from "
                        + "bootstrapServers(), groupId(), port() and pluginPath(); it cannot be overridden");
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
         * Starts the worker and returns once its REST API reports it healthy.
         *
         * @throws ConnectWorkerException if the port is taken, a plugin directory is missing, Kafka cannot be reached
         *                                or the worker does not become healthy in time
         */
        public EmbeddedConnectWorker start() {
            if (bootstrapServers == null) {
                throw new IllegalStateException("Connect worker needs a Kafka cluster: call bootstrapServers(...) or kafka(...)");
            }
            final long begin = System.nanoTime();
            for (Path directory : pluginPath) {
                if (!Files.isDirectory(directory)) {
                    throw new ConnectWorkerException("Connect plugin directory " + directory + " does not exist: build "
                            + "it first (mvn -pl embedded-stack process-test-resources assembles target/connect-plugins) "
                            + "or pass an existing directory to pluginPath(...)");
                }
            }
            final int restPort = LoopbackPorts.resolve(port);
            if (!LoopbackPorts.isFree(restPort)) {
                throw portTaken(restPort, null);
            }
            final URI restUrl = URI.create("http://" + LoopbackPorts.HOST + ":" + restPort);
            final Map<String, String> settings = settings(restPort);

            final Connect<DistributedHerder> connect = startConnect(settings, restPort);
            final Server restServer = leaveRestServerShutdownToConnect(connect);
            try {
                awaitHealthy(connect, restUrl);
            } catch (RuntimeException e) {
                connect.stop();
                connect.awaitStop();
                throw e;
            }
            final EmbeddedConnectWorker worker = new EmbeddedConnectWorker(connect, restServer, restUrl, groupId,
                    Duration.ofNanos(System.nanoTime() - begin));
            log.info("Kafka Connect worker ready at {} in {} ms (group {}, Kafka {}, plugin.path {})", restUrl,
                    worker.startupTime().toMillis(), groupId, bootstrapServers,
                    settings.get(WorkerConfig.PLUGIN_PATH_CONFIG));
            return worker;
        }

        /**
         * Connect's REST server registers its Jetty server with Jetty's own JVM shutdown hook
         * ({@code setStopAtShutdown(true)}) although Connect's shutdown hook stops that server too. On SIGTERM the two
         * race: Jetty's hook may destroy the server (detaching its thread pool) while Connect's stop is under way, and
         * that stop then waits in {@code Server.join()} forever, so the JVM never exits (seen here about one SIGTERM in
         * five). Jetty's hook is redundant, so it is switched off. The server is a private field of Connect's
         * {@code RestServer}; if a later Kafka renames it, the worker still works and only the race remains (logged).
         */
        private static Server leaveRestServerShutdownToConnect(final Connect<DistributedHerder> connect) {
            try {
                final Field field = RestServer.class.getDeclaredField("jettyServer");
                field.setAccessible(true);
                final Server server = (Server) field.get(connect.rest());
                server.setStopAtShutdown(false);
                return server;
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("Could not take Connect's REST server out of Jetty's shutdown hook ({}); on SIGTERM the JVM may "
                        + "hang while stopping it", e.toString());
                return null;
            }
        }

        private Map<String, String> settings(final int restPort) {
            final Map<String, String> settings = new LinkedHashMap<>();
            settings.put(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            settings.put(DistributedConfig.GROUP_ID_CONFIG, groupId);
            settings.put("listeners", "http://" + LoopbackPorts.HOST + ":" + restPort);
            settings.put("rest.advertised.host.name", LoopbackPorts.HOST);
            settings.put("rest.advertised.port", Integer.toString(restPort));
            settings.put(DistributedConfig.CONFIG_TOPIC_CONFIG, groupId + "-configs");
            settings.put(DistributedConfig.OFFSET_STORAGE_TOPIC_CONFIG, groupId + "-offsets");
            settings.put(DistributedConfig.STATUS_STORAGE_TOPIC_CONFIG, groupId + "-status");
            // One broker cannot hold more than one replica.
            settings.put(DistributedConfig.CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG, "1");
            settings.put(DistributedConfig.OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG, "1");
            settings.put(DistributedConfig.STATUS_STORAGE_REPLICATION_FACTOR_CONFIG, "1");
            // The converters and flush interval of Kafka's shipped connect-distributed.properties.
            settings.put(WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
            settings.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
            settings.put(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG, "10000");
            // A one-worker cluster has no peer that could come back from a rolling bounce: reassign at once
            // instead of waiting up to 5 minutes for a worker that was killed.
            settings.put(DistributedConfig.SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG, "0");
            settings.put(WorkerConfig.PLUGIN_PATH_CONFIG, pluginPath.stream()
                    .map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(",")));
            // Every plugin we ship (ours, Debezium 3.x, connect-file) has ServiceLoader manifests: skip the slow
            // reflective scan.
            settings.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, "service_load");
            settings.putAll(overrides);
            return Collections.unmodifiableMap(settings);
        }

        private Connect<DistributedHerder> startConnect(final Map<String, String> settings, final int restPort) {
            // Connect swaps the calling thread's context class loader for its plugin loader and never swaps back.
            final Thread thread = Thread.currentThread();
            final ClassLoader callerLoader = thread.getContextClassLoader();
            try {
                return new ConnectDistributed().startConnect(settings);
            } catch (RuntimeException e) {
                if (causedByBindFailure(e)) {
                    throw portTaken(restPort, e);
                }
                throw new ConnectWorkerException("Kafka Connect worker (group " + groupId + ", Kafka " + bootstrapServers
                        + ") failed to start: " + rootMessage(e) + "; is the Kafka cluster at " + bootstrapServers
                        + " running and are the settings valid?", e);
            } finally {
                thread.setContextClassLoader(callerLoader);
            }
        }

        private void awaitHealthy(final Connect<DistributedHerder> connect, final URI restUrl) {
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            final HttpRequest health = HttpRequest.newBuilder(restUrl.resolve("/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            final long deadline = System.nanoTime() + readyTimeout.toNanos();
            String lastAnswer = "no answer";
            while (System.nanoTime() < deadline) {
                if (connect.herderTask() != null && connect.herderTask().isDone()) {
                    throw new ConnectWorkerException("Kafka Connect worker at " + restUrl + " stopped while starting; "
                            + "see the log of org.apache.kafka.connect for the cause");
                }
                try {
                    final HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    lastAnswer = response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    lastAnswer = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectWorkerException("Interrupted while waiting for the Connect worker at " + restUrl, e);
                }
                pause();
            }
            throw new ConnectWorkerException("Kafka Connect worker at " + restUrl + " was not healthy within "
                    + readyTimeout.toMillis() + " ms (last answer of /health: " + lastAnswer
                    + "); check that Kafka at " + bootstrapServers + " is up, or raise readyTimeout(...)");
        }

        private static void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectWorkerException("Interrupted while waiting for the Connect worker", e);
            }
        }

        private static ConnectWorkerException portTaken(final int restPort, final Throwable cause) {
            return new ConnectWorkerException("Kafka Connect REST port " + restPort + " on " + LoopbackPorts.HOST
                    + " is already in use: stop what listens there, or choose another port with port(...) "
                    + "(0 picks a free one)", cause);
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

        private static String rootMessage(final Throwable error) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + root + ")";
        }
    }
}
