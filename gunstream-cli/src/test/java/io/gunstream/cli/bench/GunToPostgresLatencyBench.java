package io.gunstream.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gunstream.cli.UpProcess;
import io.gunstream.cli.bench.Arrivals.Arrival;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * End to end, as a user runs it: {@code bin/gunstream up --ephemeral} (the built distribution, a child process), real
 * gun.js clients (node, {@code bench/gun-load.js}) writing device nodes {@code devices/<client>-d<n>} through the relay,
 * rows landing in {@code gun.devices} through streams (HAM merge, {@code gun.nodes}) and the Debezium JDBC sink with
 * connect-config's {@code jdbc-sink-state.json}. A deferred trigger ({@link Arrivals}) stamps each row version at commit;
 * latency = that stamp minus the issue time the client wrote into the row ({@code t}, same machine clock).
 *
 * <p>Phases: warm-up (every device written, rows awaited, then the trigger installed), a fixed moderate rate (latency),
 * as fast as the relay acks (rows/s landed). Reference in the same run against the same PostgreSQL, same columns, same
 * trigger: a plain JDBC upsert ({@code INSERT .. ON CONFLICT (soul) DO UPDATE}, the statement the sink issues) into a copy
 * of the table, one autocommitted row at a time at the fixed rate (latency floor), and in batches of the sink's
 * {@code batch.size} per transaction as fast as one connection goes (rows/s ceiling of the last hop).
 *
 * <p>Settings (system properties): {@code bench.clients} (4), {@code bench.devices} per client (250),
 * {@code bench.rate} puts/s in all (200), {@code bench.seconds} of the fixed phase (60), {@code bench.max.seconds} (60),
 * {@code bench.inflight} unacknowledged puts per client at max rate (100), {@code bench.warmup.seconds} (30),
 * {@code bench.ref.batch} (500, the sink's default {@code batch.size}), {@code bench.dist}, {@code bench.gunjs};
 * {@code bench.attach} = the READY line of a {@code gunstream up} already running (fresh data dir) instead of starting one.
 * Not part of {@code mvn verify}: see docs/benchmarks.md for the command.
 */
public final class GunToPostgresLatencyBench {

    private static final Pattern READY = Pattern.compile(
            "^READY relay=(\\S+) query=(\\S+) kafka=(\\S+) connect=(\\S+) postgres=(\\S+) s3=(\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SINK = "gunstream-jdbc-sink-state";
    private static final String TABLE = "gun.devices";
    private static final String REF_TABLE = "bench.devices_ref";

    private final int clients = Integer.getInteger("bench.clients", 4);
    private final int devices = Integer.getInteger("bench.devices", 250);
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "200"));
    private final int seconds = Integer.getInteger("bench.seconds", 60);
    private final int maxSeconds = Integer.getInteger("bench.max.seconds", 60);
    private final int inflight = Integer.getInteger("bench.inflight", 100);
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 30);
    private final int refBatch = Integer.getInteger("bench.ref.batch", 500);
    private final List<String> report = new ArrayList<>();

    /** The load of one phase as the clients report it, and the row versions that landed for it. */
    private record Phase(String id, long sent, long acked, long errs, long lost, long firstSendUs, long lastSendUs,
                         double[] ackMs, List<Arrival> arrivals, double[] uncommittedMs, double[] committedMs,
                         List<String> errors) {

        /** First arrival of each (soul, t) issued in this phase. */
        List<Arrival> landed() {
            final Set<String> seen = new HashSet<>();
            return arrivals.stream().filter(a -> a.issuedUs() >= firstSendUs && a.issuedUs() <= lastSendUs)
                    .filter(a -> seen.add(a.soul() + "@" + a.issuedUs())).toList();
        }

        double[] latenciesMs() {
            return landed().stream().mapToDouble(a -> (a.arrivedUs() - a.issuedUs()) / 1000.0).sorted().toArray();
        }

        double sendSeconds() {
            return Math.max(1, lastSendUs - firstSendUs) / 1e6;
        }

        /** Rows landed per second while the load ran, after {@code settleS} seconds to fill the pipeline. */
        double rowsPerSecondUnderLoad(final double settleS) {
            final long from = firstSendUs + (long) (settleS * 1e6);
            final long count = landed().stream().filter(a -> a.arrivedUs() >= from && a.arrivedUs() <= lastSendUs).count();
            return count / ((lastSendUs - from) / 1e6);
        }

        /** Rows landed per second from the first put until the last row landed. */
        double rowsPerSecondUntilDrained() {
            final List<Arrival> landed = landed();
            final long last = landed.stream().mapToLong(Arrival::arrivedUs).max().orElse(firstSendUs + 1);
            return landed.size() / ((last - firstSendUs) / 1e6);
        }
    }

    private GunToPostgresLatencyBench() {
    }

    public static void main(final String[] args) throws Exception {
        new GunToPostgresLatencyBench().run();
    }

    private void run() throws Exception {
        final Path dist = existing(System.getProperty("bench.dist"), "gunstream-cli/target/gunstream-dist", "target/gunstream-dist");
        final Path gunJs = existing(System.getProperty("bench.gunjs"), "gun-js", "../gun-js");
        final Path work = Files.createTempDirectory("gun-pg-bench");
        note("load average at start: " + loadAverage());
        final String attach = System.getProperty("bench.attach");
        if (attach != null) {
            final Matcher ready = READY.matcher(attach.trim());
            if (!ready.matches()) {
                throw new IllegalArgumentException("bench.attach must be the READY line of a running gunstream up: " + attach);
            }
            measure(ready, gunJs, work);
            System.out.println("==== report");
            report.forEach(System.out::println);
            return;
        }
        final List<String> args = new ArrayList<>(List.of("--ephemeral"));
        args.addAll(UpProcess.portFlags(UpProcess.freePorts(6)));
        try (UpProcess up = UpProcess.start(dist, work.resolve("gunstream-up.stderr.log"), "up", args)) {
            final String readyLine = up.awaitReady(Duration.ofMinutes(5));
            final Matcher ready = READY.matcher(readyLine);
            if (!ready.matches()) {
                throw new IllegalStateException("unexpected READY line: " + readyLine);
            }
            note(String.format(Locale.ROOT, "gunstream up READY in %.1f s", up.timeToReadyMs() / 1e3));
            measure(ready, gunJs, work);
            up.stop(Duration.ofSeconds(90));
        } finally {
            System.out.println();
            System.out.println("==== report");
            report.forEach(System.out::println);
        }
    }

    private void measure(final Matcher ready, final Path gunJs, final Path work) throws Exception {
        final List<GunLoadClient> load = new ArrayList<>();
        final URI connect = URI.create(ready.group(4));
        final JsonNode sink = sinkSettings(connect);
        overrideSink(connect, sink);
        final String registry = sink.path("value.converter.schema.registry.url").asText();
        try (NodesTap uncommitted = new NodesTap(ready.group(3), registry, "read_uncommitted");
             NodesTap committed = new NodesTap(ready.group(3), registry, "read_committed")) {
            taps = List.of(uncommitted, committed);
            final String peer = ready.group(1).replace("ws://", "http://");
            for (int i = 0; i < clients; i++) {
                load.add(GunLoadClient.start("c" + i, peer, gunJs, work));
            }
            try (Connection pg = DriverManager.getConnection(ready.group(5), "gunstream", "gunstream")) {
                final Arrivals arrivals = new Arrivals(pg);
                warmUp(load, pg);
                arrivals.install();
                arrivals.watch(TABLE);
                note("load average before the fixed-rate phase: " + loadAverage());
                final Phase fixed = phase("fixed", load, arrivals, rate, seconds, 0);
                summarize(fixed, "fixed " + fmt(rate) + " puts/s");
                note("load average before the max-rate phase: " + loadAverage());
                final Phase max = phase("max", load, arrivals, 0, maxSeconds, inflight);
                summarize(max, "max (" + inflight + " in flight per client)");
                note("load average before the JDBC reference: " + loadAverage());
                final List<String> columns = prepareReference(pg, arrivals);
                final double[] refLatency = referenceAtRate(pg, arrivals, columns, Math.min(seconds, 30));
                final int refRows = Math.max(20_000, max.landed().size());
                final double refRowsPerSecond = referenceBatched(pg, arrivals, columns, refRows);
                final double e2eRows = max.rowsPerSecondUnderLoad(Math.min(10, maxSeconds / 4.0));
                final double[] e2eLatency = fixed.latenciesMs();
                note("");
                note("| | p50 ms | p95 ms | p99 ms | max ms |");
                note("|---|---|---|---|---|");
                note("| put -> relay ack (Kafka acks=all), " + fmt(rate) + " puts/s | " + pcts(fixed.ackMs()) + " |");
                note("| put -> on gun.nodes, read_uncommitted | " + pcts(fixed.uncommittedMs()) + " |");
                note("| put -> on gun.nodes, read_committed | " + pcts(fixed.committedMs()) + " |");
                note("| put -> row in PostgreSQL (end to end) | " + pcts(e2eLatency) + " |");
                note("| JDBC upsert, one row per transaction, " + fmt(rate) + " rows/s (reference) | " + pcts(refLatency) + " |");
                note("");
                note(String.format(Locale.ROOT, "FIGURE rows/s end to end at max rate (landed while loading) %.0f;"
                                + " JDBC upsert reference (batches of %d) %.0f; ratio %.3f", e2eRows, refBatch,
                        refRowsPerSecond, e2eRows / refRowsPerSecond));
                note("load average at the end: " + loadAverage());
            }
        } finally {
            load.forEach(GunLoadClient::close);
        }
    }

    private List<NodesTap> taps = List.of();

    // ------------------------------------------------------------------ phases

    private void warmUp(final List<GunLoadClient> load, final Connection pg) throws Exception {
        final int total = clients * devices;
        final double warmRate = Math.max(rate, 2.0 * total / Math.max(1, warmupSeconds - 5));
        final long begin = System.nanoTime();
        final List<JsonNode> done = runAll(load, "warmup", warmRate, warmupSeconds, 0);
        final long lastSendUs = done.stream().mapToLong(d -> d.path("lastSendUs").asLong()).max().orElseThrow();
        // every device row there, and the last put of the warm-up landed: the pipeline is idle again
        awaitSql(pg, "SELECT count(*) FROM " + TABLE + " WHERE t >= 0", total, Duration.ofMinutes(5));
        awaitSql(pg, "SELECT count(*) FROM " + TABLE + " WHERE t = " + lastSendUs, 1, Duration.ofMinutes(5));
        note(String.format(Locale.ROOT, "warm-up: %d puts at %s puts/s to %d devices, landed after %.1f s", sent(done),
                fmt(warmRate), total, (System.nanoTime() - begin) / 1e9));
    }

    private Phase phase(final String id, final List<GunLoadClient> load, final Arrivals arrivals, final double totalRate,
                        final int phaseSeconds, final int perClientInflight) throws Exception {
        arrivals.clear();
        taps.forEach(NodesTap::clear);
        final List<JsonNode> done = runAll(load, id, totalRate, phaseSeconds, perClientInflight);
        final long sent = sent(done);
        final long errs = done.stream().mapToLong(d -> d.path("errs").asLong()).sum();
        // wait for the pipeline to drain: every put that was not refused landed, or nothing new for 20 s
        final long expected = sent - errs;
        final Stall stall = new Stall(Duration.ofSeconds(20));
        try {
            Awaitility.await("every acked put landed, or nothing new for 20 s").atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> arrivals.count("devices"), landed -> landed >= expected || stall.stalled(landed));
        } catch (final ConditionTimeoutException e) {
            note("the pipeline had not drained after 10 minutes; measuring what landed");
        }
        final double[] acks = done.stream().flatMapToDouble(d -> {
            final double[] ms = new double[d.path("ackMs").size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = d.path("ackMs").get(i).asDouble();
            }
            return Arrays.stream(ms);
        }).sorted().toArray();
        final List<Arrival> landed = arrivals.read("devices");
        return new Phase(id, sent, done.stream().mapToLong(d -> d.path("acked").asLong()).sum(), errs,
                done.stream().mapToLong(d -> d.path("lost").asLong()).sum(),
                done.stream().mapToLong(d -> d.path("firstSendUs").asLong()).min().orElseThrow(),
                done.stream().mapToLong(d -> d.path("lastSendUs").asLong()).max().orElseThrow(), acks,
                landed, tapped(landed, taps.get(0)), tapped(landed, taps.get(1)),
                done.stream().flatMap(d -> d.path("errors").valueStream()).map(JsonNode::asText).distinct().toList());
    }

    /** Issue → readable on gun.nodes through {@code tap}, for the row versions that landed. */
    private static double[] tapped(final List<Arrival> landed, final NodesTap tap) {
        return landed.stream().map(a -> {
            final Long seen = tap.seenUs(a.soul(), a.issuedUs());
            return seen == null ? null : (seen - a.issuedUs()) / 1000.0;
        }).filter(ms -> ms != null).mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private List<JsonNode> runAll(final List<GunLoadClient> load, final String id, final double totalRate,
                                  final int phaseSeconds, final int perClientInflight) throws InterruptedException {
        for (final GunLoadClient client : load) {
            client.run(id, devices, totalRate / clients, phaseSeconds, perClientInflight);
        }
        final List<JsonNode> done = new ArrayList<>();
        for (final GunLoadClient client : load) {
            done.add(client.awaitDone(id, Duration.ofSeconds(phaseSeconds + 120)));
        }
        return done;
    }

    private void summarize(final Phase phase, final String label) {
        final List<Arrival> landed = phase.landed();
        note(String.format(Locale.ROOT, "%s: %d puts in %.1f s (%.0f puts/s), %d acked, %d refused, %d without ack;"
                        + " %d row versions landed (%d coalesced or missing, %d arrived twice)", label, phase.sent(),
                phase.sendSeconds(), phase.sent() / phase.sendSeconds(), phase.acked(), phase.errs(), phase.lost(),
                landed.size(), phase.sent() - landed.size(), phase.arrivals().size() - landed.size()));
        if (phase.errs() > 0) {
            note("  refused with: " + phase.errors());
        }
        note("  put -> ack ms p50/p95/p99/max: " + pcts(phase.ackMs()).replace(" | ", " / "));
        note("  put -> node on gun.nodes, read_uncommitted ms p50/p95/p99/max: " + pcts(phase.uncommittedMs()).replace(" | ", " / ")
                + " (" + phase.uncommittedMs().length + " seen)");
        note("  put -> node on gun.nodes, read_committed ms p50/p95/p99/max: " + pcts(phase.committedMs()).replace(" | ", " / ")
                + " (" + phase.committedMs().length + " seen)");
        note("  put -> row in PostgreSQL ms p50/p95/p99/max: " + pcts(phase.latenciesMs()).replace(" | ", " / "));
        note(String.format(Locale.ROOT, "  rows/s landed while loading (after %.0f s settle): %.0f; until drained: %.0f",
                Math.min(10, maxSeconds / 4.0), phase.rowsPerSecondUnderLoad(Math.min(10, maxSeconds / 4.0)),
                phase.rowsPerSecondUntilDrained()));
        final long[] buckets = new long[(int) ((landed.stream().mapToLong(Arrival::arrivedUs).max().orElse(phase.firstSendUs())
                - phase.firstSendUs()) / 5_000_000) + 1];
        landed.forEach(a -> buckets[(int) Math.max(0, (a.arrivedUs() - phase.firstSendUs()) / 5_000_000)]++);
        note(String.format(Locale.ROOT, "  rows/s landed per 5 s from the first put (load ends at %.0f s): %s",
                phase.sendSeconds(), Arrays.stream(buckets).mapToObj(b -> Long.toString(b / 5)).toList()));
    }

    // ------------------------------------------------------------------ the JDBC reference

    /** A copy of the state table with its rows and the same arrival trigger; returns its columns. */
    private List<String> prepareReference(final Connection pg, final Arrivals arrivals) throws SQLException {
        try (Statement sql = pg.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + REF_TABLE);
            sql.execute("CREATE TABLE " + REF_TABLE + " (LIKE " + TABLE + " INCLUDING ALL)");
            sql.execute("INSERT INTO " + REF_TABLE + " SELECT * FROM " + TABLE);
        }
        arrivals.watch(REF_TABLE);
        final List<String> columns = new ArrayList<>();
        try (Statement sql = pg.createStatement(); ResultSet rows = sql.executeQuery("SELECT column_name, data_type FROM"
                + " information_schema.columns WHERE table_schema = 'gun' AND table_name = 'devices' ORDER BY ordinal_position")) {
            final StringBuilder described = new StringBuilder();
            while (rows.next()) {
                columns.add(rows.getString(1));
                described.append(described.isEmpty() ? "" : ", ").append(rows.getString(1)).append(' ').append(rows.getString(2));
            }
            note(TABLE + " as the sink created it: " + described);
        }
        if (!Set.copyOf(columns).equals(Set.of("soul", "t", "seq", "temp", "online", "name"))) {
            throw new IllegalStateException(TABLE + " has columns " + columns + ", expected soul, t, seq, temp, online, name"
                    + " (what bench/gun-load.js writes)");
        }
        return columns;
    }

    private String upsertSql(final List<String> columns) {
        final List<String> updates = columns.stream().filter(c -> !c.equals("soul")).map(c -> c + "=EXCLUDED." + c).toList();
        return "INSERT INTO " + REF_TABLE + " (" + String.join(",", columns) + ") VALUES ("
                + String.join(",", columns.stream().map(c -> "?").toList()) + ") ON CONFLICT (soul) DO UPDATE SET "
                + String.join(",", updates);
    }

    private static void bind(final PreparedStatement statement, final List<String> columns, final String soul,
                             final long t, final long seq) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            switch (columns.get(i)) {
                case "soul" -> statement.setString(i + 1, soul);
                case "t" -> statement.setDouble(i + 1, t);
                case "seq" -> statement.setDouble(i + 1, seq);
                case "temp" -> statement.setDouble(i + 1, 15 + (seq % 200) / 10.0);
                case "online" -> statement.setBoolean(i + 1, seq % 2 == 0);
                case "name" -> statement.setString(i + 1, soul + " device");
                default -> throw new IllegalStateException("unexpected column " + columns.get(i));
            }
        }
    }

    private String soul(final long n) {
        return "devices/c" + (n % clients) + "-d" + ((n / clients) % devices);
    }

    /** One autocommitted upsert per row at the fixed rate: what PostgreSQL alone adds to the latency. */
    private double[] referenceAtRate(final Connection pg, final Arrivals arrivals, final List<String> columns,
                                     final int refSeconds) throws Exception {
        arrivals.clear();
        final long rows = (long) (rate * refSeconds);
        try (PreparedStatement upsert = pg.prepareStatement(upsertSql(columns))) {
            final long begin = System.nanoTime();
            for (long n = 0; n < rows; n++) {
                final long due = begin + (long) (n * 1e9 / rate);
                final long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                bind(upsert, columns, soul(n), nowUs(), n);
                upsert.executeUpdate();
            }
        }
        final double[] latencies = arrivals.read("devices_ref").stream()
                .mapToDouble(a -> (a.arrivedUs() - a.issuedUs()) / 1000.0).sorted().toArray();
        note(String.format(Locale.ROOT, "JDBC reference at %s rows/s, one autocommitted upsert per row: %d rows, %d landed;"
                + " issue -> row ms p50/p95/p99/max: %s", fmt(rate), rows, latencies.length, pcts(latencies).replace(" | ", " / ")));
        return latencies;
    }

    /** The same upsert in batches of {@code bench.ref.batch} per transaction, one connection, as fast as it goes. */
    private double referenceBatched(final Connection pg, final Arrivals arrivals, final List<String> columns,
                                    final int rows) throws Exception {
        arrivals.clear();
        pg.setAutoCommit(false);
        final long begin = System.nanoTime();
        try (PreparedStatement upsert = pg.prepareStatement(upsertSql(columns))) {
            for (int n = 0; n < rows; n++) {
                bind(upsert, columns, soul(n), nowUs(), n);
                upsert.addBatch();
                if ((n + 1) % refBatch == 0 || n == rows - 1) {
                    upsert.executeBatch();
                    pg.commit();
                }
            }
        } finally {
            pg.setAutoCommit(true);
        }
        final double elapsed = (System.nanoTime() - begin) / 1e9;
        final long landed = arrivals.count("devices_ref");
        note(String.format(Locale.ROOT, "JDBC reference, upserts in batches of %d per transaction: %d rows in %.2f s = %.0f rows/s"
                + " (%d row versions recorded by the trigger)", refBatch, rows, elapsed, rows / elapsed, landed));
        return rows / elapsed;
    }

    // ------------------------------------------------------------------ the sink under test

    private JsonNode sinkSettings(final URI connect) throws IOException, InterruptedException {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                connect.resolve("/connectors/" + SINK + "/config")).build(), HttpResponse.BodyHandlers.ofString());
        final JsonNode config = JSON.readTree(response.body());
        final StringBuilder line = new StringBuilder("sink " + SINK + ":");
        for (final String key : List.of("tasks.max", "batch.size", "use.reduction.buffer", "insert.mode",
                "consumer.override.fetch.min.bytes", "consumer.override.fetch.max.wait.ms",
                "consumer.override.max.poll.records", "consumer.override.isolation.level")) {
            line.append(' ').append(key).append('=').append(config.has(key) ? config.get(key).asText() : "(default)");
        }
        note(line.toString());
        return config;
    }

    /** Applies {@code bench.sink.<key>=<value>} properties to the deployed sink (REST, not the shipped file). */
    private void overrideSink(final URI connect, final JsonNode config) throws IOException, InterruptedException {
        final ObjectNode changed = config.deepCopy();
        for (final String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("bench.sink.")) {
                changed.put(name.substring("bench.sink.".length()), System.getProperty(name));
            }
        }
        if (changed.equals(config)) {
            return;
        }
        final HttpClient http = HttpClient.newHttpClient();
        final HttpResponse<String> put = http.send(HttpRequest.newBuilder(connect.resolve("/connectors/" + SINK + "/config"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(changed.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + SINK + " config: HTTP " + put.statusCode() + " " + put.body());
        }
        Awaitility.await(SINK + " RUNNING with the override").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    final JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(connect.resolve("/connectors/"
                            + SINK + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
                    final HttpResponse<String> now = http.send(HttpRequest.newBuilder(connect.resolve("/connectors/" + SINK
                            + "/config")).build(), HttpResponse.BodyHandlers.ofString());
                    return "RUNNING".equals(status.path("tasks").path(0).path("state").asText()) && now.statusCode() == 200
                            && JSON.readTree(now.body()).equals(changed);
                });
        note("overridden for this run (REST): " + System.getProperties().stringPropertyNames().stream()
                .filter(n -> n.startsWith("bench.sink.")).sorted().map(n -> n.substring(11) + "=" + System.getProperty(n)).toList());
        sinkSettings(connect);
    }

    // ------------------------------------------------------------------ helpers

    private void note(final String line) {
        System.out.println(line);
        report.add(line);
    }

    private static void awaitSql(final Connection pg, final String query, final long atLeast, final Duration timeout) {
        // the sink creates the table with its first row: until then the query fails
        Awaitility.await("`" + query + "` >= " + atLeast).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(SQLException.class)
                .until(() -> {
                    try (Statement sql = pg.createStatement(); ResultSet rows = sql.executeQuery(query)) {
                        rows.next();
                        return rows.getLong(1);
                    }
                }, value -> value >= atLeast);
    }

    private static long sent(final List<JsonNode> done) {
        return done.stream().mapToLong(d -> d.path("sent").asLong()).sum();
    }

    /** Epoch microseconds from the system clock, the clock PostgreSQL's clock_timestamp() reads. */
    private static long nowUs() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** p50 | p95 | p99 | max, nearest rank, of sorted values. */
    private static String pcts(final double[] sorted) {
        if (sorted.length == 0) {
            return "- | - | - | -";
        }
        return String.format(Locale.ROOT, "%.1f | %.1f | %.1f | %.1f", rank(sorted, 0.50), rank(sorted, 0.95),
                rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(final double[] sorted, final double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String fmt(final double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (final IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Path existing(final String given, final String... candidates) {
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        for (final String candidate : candidates) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate).toAbsolutePath();
            }
        }
        throw new IllegalStateException("none of " + List.of(candidates) + " exists here (" + Path.of("").toAbsolutePath()
                + "); run from the repository root after the build in docs/benchmarks.md");
    }

    /** Tells when a count has not moved for a while (the pipeline stopped delivering). */
    private static final class Stall {
        private final long quietNanos;
        private long count = -1;
        private long lastChange = System.nanoTime();

        Stall(final Duration quiet) {
            this.quietNanos = quiet.toNanos();
        }

        boolean stalled(final long now) {
            if (now != count) {
                count = now;
                lastChange = System.nanoTime();
                return false;
            }
            return System.nanoTime() - lastChange > quietNanos;
        }
    }
}
