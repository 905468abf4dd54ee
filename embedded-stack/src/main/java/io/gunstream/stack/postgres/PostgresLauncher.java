package io.gunstream.stack.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts PostgreSQL's programs so that they never run as root and never outlive this JVM for long.
 *
 * <p>On Linux every program runs through {@code setpriv --pdeathsig KILL}: the kernel kills it when its parent dies,
 * even by {@code kill -9}. The parent the kernel watches is the <em>thread</em> that forked, so each program is
 * started from its own thread that lives exactly as long as the program. When the JVM is root, {@code setpriv} also
 * switches to uid/gid {@value #UNPRIVILEGED_ID} (nobody), because PostgreSQL refuses to run as root; this needs no
 * user namespaces, so it works in containers that block them. Without {@code setpriv} (macOS) programs start
 * directly and only the shutdown hook stops them.
 */
final class PostgresLauncher {

    /** uid and gid PostgreSQL runs as when the JVM is root: {@code nobody}/{@code nogroup} on Linux. */
    static final int UNPRIVILEGED_ID = 65534;

    private static final Logger log = LoggerFactory.getLogger(PostgresLauncher.class);
    private static final int OUTPUT_TAIL_LINES = 40;
    private static final List<Path> SETPRIV_LOCATIONS = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"),
            Path.of("/usr/sbin/setpriv"), Path.of("/sbin/setpriv"));

    private final boolean root;
    private final Path setpriv;

    private PostgresLauncher(final boolean root, final Path setpriv) {
        this.root = root;
        this.setpriv = setpriv;
    }

    static PostgresLauncher forThisJvm() {
        final boolean root = UnixIds.currentUid() == 0;
        final Path setpriv = SETPRIV_LOCATIONS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (root && setpriv == null) {
            throw new EmbeddedPostgresException("PostgreSQL refuses to run as root and this JVM is root, but setpriv "
                    + "(util-linux) is missing, which is needed to run it as uid " + UNPRIVILEGED_ID + ". Install util-linux "
                    + "(apt-get install util-linux) or run the JVM as a normal user");
        }
        return new PostgresLauncher(root, setpriv);
    }

    /** Whether the JVM is root, so the server runs as {@value #UNPRIVILEGED_ID} and its files must belong to it. */
    boolean dropsRoot() {
        return root;
    }

    /** Whether the kernel kills the programs when their starting thread (and so the JVM) dies. */
    boolean killedWithParent() {
        return setpriv != null;
    }

    /** Runs a short program (initdb) to its end and returns its output; a non-zero exit throws with that output. */
    String run(final List<String> program, final Path workDir, final Duration timeout) {
        final Launched launched = start(program, workDir, program.get(0));
        final Process process = launched.process();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new EmbeddedPostgresException(Path.of(program.get(0)).getFileName() + " did not finish within "
                        + timeout + ". Output:\n" + launched.outputTail());
            }
            launched.awaitOutput();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("Interrupted while waiting for " + program.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new EmbeddedPostgresException(Path.of(program.get(0)).getFileName() + " failed with exit code "
                    + process.exitValue() + ". Output:\n" + launched.outputTail());
        }
        return launched.outputTail();
    }

    /** Starts a long-running program (the server) on its own thread; its output goes to the log and a short tail. */
    Launched start(final List<String> program, final Path workDir, final String threadName) {
        final List<String> command = new ArrayList<>();
        if (setpriv != null) {
            command.add(setpriv.toString());
            if (root) {
                command.addAll(List.of("--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups"));
            }
            command.addAll(List.of("--pdeathsig", "KILL"));
        }
        command.addAll(program);
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        // Messages in English whatever the host locale, so the hints in our errors can match them.
        builder.environment().put("LC_MESSAGES", "C");
        builder.environment().remove("PGDATA");
        final CompletableFuture<Process> started = new CompletableFuture<>();
        final Thread owner = new Thread(() -> {
            final Process process;
            try {
                process = builder.start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(process);
            // This thread must outlive the process: the kernel sends --pdeathsig when the forking thread ends.
            process.onExit().join();
        }, "postgres-owner-" + threadName);
        owner.setDaemon(true);
        owner.start();
        final Process process;
        try {
            process = started.join();
        } catch (CompletionException e) {
            throw new EmbeddedPostgresException("Could not run " + String.join(" ", command) + ": " + e.getCause()
                    + ". Check that the binaries directory is executable (not mounted noexec)", e.getCause());
        }
        final Launched launched = new Launched(process);
        final Thread pump = new Thread(launched::pumpOutput, "postgres-output-" + threadName);
        pump.setDaemon(true);
        pump.start();
        return launched;
    }

    /** Asks the server for a fast shutdown (SIGINT), then kills it if it has not stopped within {@code timeout}. */
    void stop(final Process process, final Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        // SIGTERM (Process.destroy) is PostgreSQL's "smart" shutdown, which waits for every client to disconnect;
        // SIGINT is the "fast" one: it rolls back open transactions, disconnects clients and checkpoints.
        if (!sendInterrupt(process.pid())) {
            process.destroy();
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("PostgreSQL (pid {}) did not stop within {}; killing it", process.pid(), timeout);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean sendInterrupt(final long pid) {
        try {
            final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            log.debug("Could not run kill -INT {}: {}; falling back to SIGTERM", pid, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A started program and the last lines of its output (stdout and stderr merged). */
    static final class Launched {

        private static final Logger serverLog = LoggerFactory.getLogger("io.gunstream.stack.postgres.server");

        private final Process process;
        private final Deque<String> tail = new ArrayDeque<>();
        private final CompletableFuture<Void> outputDone = new CompletableFuture<>();

        private Launched(final Process process) {
            this.process = process;
        }

        Process process() {
            return process;
        }

        synchronized String outputTail() {
            return String.join("\n", tail);
        }

        void awaitOutput() {
            outputDone.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }

        private void pumpOutput() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    remember(line);
                    if ((line.contains("FATAL") || line.contains("PANIC")) && !isExpected(line)) {
                        serverLog.warn("[pid {}] {}", process.pid(), line);
                    } else {
                        serverLog.debug("[pid {}] {}", process.pid(), line);
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process is killed; nothing is lost that the tail would need.
                serverLog.debug("Output of pid {} ended: {}", process.pid(), e.toString());
            } finally {
                outputDone.complete(null);
            }
        }

        /** FATALs that every start and stop produces for clients (our own readiness probe included). */
        private static boolean isExpected(final String line) {
            return line.contains("the database system is starting up")
                    || line.contains("the database system is not yet accepting connections")
                    || line.contains("the database system is shutting down")
                    || line.contains("terminating connection due to administrator command");
        }

        private synchronized void remember(final String line) {
            if (tail.size() == OUTPUT_TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }
}
