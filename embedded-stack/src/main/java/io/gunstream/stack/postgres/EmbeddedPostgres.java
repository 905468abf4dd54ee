package io.gunstream.stack.postgres;

import io.gunstream.stack.net.LoopbackPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (17.x, binaries from Maven) with {@code wal_level=logical}, run as a child process that
 * listens on {@code 127.0.0.1} only.
 *
 * <p>Lifecycle: {@link #builder()} … {@link Builder#start()} unpacks the binaries once per machine, runs
 * {@code initdb} if the data dir is new (an existing cluster is reused as is), starts the server, creates the
 * database if missing and returns once a JDBC connection succeeds. {@link #close()} stops the server (fast shutdown,
 * then kill), frees the port and deletes a temporary data dir; it is idempotent and also runs from a JVM shutdown
 * hook. When the JVM is killed outright, the kernel kills the server (see {@code PostgresLauncher}) and the next
 * start on the same data dir recovers it. When the JVM is root, the server runs as uid 65534 (nobody).
 */
public final class EmbeddedPostgres implements PostgresService {

    public static final String DEFAULT_USER = "gunstream";
    public static final String DEFAULT_PASSWORD = "gunstream";
    public static final String DEFAULT_DATABASE = "gunstream";

    /** Settings derived from the builder; overriding them would break {@link #jdbcUrl()} or logical decoding. */
    private static final Set<String> MANAGED_SETTINGS = Set.of("port", "listen_addresses", "unix_socket_directories",
            "data_directory", "hba_file", "ident_file", "config_file", "wal_level");
    /** The database every cluster has; used to connect before the application database exists. */
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final String SERVER_THREAD = "server";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final PostgresLauncher launcher;
    private final Process server;
    private final int port;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final String user;
    private final String password;
    private final String database;
    private final Duration stopTimeout;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgres(final Builder builder, final PostgresLauncher launcher, final Process server, final int port,
                             final Path dataDir, final boolean temporaryDataDir, final Duration startupTime) {
        this.launcher = launcher;
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.user = builder.user;
        this.password = builder.password;
        this.database = builder.database;
        this.stopTimeout = builder.stopTimeout;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::stop, "postgres-shutdown-" + port);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** JDBC URL of another database of this server, e.g. {@code postgres}. */
    public String jdbcUrl(final String databaseName) {
        return "jdbc:postgresql://" + LoopbackPorts.HOST + ":" + port + "/" + databaseName;
    }

    @Override
    public String host() {
        return LoopbackPorts.HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean temporaryDataDir() {
        return temporaryDataDir;
    }

    /** Process id of the postmaster (the server's main process). */
    public long pid() {
        return server.pid();
    }

    /** From {@link Builder#start()} until the first successful connection, including initdb on a new data dir. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the server (fast shutdown; killed after the stop timeout), frees the port, deletes a temporary data dir. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook runs (or ran) stop() itself.
        }
        stop();
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final long start = System.nanoTime();
        launcher.stop(server, stopTimeout);
        final long stopMillis = (System.nanoTime() - start) / 1_000_000;
        if (temporaryDataDir) {
            deleteQuietly(dataDir);
        }
        log.info("PostgreSQL on {}:{} stopped in {} ms{}", LoopbackPorts.HOST, port, stopMillis,
                temporaryDataDir ? " (temporary data dir deleted)" : "");
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + jdbcUrl() + ", pid " + server.pid() + ", data dir " + dataDir + "]";
    }

    private static void deleteQuietly(final Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("Could not delete temporary PostgreSQL data dir {}: {}", dir, e.toString());
        }
    }

    /** Settings for one server; {@link #start()} may be called more than once (each call starts a new server). */
    public static final class Builder {

        private int port;
        private Path dataDir;
        private Path binariesDir;
        private String user = DEFAULT_USER;
        private String password = DEFAULT_PASSWORD;
        private String database = DEFAULT_DATABASE;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(final int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (a free port) or 1..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Where the cluster lives. A new or empty directory is initialised; one that holds a cluster is reused with its
         * tables, roles and replication slots. {@code null} (the default): a temporary directory deleted on close.
         */
        public Builder dataDir(final Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Where the binaries are unpacked (once, then reused); default {@code java.io.tmpdir}. */
        public Builder binariesDir(final Path binariesDir) {
            this.binariesDir = binariesDir;
            return this;
        }

        /** Superuser created by initdb, with this password (SCRAM-SHA-256 over TCP); only used for a new data dir. */
        public Builder credentials(final String user, final String password) {
            this.user = requireNonBlank(user, "user");
            this.password = requireNonBlank(password, "password");
            return this;
        }

        /** The application database; created on start if missing. */
        public Builder database(final String database) {
            this.database = requireNonBlank(database, "database");
            return this;
        }

        public Builder startTimeout(final Duration startTimeout) {
            this.startTimeout = requirePositive(startTimeout, "startTimeout");
            return this;
        }

        /** How long a fast shutdown may take before the server is killed. */
        public Builder stopTimeout(final Duration stopTimeout) {
            this.stopTimeout = requirePositive(stopTimeout, "stopTimeout");
            return this;
        }

        /** A server setting passed as {@code -c name=value}, e.g. {@code max_replication_slots} or {@code fsync}. */
        public Builder setting(final String name, final String value) {
            Objects.requireNonNull(value, "value");
            if (name == null || !name.matches("[a-z_][a-z0-9_.]*")) {
                throw new IllegalArgumentException("Not a PostgreSQL setting name: " + name);
            }
            if (MANAGED_SETTINGS.contains(name)) {
                throw new IllegalArgumentException("Setting " + name + " is managed by EmbeddedPostgres; use the builder "
                        + "(port, dataDir) instead");
            }
            settings.put(name, value);
            return this;
        }

        /** Starts the server and returns once it accepts JDBC connections to {@link #database(String) the database}. */
        public EmbeddedPostgres start() {
            final long begin = System.nanoTime();
            final long deadline = begin + startTimeout.toNanos();
            final PostgresLauncher launcher = PostgresLauncher.forThisJvm();
            final Path bin = PostgresBinaries.installDir(binariesDir).resolve("bin");
            final boolean temporary = dataDir == null;
            final Path dir = temporary ? PostgresDataDir.createTemporary(launcher) : PostgresDataDir.prepare(dataDir, launcher);
            Process server = null;
            try {
                long initdbMillis = -1;
                if (!PostgresDataDir.isInitialised(dir)) {
                    final long initdbStart = System.nanoTime();
                    initdb(launcher, bin, dir);
                    initdbMillis = (System.nanoTime() - initdbStart) / 1_000_000;
                }
                final Started started = startServer(launcher, bin, dir, temporary, deadline);
                server = started.process();
                final Duration startupTime = Duration.ofNanos(System.nanoTime() - begin);
                final EmbeddedPostgres postgres = new EmbeddedPostgres(this, launcher, server, started.port(), dir,
                        temporary, startupTime);
                Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
                log.info("PostgreSQL ready at {} (data dir {}{}; {}ready in {} ms)", postgres.jdbcUrl(), dir,
                        temporary ? ", temporary" : "", initdbMillis >= 0 ? "initdb " + initdbMillis + " ms, " : "",
                        startupTime.toMillis());
                return postgres;
            } catch (RuntimeException e) {
                if (server != null) {
                    launcher.stop(server, stopTimeout);
                }
                if (temporary) {
                    deleteQuietly(dir);
                }
                throw e;
            }
        }

        private void initdb(final PostgresLauncher launcher, final Path bin, final Path dir) {
            final Path passwordFile = writePasswordFile(launcher);
            try {
                launcher.run(List.of(bin.resolve("initdb").toString(),
                        "-D", dir.toString(),
                        "-U", user,
                        "--pwfile=" + passwordFile,
                        // No Unix socket is opened (see startServer), so "local" lines never apply; TCP needs the password.
                        "--auth-local=trust",
                        "--auth-host=scram-sha-256",
                        "-E", "UTF8",
                        // The builtin provider (PostgreSQL 17) gives Unicode-aware upper/lower without relying on the
                        // host's libc locales, which a minimal container may lack.
                        "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8",
                        // A crash of the OS right after initdb is not worth ~0.5 s of fsync on every new data dir.
                        "--no-sync",
                        "--no-instructions"), dir, startTimeout);
            } catch (EmbeddedPostgresException e) {
                throw new EmbeddedPostgresException("initdb failed for data dir " + dir + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(passwordFile);
                } catch (IOException e) {
                    log.warn("Could not delete temporary password file {}: {}", passwordFile, e.toString());
                }
            }
        }

        private Path writePasswordFile(final PostgresLauncher launcher) {
            try {
                final Path file = Files.createTempFile("gunstream-postgres-pw-", "",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
                if (launcher.dropsRoot()) {
                    UnixIds.chown(file, PostgresLauncher.UNPRIVILEGED_ID, PostgresLauncher.UNPRIVILEGED_ID);
                }
                return file;
            } catch (IOException e) {
                throw new EmbeddedPostgresException("Could not write initdb's password file in "
                        + System.getProperty("java.io.tmpdir") + ": " + e, e);
            }
        }

        private record Started(Process process, int port) {
        }

        /**
         * Starts the postmaster and waits for a connection. Retries two transient failures until the deadline: a free
         * port taken by someone else in the meantime, and shared memory still held by the exiting server processes
         * of a killed earlier run on this data dir.
         */
        private Started startServer(final PostgresLauncher launcher, final Path bin, final Path dir, final boolean temporary,
                                    final long deadline) {
            if (port > 0 && !LoopbackPorts.isFree(port)) {
                throw new EmbeddedPostgresException("PostgreSQL port " + port + " on " + LoopbackPorts.HOST + " is in use. "
                        + "Stop what listens there (ss -ltnp 'sport = :" + port + "'), e.g. a system PostgreSQL, or "
                        + "choose another port (0 picks a free one)");
            }
            while (true) {
                PostgresDataDir.clearStaleLock(dir, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                final int chosenPort = LoopbackPorts.resolve(port);
                final List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(),
                        "-D", dir.toString(),
                        "-p", Integer.toString(chosenPort),
                        "-c", "listen_addresses=" + LoopbackPorts.HOST,
                        // No Unix socket: its default directory (/var/run/postgresql or /tmp) may not exist or be
                        // writable for the server user, and clients here use TCP anyway.
                        "-c", "unix_socket_directories=",
                        "-c", "wal_level=logical"));
                if (temporary && !settings.containsKey("fsync")) {
                    // A cluster deleted on close needs no durability; without this the first checkpoint (at the
                    // latest on close) flushes everything initdb --no-sync left unsynced, which takes seconds.
                    command.addAll(List.of("-c", "fsync=off"));
                }
                settings.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
                final PostgresLauncher.Launched launched = launcher.start(command, dir, SERVER_THREAD + "-" + chosenPort);
                final String failure = awaitReady(launcher, launched, chosenPort, dir, deadline);
                if (failure == null) {
                    return new Started(launched.process(), chosenPort);
                }
                launcher.stop(launched.process(), stopTimeout);
                final boolean portRace = port == 0 && failure.contains("Address already in use");
                final boolean oldServerExiting = failure.contains("pre-existing shared memory block");
                if ((portRace || oldServerExiting) && System.nanoTime() < deadline) {
                    log.info("PostgreSQL did not start ({}); retrying", portRace ? "port taken meanwhile"
                            : "server processes of an earlier run still exiting");
                    pause();
                    continue;
                }
                throw new EmbeddedPostgresException("PostgreSQL did not start on " + LoopbackPorts.HOST + ":" + chosenPort
                        + " (data dir " + dir + "). " + hint(failure, chosenPort, dir) + "\nServer output:\n" + failure);
            }
        }

        /** {@code null} once a connection succeeded (and the database exists), else the server's last output. */
        private String awaitReady(final PostgresLauncher launcher, final PostgresLauncher.Launched launched, final int chosenPort, final Path dir,
                                  final long deadline) {
            final Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", password);
            props.setProperty("connectTimeout", "5");
            props.setProperty("ApplicationName", "gunstream-embedded-start");
            final String url = "jdbc:postgresql://" + LoopbackPorts.HOST + ":" + chosenPort + "/" + MAINTENANCE_DATABASE;
            final org.postgresql.Driver driver = new org.postgresql.Driver();
            SQLException last = null;
            while (System.nanoTime() < deadline) {
                if (!launched.process().isAlive()) {
                    launched.awaitOutput();
                    return "exit code " + launched.process().exitValue() + "\n" + launched.outputTail();
                }
                if (!PostgresDataDir.serverReports(dir, launched.process().pid(), "ready")) {
                    pause();
                    continue;
                }
                try (Connection connection = driver.connect(url, props)) {
                    createDatabaseIfMissing(connection);
                    return null;
                } catch (SQLException e) {
                    last = e;
                    if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                        launcher.stop(launched.process(), stopTimeout);
                        throw new EmbeddedPostgresException("PostgreSQL on port " + chosenPort + " rejected user " + user
                                + ": " + e.getMessage() + ". Data dir " + dir + " was initialised with other credentials; "
                                + "use those (builder.credentials(...)) or a new data dir", e);
                    }
                }
                pause();
            }
            launcher.stop(launched.process(), stopTimeout);
            throw new EmbeddedPostgresException("PostgreSQL on " + LoopbackPorts.HOST + ":" + chosenPort + " (data dir " + dir
                    + ") accepted no connection within " + startTimeout + " (last error: " + last + "). Raise "
                    + "startTimeout if the machine is slow.\nServer output:\n" + launched.outputTail(), last);
        }

        private void createDatabaseIfMissing(final Connection connection) throws SQLException {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
            log.debug("Created database {}", database);
        }

        private static String hint(final String output, final int chosenPort, final Path dir) {
            if (output.contains("Address already in use") || output.contains("could not bind")) {
                return "Port " + chosenPort + " is taken: stop what listens there (ss -ltnp 'sport = :" + chosenPort
                        + "') or choose another port (0 picks a free one).";
            }
            if (output.contains("lock file") && output.contains("already exists")) {
                return "Another PostgreSQL server uses this data dir (see " + dir.resolve("postmaster.pid")
                        + "): stop it or choose another data dir.";
            }
            if (output.contains("pre-existing shared memory block")) {
                return "Server processes of an earlier run on this data dir are still alive: wait a few seconds, or end "
                        + "them (pgrep -a postgres) and start again.";
            }
            if (output.contains("incompatible with server")) {
                return "The data dir was created by another PostgreSQL major version: use a new data dir or pg_upgrade it.";
            }
            if (output.contains("Permission denied") || output.contains("wrong ownership")
                    || output.contains("invalid permissions")) {
                return "The server user cannot use the data dir: it must own it (mode 0700) and be able to enter every "
                        + "parent directory.";
            }
            return "See the server output below.";
        }

        /** Between connection attempts; short, because a fresh server is usually ready within 200 ms. */
        private static void pause() {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedPostgresException("Interrupted while starting PostgreSQL", e);
            }
        }

        private static String requireNonBlank(final String value, final String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }

        private static Duration requirePositive(final Duration value, final String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
