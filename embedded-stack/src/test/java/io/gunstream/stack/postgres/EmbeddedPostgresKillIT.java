package io.gunstream.stack.postgres;

import static io.gunstream.stack.postgres.EmbeddedPostgresIT.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL must not outlive a JVM killed with SIGKILL, and the next start on its data dir must recover. */
class EmbeddedPostgresKillIT {

    @TempDir
    Path tmp;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void serverDiesWithKilledJvmAndDataDirRecovers() throws Exception {
        final Path dataDir = tmp.resolve("pg");
        final long[] readyLine = startChild(dataDir);
        final int port = (int) readyLine[0];
        final long serverPid = readyLine[1];

        final String url = "jdbc:postgresql://127.0.0.1:" + port + "/gunstream";
        try (Connection c = DriverManager.getConnection(url, "gunstream", "gunstream"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivor (id int PRIMARY KEY)");
            s.execute("INSERT INTO survivor VALUES (42)");
            s.execute("SELECT pg_create_logical_replication_slot('survivor_slot', 'pgoutput')");
        }

        final List<Long> serverProcesses = new ArrayList<>(List.of(serverPid));
        ProcessHandle.of(serverPid).orElseThrow().children().forEach(p -> serverProcesses.add(p.pid()));
        assertThat(serverProcesses).as("postmaster and its background workers").hasSizeGreaterThan(3);

        final long killedAt = System.nanoTime();
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        final long childGoneAt = System.nanoTime();
        final List<Long> polledAt = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    polledAt.add((System.nanoTime() - killedAt) / 1_000_000);
                    return serverProcesses.stream().noneMatch(EmbeddedPostgresKillIT::running);
                });
        System.out.printf("FIGURE all %d PostgreSQL processes dead at most %d ms after SIGKILL of their JVM "
                + "(JVM reaped after %d ms, %d polls)%n", serverProcesses.size(), polledAt.get(polledAt.size() - 1),
                (childGoneAt - killedAt) / 1_000_000, polledAt.size());
        assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).as("a killed server leaves its lock file").isTrue();

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDir(dataDir).start();
             Connection c = EmbeddedPostgresIT.connect(pg); Statement s = c.createStatement()) {
            System.out.printf("FIGURE postgres start after kill -9 (crash recovery): %d ms%n", pg.startupTime().toMillis());
            assertThat(strings(s, "SELECT id FROM survivor")).containsExactly("42");
            assertThat(strings(s, "SELECT slot_name FROM pg_replication_slots")).containsExactly("survivor_slot");
        }
    }

    @Test
    void sigtermOfJvmStopsServerCleanlyThroughShutdownHook() throws Exception {
        final Path dataDir = tmp.resolve("pg");
        final long serverPid = startChild(dataDir)[1];
        child.destroy(); // SIGTERM: the JVM exits normally and runs its shutdown hooks
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running(serverPid)).as("server stopped before its JVM exited").isFalse();
        // A clean shutdown removes the lock file; a killed server would leave it.
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
        assertThat(dataDir.resolve("PG_VERSION")).exists();
    }

    /** Starts {@link PostgresChildMain} on {@code dataDir}; returns its port and postmaster pid. */
    private long[] startChild(final Path dataDir) throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresChildMain.class.getName(), dataDir.toString()).redirectErrorStream(true).start();
        final CompletableFuture<String> ready = new CompletableFuture<>();
        final StringBuilder output = new StringBuilder();
        final Process process = child;
        final Thread reader = new Thread(() -> readUntilReady(process, ready, output), "child-output");
        reader.setDaemon(true);
        reader.start();
        final String[] readyLine = ready.get(90, TimeUnit.SECONDS).split(" ");
        return new long[] {Long.parseLong(readyLine[1]), Long.parseLong(readyLine[2])};
    }

    /** Exited processes stay zombies until init reaps them, which some container inits do only every second or so. */
    private static boolean running(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !PostgresDataDir.isZombie(pid);
    }

    private static void readUntilReady(final Process process, final CompletableFuture<String> ready,
                                       final StringBuilder output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.complete(line);
                } else {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            }
            synchronized (output) {
                ready.completeExceptionally(new IllegalStateException("child JVM ended before READY:\n" + output));
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

}
