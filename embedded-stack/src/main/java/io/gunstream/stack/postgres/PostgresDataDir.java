package io.gunstream.stack.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and prepares a PostgreSQL data directory before the server touches it, so that the usual mistakes (not
 * writable, owned by someone else, unreachable for the unprivileged server user, a leftover lock file) fail early
 * with a message that says what to do, instead of as a line in the server's log.
 */
final class PostgresDataDir {

    private static final Logger log = LoggerFactory.getLogger(PostgresDataDir.class);
    private static final String PG_VERSION = "PG_VERSION";
    private static final String POSTMASTER_PID = "postmaster.pid";

    private PostgresDataDir() {
    }

    /** Whether {@code dir} already holds a cluster (initdb has run), so it is reused as is. */
    static boolean isInitialised(final Path dir) {
        return Files.isRegularFile(dir.resolve(PG_VERSION));
    }

    /** A new empty data dir under {@code java.io.tmpdir}, owned by the user the server runs as. */
    static Path createTemporary(final PostgresLauncher launcher) {
        try {
            return prepare(Files.createTempDirectory("gunstream-postgres-data-"), launcher);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not create a temporary data dir in "
                    + System.getProperty("java.io.tmpdir") + ": " + e + ". Free some space there or pass a data dir", e);
        }
    }

    /** Creates {@code dir} if needed and makes it usable by the server: owner, mode 0700, reachable parents. */
    static Path prepare(final Path requested, final PostgresLauncher launcher) {
        final Path dir = requested.toAbsolutePath().normalize();
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new EmbeddedPostgresException("PostgreSQL data dir " + dir + " exists but is not a directory: "
                        + "pass a directory path");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not create PostgreSQL data dir " + dir + ": " + e
                    + ". Choose a writable location or create it with write permission for this user", e);
        }
        try {
            if (!isInitialised(dir) && !isEmpty(dir)) {
                throw new EmbeddedPostgresException("PostgreSQL data dir " + dir + " is not empty but holds no cluster "
                        + "(no " + PG_VERSION + "): pass an empty or new directory, or the data dir of an earlier run");
            }
            if (launcher.dropsRoot()) {
                takeOverForServerUser(dir);
            } else {
                requireOwnedByUs(dir);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("PostgreSQL data dir " + dir + " is not usable: " + e
                    + ". Make it writable for this user or choose another directory", e);
        }
        return dir;
    }

    private static void takeOverForServerUser(final Path dir) throws IOException {
        final int serverId = PostgresLauncher.UNPRIVILEGED_ID;
        for (Path parent = dir.toRealPath().getParent(); parent != null; parent = parent.getParent()) {
            final int mode = UnixIds.modeOf(parent);
            final boolean enterable = UnixIds.uidOf(parent) == serverId ? (mode & 0100) != 0 : (mode & 0001) != 0;
            if (!enterable) {
                throw new EmbeddedPostgresException("This JVM runs as root, so PostgreSQL runs as uid " + serverId
                        + " (nobody), and it cannot reach data dir " + dir + ": " + parent + " has mode "
                        + Integer.toOctalString(mode & 07777) + " (others may not enter it). Put the data dir under a "
                        + "directory everyone may enter (e.g. /var/lib/gunstream or /tmp) or allow it with: chmod o+x "
                        + parent);
            }
        }
        if (UnixIds.uidOf(dir) != serverId) {
            // New, or written by a run as a normal user: PostgreSQL insists on owning every file of its cluster.
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    UnixIds.chown(path, serverId, serverId);
                }
            }
        }
    }

    private static void requireOwnedByUs(final Path dir) throws IOException {
        final int owner = UnixIds.uidOf(dir);
        final int us = UnixIds.currentUid();
        if (owner != us) {
            throw new EmbeddedPostgresException("PostgreSQL data dir " + dir + " belongs to uid " + owner + " but this JVM "
                    + "runs as uid " + us + "; PostgreSQL must own its data dir (a run as root leaves it to uid "
                    + PostgresLauncher.UNPRIVILEGED_ID + "). Take it over with: chown -R " + us + " " + dir
                    + ", or choose another directory");
        }
        if (!Files.isWritable(dir)) {
            throw new EmbeddedPostgresException("PostgreSQL data dir " + dir + " is not writable by uid " + us
                    + ": chmod u+w " + dir + ", or choose another directory");
        }
    }

    /**
     * Removes a {@code postmaster.pid} whose server is gone. PostgreSQL removes a stale lock itself unless the pid in
     * it now belongs to another live process (pids are reused fast in containers); then it would refuse to start. A
     * server of this data dir that is still running (e.g. the orphan of a JVM killed a moment ago, which the kernel
     * is about to kill) is waited for up to {@code wait}.
     */
    static void clearStaleLock(final Path dir, final Duration wait) {
        final Path lock = dir.resolve(POSTMASTER_PID);
        final long pid;
        try {
            if (!Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            final List<String> lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            log.debug("Unreadable {}; leaving it to PostgreSQL: {}", lock, e.toString());
            return;
        }
        final Optional<ProcessHandle> holder = ProcessHandle.of(pid).filter(p -> isServerOf(p, dir));
        if (holder.isPresent()) {
            try {
                holder.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new EmbeddedPostgresException("A PostgreSQL server (pid " + pid + ") is still running on data dir "
                        + dir + ". Stop it (kill -INT " + pid + ") or use another data dir", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("onExit of a process handle does not fail", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedPostgresException("Interrupted while waiting for PostgreSQL pid " + pid + " to exit", e);
            }
        }
        try {
            if (Files.deleteIfExists(lock)) {
                log.info("Removed stale {} of an earlier run (pid {} is gone) in {}", POSTMASTER_PID, pid, dir);
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Could not remove stale lock file " + lock + ": " + e
                    + ". Delete it by hand; no server of this data dir is running", e);
        }
    }

    /**
     * Whether the lock file of the server with {@code pid} shows {@code status} ({@code starting}, {@code ready},
     * {@code stopping}): PostgreSQL 10+ keeps it up to date, and pg_ctl waits on it too. Reading a file is cheaper and
     * quieter than probing with connections, which the server logs as FATAL while it starts.
     */
    static boolean serverReports(final Path dir, final long pid, final String status) {
        try {
            final List<String> lines = Files.readAllLines(dir.resolve(POSTMASTER_PID), StandardCharsets.UTF_8);
            return lines.size() > 7 && lines.get(0).trim().equals(Long.toString(pid)) && lines.get(7).trim().equals(status);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isServerOf(final ProcessHandle process, final Path dir) {
        if (isZombie(process.pid())) {
            // Killed and waiting to be reaped by init (slow in some containers): it holds no port, lock or memory.
            return false;
        }
        final Optional<String[]> arguments = process.info().arguments();
        if (arguments.isEmpty()) {
            // Not readable (another user's process under hidepid): assume the worst and wait for it.
            return process.isAlive();
        }
        return process.info().command().map(c -> c.endsWith("postgres")).orElse(true)
                && List.of(arguments.get()).contains(dir.toString());
    }

    /** Whether {@code pid} has exited but is not reaped yet; Java's {@code isAlive} counts such a process as alive. */
    static boolean isZombie(final long pid) {
        try {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // "pid (comm) S ...": the state follows the last ')' because comm may contain anything.
            return stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isEmpty(final Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
