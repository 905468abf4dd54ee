package io.gunstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * {@code bin/gunstream up ...} of the built distribution as a child process, as a user runs it: stdout followed line
 * by line (echoed with a prefix), the READY line awaited, SIGTERM to stop. Plus the process and port helpers the
 * end-to-end tests share.
 *
 * <p>Lifecycle: {@link #start}, {@link #awaitReady}, {@link #stop}; {@link #close()} kills what is left (for
 * {@code finally}).
 */
public final class UpProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout;
    private final long startNanos;
    private long timeToReadyMs = -1;
    private List<ProcessHandle> children = List.of();

    private UpProcess(final Process process, final List<String> stdout, final long startNanos) {
        this.process = process;
        this.stdout = stdout;
        this.startNanos = startNanos;
    }

    /** The distribution failsafe points at (built in package). */
    static Path dist() {
        final Path dist = Path.of(System.getProperty("gunstream.dist.dir", "target/gunstream-dist"));
        assertThat(dist.resolve("bin/gunstream")).as("the distribution is built in package, before this test").isExecutable();
        return dist;
    }

    /** Starts {@code bin/gunstream up <args>}; its stderr goes to {@code target/<name>.stderr.log}. */
    static UpProcess start(final String name, final List<String> args) throws IOException {
        return start(dist(), Files.createDirectories(Path.of("target")).resolve(name + ".stderr.log"), name, args);
    }

    /** Starts {@code <dist>/bin/gunstream up <args>} with its stderr in {@code stderrLog}; stdout lines echo as {@code [name]}. */
    public static UpProcess start(final Path dist, final Path stderrLog, final String name, final List<String> args)
            throws IOException {
        final List<String> command = new ArrayList<>(List.of(dist.resolve("bin/gunstream").toString(), "up"));
        command.addAll(args);
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(stderrLog.toFile());
        final long startNanos = System.nanoTime();
        final Process process = builder.start();
        return new UpProcess(process, follow(process, name), startNanos);
    }

    /** Waits for the READY line (failing fast if the process ends) and returns it; remembers the time it took. */
    public String awaitReady(final Duration timeout) {
        final String ready = Awaitility.await("READY line").atMost(timeout).pollInterval(Duration.ofMillis(50))
                .failFast("gunstream up exited: " + stdout, () -> !process.isAlive())
                .until(() -> stdout.stream().filter(l -> l.startsWith("READY")).findFirst().orElse(null), l -> l != null);
        timeToReadyMs = (System.nanoTime() - startNanos) / 1_000_000;
        children = process.descendants().toList();
        return ready;
    }

    public long timeToReadyMs() {
        return timeToReadyMs;
    }

    List<String> stdout() {
        return stdout;
    }

    Process process() {
        return process;
    }

    /** Child processes seen at READY (PostgreSQL). */
    List<ProcessHandle> children() {
        return children;
    }

    /** RSS of the JVM alone. */
    long jvmRssKb() {
        return rssKb(process.toHandle());
    }

    /** RSS of the JVM and its child processes. */
    long totalRssKb() {
        return rssKb(process.toHandle()) + process.descendants().mapToLong(UpProcess::rssKb).sum();
    }

    /**
     * SIGTERM (through the handle: {@link Process#destroy()} would also close our end of the child's stdout), then
     * waits for the exit; returns the exit code. Asserts the child processes are gone too.
     */
    public int stop(final Duration timeout) throws InterruptedException {
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("exits after SIGTERM; output: " + stdout)
                .isTrue();
        for (final ProcessHandle child : children) {
            Awaitility.await("pid " + child.pid() + " gone").atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<String> follow(final Process process, final String name) {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println("[" + name + "] " + line);
                    lines.add(line);
                }
            } catch (IOException e) {
                // process ended
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Resident set size from /proc, 0 when the process is gone. */
    static long rssKb(final ProcessHandle process) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return 0;
    }

    public static int[] freePorts(final int count) throws IOException {
        final List<ServerSocket> sockets = new ArrayList<>();
        try {
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (final ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** The {@code --*-port} flags for six ports: relay, query, kafka, connect, pg, s3. */
    public static List<String> portFlags(final int[] ports) {
        return List.of("--relay-port", "" + ports[0], "--query-port", "" + ports[1], "--kafka-port", "" + ports[2],
                "--connect-port", "" + ports[3], "--pg-port", "" + ports[4], "--s3-port", "" + ports[5]);
    }
}
