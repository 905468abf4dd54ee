package io.gunstream.cli.up;

import io.gunstream.cli.CliException;
import io.gunstream.cli.Distribution;
import io.gunstream.cli.Progress;
import io.gunstream.cli.StopSignal;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gunstream up}: the whole backbone on this machine, until SIGINT/SIGTERM. Flags, defaults and the READY line
 * are the contract in design.md. Every flag also reads an environment variable ({@code GUNSTREAM_DATA_DIR},
 * {@code GUNSTREAM_RELAY_PORT}, ...); a flag given on the command line wins.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the whole backbone on this machine (embedded Kafka, Connect, PostgreSQL, S3).",
                "",
                "Starts a Kafka broker (KRaft), schema registry, PostgreSQL, an S3 endpoint (stands in for Storj),",
                "Kafka Connect with the gunstream plugin and Debezium, the streams app with its query API, and a relay",
                "for gun.js clients, then prints one READY line. SIGINT/SIGTERM stops everything (exit code 0).",
                "Every port listens on 127.0.0.1."},
        footer = {"", "Local credentials: PostgreSQL gunstream/gunstream, database gunstream; S3 access key gunstream,",
                "secret gunstream-secret, bucket gunstream, region us-east-1, path-style."})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:GUNSTREAM_DATA_DIR:-./data}",
            description = "All state (default ${DEFAULT-VALUE}, env GUNSTREAM_DATA_DIR); a later up on it resumes.")
    Path dataDir;

    @Option(names = "--ephemeral", defaultValue = "${env:GUNSTREAM_EPHEMERAL:-false}",
            description = "Use a temporary data dir, deleted on exit (env GUNSTREAM_EPHEMERAL=true).")
    boolean ephemeral;

    @Option(names = "--relay-port", paramLabel = "PORT", defaultValue = "${env:GUNSTREAM_RELAY_PORT:-8765}",
            description = "gun.js relay, ws://127.0.0.1:PORT/gun (default ${DEFAULT-VALUE}, env GUNSTREAM_RELAY_PORT).")
    int relayPort;

    @Option(names = "--query-port", paramLabel = "PORT", defaultValue = "${env:GUNSTREAM_QUERY_PORT:-8080}",
            description = "Query API (GET /nodes/{soul}) (default ${DEFAULT-VALUE}, env GUNSTREAM_QUERY_PORT).")
    int queryPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${env:GUNSTREAM_KAFKA_PORT:-9092}",
            description = "Kafka broker (default ${DEFAULT-VALUE}, env GUNSTREAM_KAFKA_PORT).")
    int kafkaPort;

    @Option(names = "--connect-port", paramLabel = "PORT", defaultValue = "${env:GUNSTREAM_CONNECT_PORT:-8083}",
            description = "Kafka Connect REST API (default ${DEFAULT-VALUE}, env GUNSTREAM_CONNECT_PORT).")
    int connectPort;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "${env:GUNSTREAM_PG_PORT:-5432}",
            description = "PostgreSQL (default ${DEFAULT-VALUE}, env GUNSTREAM_PG_PORT).")
    int pgPort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "${env:GUNSTREAM_S3_PORT:-9000}",
            description = "S3 endpoint (default ${DEFAULT-VALUE}, env GUNSTREAM_S3_PORT).")
    int s3Port;

    @Override
    public Integer call() throws InterruptedException {
        final Progress progress = new Progress(System.out, System.nanoTime());
        final UpPorts ports = new UpPorts(relayPort, queryPort, kafkaPort, connectPort, pgPort, s3Port);
        final Path pluginPath = Distribution.current().pluginPath();
        ports.requireFree();
        final Path root = ephemeral ? temporaryRoot() : dataDir.toAbsolutePath().normalize();
        final Path logFile = root.resolve("logs").resolve("gunstream.log");
        // before the first logger exists: log4j2.xml reads it once
        System.setProperty("gunstream.log.file", logFile.toString());
        progress.step("data dir " + root + (ephemeral ? " (temporary, deleted on exit)" : "") + ", log " + logFile);
        final StopSignal stop = StopSignal.install();
        final UpSettings settings = new UpSettings(root, ephemeral, ports, pluginPath);
        final LocalBackbone backbone;
        try {
            backbone = LocalBackbone.start(settings, progress, stop);
        } catch (LocalBackbone.StartAborted e) {
            progress.step(e.getMessage() + "; everything stopped");
            deleteIfEphemeral(root, true);
            return 0;
        } catch (RuntimeException e) {
            deleteIfEphemeral(root, false);
            throw e instanceof CliException ? new CliException(e.getMessage() + " (log: " + logFile + ")", e) : e;
        }
        progress.line(backbone.ready().toString());
        stop.await();
        progress.step(stop.name() + ": stopping relay, streams app, Kafka Connect, S3, PostgreSQL, schema registry, Kafka");
        backbone.close();
        deleteIfEphemeral(root, true);
        progress.step("stopped");
        return 0;
    }

    private static Path temporaryRoot() {
        try {
            final Path root = Files.createTempDirectory("gunstream-up-");
            // As root, PostgreSQL runs as an unprivileged user that must be able to enter the dirs above its own.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            return root;
        } catch (IOException | UnsupportedOperationException e) {
            throw new CliException("cannot create a temporary data dir in " + System.getProperty("java.io.tmpdir") + ": "
                    + e.getMessage() + " (set TMPDIR, or use --data-dir)", e);
        }
    }

    /** Deletes an ephemeral root; after a failed start the logs stay, so the error can be looked into. */
    private void deleteIfEphemeral(final Path root, final boolean withLogs) {
        if (!ephemeral) {
            return;
        }
        final Path logs = root.resolve("logs");
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attrs) {
                    return !withLogs && dir.equals(logs) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException exc) throws IOException {
                    if (withLogs || !dir.equals(root)) {
                        Files.deleteIfExists(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("[gunstream] could not delete the temporary data dir " + root + ": " + e.getMessage());
        }
    }
}
