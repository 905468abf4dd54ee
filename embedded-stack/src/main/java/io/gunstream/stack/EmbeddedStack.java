package io.gunstream.stack;

import io.gunstream.stack.connect.ConnectService;
import io.gunstream.stack.connect.EmbeddedConnectWorker;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.kafka.KafkaService;
import io.gunstream.stack.net.LoopbackPorts;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.postgres.PostgresService;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.stack.registry.SchemaRegistryConfig;
import io.gunstream.stack.registry.SchemaRegistryService;
import io.gunstream.stack.s3.S3Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedded stack in one object: Kafka broker, schema registry, PostgreSQL, S3 endpoint and Kafka Connect
 * worker, started together in that (dependency) order with the local defaults of the design (PostgreSQL
 * {@code gunstream/gunstream}, database {@code gunstream}; S3 {@code gunstream/gunstream-secret}, bucket
 * {@code gunstream}, region {@code us-east-1}). Any service but Kafka can be left out.
 *
 * <p>Lifecycle: {@link Builder#start()} returns once every chosen service is ready; if one fails, those already
 * started are stopped in reverse order and an {@link EmbeddedStackException} names the failing one.
 * {@link #close()} stops everything in reverse order, deletes a temporary data dir and is idempotent; until then a
 * JVM shutdown hook does the same on SIGTERM/SIGINT.
 */
public final class EmbeddedStack implements AutoCloseable {

    public static final String DEFAULT_PG_USER = EmbeddedPostgres.DEFAULT_USER;
    public static final String DEFAULT_PG_PASSWORD = EmbeddedPostgres.DEFAULT_PASSWORD;
    public static final String DEFAULT_PG_DATABASE = EmbeddedPostgres.DEFAULT_DATABASE;
    // Literals, not EmbeddedS3's constants: the stack must not name a class that needs the optional s3proxy.
    public static final String DEFAULT_S3_ACCESS_KEY = "gunstream";
    public static final String DEFAULT_S3_SECRET_KEY = "gunstream-secret";
    public static final String DEFAULT_S3_BUCKET = "gunstream";
    public static final String DEFAULT_S3_REGION = "us-east-1";

    /** The optional dependency {@link StackComponent#S3} needs, checked by name before anything starts. */
    static final String S3PROXY_CLASS = "org.gaul.s3proxy.S3Proxy";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    private final Map<StackComponent, AutoCloseable> services;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedStack(final Map<StackComponent, AutoCloseable> services, final Path dataDir,
                          final boolean temporaryDataDir, final Duration startupTime, final boolean withShutdownHook) {
        this.services = Collections.unmodifiableMap(new EnumMap<>(services));
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.startupTime = startupTime;
        this.shutdownHook = withShutdownHook ? new Thread(this::stop, "embedded-stack-shutdown") : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public KafkaService kafka() {
        return service(StackComponent.KAFKA, KafkaService.class);
    }

    /** @throws IllegalStateException if the stack was started {@link Builder#withoutSchemaRegistry() without it} */
    public SchemaRegistryService schemaRegistry() {
        return service(StackComponent.SCHEMA_REGISTRY, SchemaRegistryService.class);
    }

    /** @throws IllegalStateException if the stack was started {@link Builder#withoutPostgres() without it} */
    public PostgresService postgres() {
        return service(StackComponent.POSTGRES, PostgresService.class);
    }

    /** @throws IllegalStateException if the stack was started {@link Builder#withoutS3() without it} */
    public S3Service s3() {
        return service(StackComponent.S3, S3Service.class);
    }

    /** @throws IllegalStateException if the stack was started {@link Builder#withoutConnect() without it} */
    public ConnectService connect() {
        return service(StackComponent.CONNECT, ConnectService.class);
    }

    /** The services this stack runs, in start order. */
    public Set<StackComponent> components() {
        return services.isEmpty() ? EnumSet.noneOf(StackComponent.class) : EnumSet.copyOf(services.keySet());
    }

    public boolean has(final StackComponent component) {
        return services.containsKey(component);
    }

    /** Where each service can be reached, in start order, e.g. {@code postgres -> jdbc:postgresql://127.0.0.1:5432/gunstream}. */
    public Map<StackComponent, String> addresses() {
        final Map<StackComponent, String> addresses = new LinkedHashMap<>();
        services.forEach((component, service) -> addresses.put(component, address(component, service)));
        return Collections.unmodifiableMap(addresses);
    }

    /** The root data dir (subdirs {@code kafka/}, {@code postgres/}, {@code s3/}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@link #dataDir()} is deleted on close. */
    public boolean temporaryDataDir() {
        return temporaryDataDir;
    }

    /** From {@link Builder#start()} until the last service was ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops every service in reverse start order and deletes a temporary data dir; idempotent. */
    @Override
    public void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs stop() too, which waits for (or skips after) this one.
            }
        }
        final List<RuntimeException> failures = stop();
        if (!failures.isEmpty()) {
            final RuntimeException first = failures.get(0);
            final EmbeddedStackException error = new EmbeddedStackException(componentOf(first),
                    "Embedded stack stopped with errors (every service was still asked to stop): " + first.getMessage(),
                    first);
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    @Override
    public String toString() {
        return "EmbeddedStack" + addresses();
    }

    private synchronized List<RuntimeException> stop() {
        if (closed) {
            return List.of();
        }
        closed = true;
        final long begin = System.nanoTime();
        final List<RuntimeException> failures = stopAll(services);
        if (temporaryDataDir) {
            deleteQuietly(dataDir);
        }
        log.info("Embedded stack stopped in {} ms{}", millisSince(begin),
                temporaryDataDir ? " (temporary data dir " + dataDir + " deleted)" : "");
        return failures;
    }

    private <T> T service(final StackComponent component, final Class<T> type) {
        final AutoCloseable service = services.get(component);
        if (service == null) {
            throw new IllegalStateException("This embedded stack runs no " + component.displayName()
                    + ": it was started without it; runs " + services.keySet());
        }
        return type.cast(service);
    }

    /** Stops the services in reverse start order; a failure is logged and does not keep the others running. */
    private static List<RuntimeException> stopAll(final Map<StackComponent, AutoCloseable> started) {
        final List<StackComponent> order = new ArrayList<>(started.keySet());
        Collections.reverse(order);
        final List<RuntimeException> failures = new ArrayList<>();
        for (StackComponent component : order) {
            try {
                started.get(component).close();
            } catch (Exception e) {
                log.warn("Embedded stack: stopping the {} failed: {}", component.displayName(), e.toString());
                failures.add(new EmbeddedStackException(component, "Stopping the " + component.displayName()
                        + " failed: " + e.getMessage(), e));
            }
        }
        return failures;
    }

    private static StackComponent componentOf(final RuntimeException failure) {
        return failure instanceof EmbeddedStackException e ? e.component().orElse(null) : null;
    }

    private static String address(final StackComponent component, final AutoCloseable service) {
        return switch (component) {
            case KAFKA -> ((KafkaService) service).bootstrapServers();
            case SCHEMA_REGISTRY -> ((SchemaRegistryService) service).url().toString();
            case POSTGRES -> ((PostgresService) service).jdbcUrl();
            case S3 -> ((S3Service) service).endpoint().toString();
            case CONNECT -> ((ConnectService) service).restUrl().toString();
        };
    }

    private static long millisSince(final long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void deleteQuietly(final Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("Could not delete the temporary stack data dir {}: {}", dir, e.toString());
        }
    }

    /** Settings of an {@link EmbeddedStack}; {@link #start()} starts one. Not thread-safe. */
    public static final class Builder {

        private Path dataDir;
        private final Map<StackComponent, Integer> ports = new EnumMap<>(StackComponent.class);
        private final Set<StackComponent> components = EnumSet.allOf(StackComponent.class);
        private final List<Path> connectPluginPath = new ArrayList<>();
        private String pgUser = DEFAULT_PG_USER;
        private String pgPassword = DEFAULT_PG_PASSWORD;
        private String pgDatabase = DEFAULT_PG_DATABASE;
        private String s3AccessKey = DEFAULT_S3_ACCESS_KEY;
        private String s3SecretKey = DEFAULT_S3_SECRET_KEY;
        private String s3Bucket = DEFAULT_S3_BUCKET;
        private String s3Region = DEFAULT_S3_REGION;
        private final Map<String, String> kafkaConfig = new LinkedHashMap<>();
        private final Map<String, String> connectConfig = new LinkedHashMap<>();
        private final Map<String, String> pgSettings = new LinkedHashMap<>();
        private boolean shutdownHook = true;

        private Builder() {
        }

        /**
         * Persistent root data dir (created if missing): {@code kafka/}, {@code postgres/} and {@code s3/} below it
         * are kept, so a restart finds its topics, offsets, connectors, schemas, tables and objects again. The
         * registry and Connect keep their state in Kafka topics, so they have no directory. {@code null} (the
         * default): a temporary dir, deleted on close.
         */
        public Builder dataDir(final Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Kafka client port; 0 (the default) picks a free one. */
        public Builder kafkaPort(final int port) {
            return port(StackComponent.KAFKA, port);
        }

        public Builder registryPort(final int port) {
            return port(StackComponent.SCHEMA_REGISTRY, port);
        }

        public Builder pgPort(final int port) {
            return port(StackComponent.POSTGRES, port);
        }

        public Builder s3Port(final int port) {
            return port(StackComponent.S3, port);
        }

        public Builder connectPort(final int port) {
            return port(StackComponent.CONNECT, port);
        }

        public Builder withoutSchemaRegistry() {
            components.remove(StackComponent.SCHEMA_REGISTRY);
            return this;
        }

        public Builder withoutPostgres() {
            components.remove(StackComponent.POSTGRES);
            return this;
        }

        /** Leaves S3 out; then s3proxy (an optional dependency) need not be on the class path. */
        public Builder withoutS3() {
            components.remove(StackComponent.S3);
            return this;
        }

        public Builder withoutConnect() {
            components.remove(StackComponent.CONNECT);
            return this;
        }

        /** The Connect worker's {@code plugin.path} directories (each must exist); none by default. */
        public Builder connectPluginPath(final Path... directories) {
            for (Path directory : directories) {
                connectPluginPath.add(Objects.requireNonNull(directory, "plugin directory"));
            }
            return this;
        }

        /** PostgreSQL superuser and password (used by initdb for a new data dir). */
        public Builder pgCredentials(final String user, final String password) {
            this.pgUser = Objects.requireNonNull(user, "user");
            this.pgPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder pgDatabase(final String database) {
            this.pgDatabase = Objects.requireNonNull(database, "database");
            return this;
        }

        public Builder s3Credentials(final String accessKey, final String secretKey) {
            this.s3AccessKey = Objects.requireNonNull(accessKey, "accessKey");
            this.s3SecretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /** Bucket created at start if missing; {@code null} creates none. */
        public Builder s3Bucket(final String bucket) {
            this.s3Bucket = bucket;
            return this;
        }

        public Builder s3Region(final String region) {
            this.s3Region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** A broker setting, as {@link EmbeddedKafkaBroker.Builder#config(String, String)}. */
        public Builder kafkaConfig(final String key, final String value) {
            kafkaConfig.put(key, value);
            return this;
        }

        /** A Connect worker setting, as {@link EmbeddedConnectWorker.Builder#config(String, String)}. */
        public Builder connectConfig(final String key, final String value) {
            connectConfig.put(key, value);
            return this;
        }

        /** A PostgreSQL server setting, as {@link EmbeddedPostgres.Builder#setting(String, String)}. */
        public Builder pgSetting(final String name, final String value) {
            pgSettings.put(name, value);
            return this;
        }

        /** Whether a JVM shutdown hook closes the stack on SIGTERM/SIGINT (default true; removed on close). */
        public Builder shutdownHook(final boolean enabled) {
            this.shutdownHook = enabled;
            return this;
        }

        /**
         * Starts the chosen services in dependency order and returns once all are ready.
         *
         * @throws EmbeddedStackException naming the service that failed; the others were stopped again
         */
        public EmbeddedStack start() {
            checkPortsDistinct();
            if (components.contains(StackComponent.S3) && !s3proxyPresent()) {
                throw new EmbeddedStackException(StackComponent.S3, "S3 is enabled but s3proxy (class " + S3PROXY_CLASS
                        + ") is not on the class path: it is an optional dependency of embedded-stack. Add "
                        + "org.gaul:s3proxy to your dependencies (with the exclusions listed in embedded-stack's "
                        + "README), or start the stack withoutS3()");
            }
            final long begin = System.nanoTime();
            final boolean temporary = dataDir == null;
            final Path root = temporary ? createTemporaryRoot() : prepareRoot(dataDir);
            final Map<StackComponent, AutoCloseable> started = new EnumMap<>(StackComponent.class);
            final Map<StackComponent, Long> millis = new EnumMap<>(StackComponent.class);
            int step = 0;
            for (StackComponent component : components) {
                log.info("Embedded stack: starting {} ({}/{}, {} ms so far)", component.displayName(), ++step,
                        components.size(), millisSince(begin));
                final long componentBegin = System.nanoTime();
                try {
                    started.put(component, startComponent(component, root, temporary, started));
                } catch (RuntimeException | LinkageError e) {
                    throw failed(component, e, started, root, temporary);
                }
                millis.put(component, millisSince(componentBegin));
            }
            final EmbeddedStack stack = new EmbeddedStack(started, root, temporary,
                    Duration.ofNanos(System.nanoTime() - begin), shutdownHook);
            if (stack.shutdownHook != null) {
                Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
            }
            final StringJoiner summary = new StringJoiner(" ");
            stack.addresses().forEach((component, address) -> summary.add(component.key() + "=" + address));
            log.info("Embedded stack ready in {} ms: {} (data dir {}{}; {})", stack.startupTime.toMillis(), summary,
                    root, temporary ? ", temporary" : "", millis.entrySet().stream()
                            .map(e -> e.getKey().key() + " " + e.getValue() + " ms").collect(Collectors.joining(", ")));
            return stack;
        }

        private AutoCloseable startComponent(final StackComponent component, final Path root, final boolean temporary,
                                             final Map<StackComponent, AutoCloseable> started) {
            final int port = ports.getOrDefault(component, 0);
            final KafkaService kafka = (KafkaService) started.get(StackComponent.KAFKA);
            return switch (component) {
                case KAFKA -> EmbeddedKafkaBroker.builder().port(port).dataDir(root.resolve(component.key()))
                        .config(kafkaConfig).start();
                case SCHEMA_REGISTRY -> EmbeddedSchemaRegistry.start(Map.of(
                        SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        SchemaRegistryConfig.LISTENERS_CONFIG, "http://" + LoopbackPorts.HOST + ":" + port,
                        SchemaRegistryConfig.TOPIC_REPLICATION_FACTOR_CONFIG, "1"));
                case POSTGRES -> startPostgres(port, root.resolve(component.key()), temporary);
                case S3 -> S3Starter.start(port, root.resolve(component.key()), s3AccessKey, s3SecretKey, s3Region,
                        s3Bucket);
                case CONNECT -> EmbeddedConnectWorker.builder().kafka(kafka).port(port)
                        .pluginPath(connectPluginPath.toArray(Path[]::new)).config(connectConfig).start();
            };
        }

        private EmbeddedPostgres startPostgres(final int port, final Path dir, final boolean temporary) {
            final EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().port(port).dataDir(dir)
                    .credentials(pgUser, pgPassword).database(pgDatabase);
            if (temporary && !pgSettings.containsKey("fsync")) {
                // As EmbeddedPostgres does for its own temporary dirs: durability across OS crashes is moot here.
                builder.setting("fsync", "off");
            }
            pgSettings.forEach(builder::setting);
            return builder.start();
        }

        private EmbeddedStackException failed(final StackComponent component, final Throwable cause,
                                              final Map<StackComponent, AutoCloseable> started, final Path root,
                                              final boolean temporary) {
            final String stopped = started.keySet().stream().map(StackComponent::displayName)
                    .collect(Collectors.joining(", "));
            final List<RuntimeException> stopFailures = stopAll(started);
            if (temporary) {
                deleteQuietly(root);
            }
            final EmbeddedStackException error = new EmbeddedStackException(component, "Embedded stack: "
                    + component.displayName() + " failed to start: " + cause.getMessage()
                    + (stopped.isEmpty() ? "" : " [stopped again: " + stopped + "]")
                    + ". Fix the cause and start again (stack settings: " + component.builderMethods()
                    + (component == StackComponent.CONNECT || component == StackComponent.SCHEMA_REGISTRY
                    ? "" : "; data dir " + root.resolve(component.key()) + (temporary ? ", temporary, deleted" : ""))
                    + ")", cause);
            stopFailures.forEach(error::addSuppressed);
            return error;
        }

        private Builder port(final StackComponent component, final int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(component.displayName() + " port must be 0 (a free port) or 1-65535, got "
                        + port);
            }
            ports.put(component, port);
            return this;
        }

        private void checkPortsDistinct() {
            final Map<Integer, StackComponent> byPort = new LinkedHashMap<>();
            ports.forEach((component, port) -> {
                if (port > 0 && components.contains(component)) {
                    final StackComponent other = byPort.putIfAbsent(port, component);
                    if (other != null) {
                        throw new IllegalArgumentException("Port " + port + " is given to both the "
                                + other.displayName() + " and the " + component.displayName() + ": give each its own");
                    }
                }
            });
        }

        private static boolean s3proxyPresent() {
            try {
                Class.forName(S3PROXY_CLASS, false, EmbeddedStack.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        private static Path createTemporaryRoot() {
            try {
                final Path root = Files.createTempDirectory("gunstream-stack-");
                // As root, PostgreSQL runs as an unprivileged user that must be able to enter the dirs above its own.
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
                return root;
            } catch (IOException | UnsupportedOperationException e) {
                throw new EmbeddedStackException(null, "Could not create a temporary stack data dir in "
                        + System.getProperty("java.io.tmpdir") + ": " + e + ". Free some space there, set java.io.tmpdir "
                        + "to a writable dir, or pass a data dir", e);
            }
        }

        private static Path prepareRoot(final Path requested) {
            final Path root = requested.toAbsolutePath().normalize();
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new EmbeddedStackException(null, "Stack data dir " + root + " cannot be created ("
                        + e + "): choose a writable location", e);
            }
            if (!Files.isWritable(root)) {
                throw new EmbeddedStackException(null, "Stack data dir " + root
                        + " is not writable: fix its permissions or choose another");
            }
            return root;
        }
    }
}
