package io.gunstream.relay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.relay.RelayStack;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.stack.net.LoopbackPorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load benchmark: the same raw-WebSocket load ({@link LoadGenerator}) against a node gun.js relay and against our
 * relay in its own JVM (Kafka broker, schema registry and the streams app running in this JVM), in one run on
 * one machine, loopback only. Reports acked puts/s, ack latency, put→subscriber latency and the relay's resident
 * memory after the run, side by side as ratios. Not part of the build (the name matches neither *Test nor *IT):
 * {@code mvn -B -q -pl relay-adapter -am verify -DskipITs -Dtest=RelayLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.puts}, {@code -Dbench.connections}, {@code -Dbench.inflight}, {@code -Dbench.warmup},
 * {@code -Dbench.deadline.s}, {@code -Dbench.relay.jvm} change the run). Figures go to stdout as {@code FIGURE}
 * lines and to {@code relay-adapter/target/relay-load.txt}.
 */
class RelayLoadBenchmark {

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 500);
    private static final int IN_FLIGHT = Integer.getInteger("bench.inflight", 10);
    private static final int PUTS = Integer.getInteger("bench.puts", 100_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 10_000);
    private static final int SAMPLE_EVERY = Integer.getInteger("bench.sample", 10);
    private static final Duration DEADLINE = Duration.ofSeconds(Integer.getInteger("bench.deadline.s", 240));
    private static final Duration LOST_AFTER = Duration.ofSeconds(Integer.getInteger("bench.lost.s", 10));
    /** false: only our relay (for profiling it). */
    private static final boolean GUN_JS = Boolean.parseBoolean(System.getProperty("bench.gunjs", "true"));
    private static final String RELAY_JVM = System.getProperty("bench.relay.jvm", "-Xmx512m -XX:+UseSerialGC -Xss512k");

    @TempDir
    Path dir;

    private final List<String> figures = new ArrayList<>();

    private void figure(final String format, final Object... args) {
        final String line = "FIGURE " + String.format(format, args);
        System.out.println(line);
        figures.add(line);
    }

    @Test
    void ourRelayAgainstANodeGunJsRelay() throws Exception {
        figure("load: %d connections x %d puts in flight, %d puts (one new soul each, explicit state), warm-up %d puts,"
                + " subscriber asked for every %dth soul; relay JVM options: %s", CONNECTIONS, IN_FLIGHT, PUTS, WARMUP,
                SAMPLE_EVERY, RELAY_JVM);
        try (RelayStack stack = RelayStack.start()) {
            final URI query = stack.startStreams();

            LoadGenerator.Result gun = null;
            long[] gunMemory = null;
            final int gunPort = LoopbackPorts.freePort();
            if (GUN_JS) {
                try (NodeGun hub = NodeGun.relay(gunPort, dir.resolve("radata"))) {
                    final URI url = URI.create("ws://127.0.0.1:" + gunPort + "/gun");
                    report("gun.js warm-up", new LoadGenerator(url, "w1", Math.min(CONNECTIONS, 50), IN_FLIGHT, WARMUP, SAMPLE_EVERY, LOST_AFTER).run(DEADLINE));
                    gun = report("gun.js", new LoadGenerator(url, "g", CONNECTIONS, IN_FLIGHT, PUTS, SAMPLE_EVERY, LOST_AFTER).run(DEADLINE));
                    gunMemory = memory(hub.pid());
                    figure("gun.js relay (node pid %d) after %d nodes: VmRSS %d MB, VmHWM %d MB", hub.pid(), WARMUP + PUTS,
                            gunMemory[0] / 1024, gunMemory[1] / 1024);
                }
            }

            final LoadGenerator.Result ours;
            final long[] ourMemory;
            try (Child relay = Child.start(stack, query)) {
                report("gunstream warm-up", new LoadGenerator(relay.ws, "w2", Math.min(CONNECTIONS, 50), IN_FLIGHT, WARMUP, SAMPLE_EVERY, LOST_AFTER).run(DEADLINE));
                ours = report("gunstream", new LoadGenerator(relay.ws, "o", CONNECTIONS, IN_FLIGHT, PUTS, SAMPLE_EVERY, LOST_AFTER).run(DEADLINE));
                final int expect = ours.puts() + WARMUP;
                LoadGenerator.awaitBounded("relay caches all " + expect + " nodes", Duration.ofSeconds(60),
                        () -> relay.cachedNodes() >= expect);
                ourMemory = memory(relay.process.pid());
                figure("gunstream relay (JVM pid %d, %d nodes cached) after %d nodes: VmRSS %d MB, VmHWM %d MB",
                        relay.process.pid(), relay.cachedNodes(), expect, ourMemory[0] / 1024, ourMemory[1] / 1024);
            }
            Files.write(Path.of("target", "relay-load.txt"), figures, StandardCharsets.UTF_8);

            if (gun == null) {
                return;
            }
            figure("ratio gunstream / gun.js: acked puts/s %.2fx (goal >= 10x), ack p50 %.3f, ack p99 %.3f (goal <= 0.1),"
                            + " put->subscriber p50 %.3f, p99 %.3f, VmRSS %.3f (goal <= 0.25)",
                    ours.ackedPerSecond() / gun.ackedPerSecond(), (double) ours.ackP50() / gun.ackP50(),
                    (double) ours.ackP99() / gun.ackP99(), (double) ours.subP50() / gun.subP50(),
                    (double) ours.subP99() / gun.subP99(), (double) ourMemory[0] / gunMemory[0]);
            Files.write(Path.of("target", "relay-load.txt"), figures, StandardCharsets.UTF_8);
            assertThat(ours.acked()).isPositive();
            assertThat(gun.acked()).isPositive();
        }
    }

    private LoadGenerator.Result report(final String name, final LoadGenerator.Result r) {
        figure("%s: %d/%d puts acked, %d err, %d unanswered (counted lost after %d s, slot reused) in %.1f s = %.0f acked puts/s; ack p50 %.1f ms p99 %.1f ms;"
                        + " put->subscriber %d/%d seen, p50 %.1f ms p99 %.1f ms", name, r.acked(), r.puts(), r.errors(),
                r.unanswered(), LOST_AFTER.toSeconds(), r.seconds(), r.ackedPerSecond(), r.ackP50() / 1000.0, r.ackP99() / 1000.0,
                r.subReceived(), r.subSamples(), r.subP50() / 1000.0, r.subP99() / 1000.0);
        return r;
    }

    /** VmRSS and VmHWM of a process, in kB. */
    private static long[] memory(final long pid) throws Exception {
        long rss = -1;
        long hwm = -1;
        for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new long[] {rss, hwm};
    }

    /** Our relay in a child JVM on this test's class path. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final URI ws;
        final URI http;

        private Child(final Process process, final URI ws, final URI http) {
            this.process = process;
            this.ws = ws;
            this.http = http;
        }

        static Child start(final RelayStack stack, final URI query) throws Exception {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(RELAY_JVM.trim().split("\\s+")));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayChildMain.class.getName()));
            final Map<String, Object> settings = stack.relaySettings("relay.id", "relay-bench", "query.url", query.toString(),
                    "limit.messages.per.second", 1_000_000);
            settings.forEach((k, v) -> command.add(k + "=" + v));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .start();
            final CompletableFuture<String> ready = new CompletableFuture<>();
            final Path log = Path.of("target", "relay-load-child.log");
            final Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                     var out = Files.newBufferedWriter(log)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("READY ")) {
                            ready.complete(line);
                        }
                        out.write(line);
                        out.newLine();
                    }
                } catch (final Exception e) {
                    ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new IllegalStateException("relay child exited; see " + log));
            }, "relay-child-out");
            reader.setDaemon(true);
            reader.start();
            final String[] line = ready.get(120, TimeUnit.SECONDS).split(" ");
            return new Child(process, URI.create(line[1]), URI.create(line[2]));
        }

        int cachedNodes() throws Exception {
            final String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            final var m = java.util.regex.Pattern.compile("\"cachedNodes\"\\s*:\\s*(\\d+)").matcher(body);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
