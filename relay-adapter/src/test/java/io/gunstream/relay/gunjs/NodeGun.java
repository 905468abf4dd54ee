package io.gunstream.relay.gunjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real gun.js process (pinned gun-js/) driven by a script in src/test/resources/gunjs: commands as JSON lines
 * on stdin, events as JSON lines on stdout, collected here for assertions. Closing kills the process.
 */
public final class NodeGun implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final String name;

    private NodeGun(final String name, final Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        readEvents(process, "node-" + name, events::add);
    }

    /**
     * Reads {@code process}'s stdout as JSON lines on a daemon thread, handing each to {@code events} until the process
     * ends; a line that is not JSON arrives as {@code {"ev":"garbage","line":...}}. The gun.js drivers' event channel.
     */
    public static void readEvents(final Process process, final String threadName, final Consumer<JsonNode> events) {
        final Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    try {
                        events.accept(JSON.readTree(line));
                    } catch (final IOException e) {
                        events.accept(JSON.createObjectNode().put("ev", "garbage").put("line", line));
                    }
                }
            } catch (final IOException e) {
                // process ended
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    /** The pinned gun-js dir (surefire/failsafe pass it; ../gun-js from the module otherwise). */
    public static Path gunJsDir() {
        return Path.of(System.getProperty("gunstream.gunjs.dir", "../gun-js")).toAbsolutePath().normalize();
    }

    /** A gun.js client connected to {@code peerUrl} (http://host:port/gun). */
    public static NodeGun client(final String name, final String peerUrl) {
        final NodeGun gun = start(name, "gun-client.js", peerUrl);
        gun.await(e -> "started".equals(e.path("ev").asText()), Duration.ofSeconds(20));
        return gun;
    }

    /** A gun.js node relay on {@code port} with its data in {@code dir}. */
    public static NodeGun relay(final int port, final Path dir) {
        final NodeGun gun = start("gun-relay-" + port, "gun-relay.js", Integer.toString(port), dir.toString());
        gun.await(e -> "ready".equals(e.path("ev").asText()), Duration.ofSeconds(20));
        return gun;
    }

    private static NodeGun start(final String name, final String script, final String... args) {
        try {
            final Path scripts = Files.createTempDirectory("gunjs-scripts");
            final Path file = scripts.resolve(script);
            try (var in = NodeGun.class.getResourceAsStream("/gunjs/" + script)) {
                Files.copy(in, file);
            }
            final List<String> command = new ArrayList<>(List.of("node", file.toString()));
            command.addAll(List.of(args));
            final ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("NODE_PATH", gunJsDir().resolve("node_modules").toString());
            pb.environment().put("MULTICAST", "false");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.directory(scripts.toFile());
            return new NodeGun(name, pb.start());
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot start node " + script + " (is node on PATH and gun-js/ npm-installed?)", e);
        }
    }

    /** The node process id (to read its memory from /proc). */
    public long pid() {
        return process.pid();
    }

    /** Sends one command. */
    public void send(final Map<String, ?> command) {
        try {
            stdin.write(JSON.writeValueAsString(command) + "\n");
            stdin.flush();
        } catch (final IOException e) {
            throw new IllegalStateException(name + " is gone: " + e, e);
        }
    }

    public void put(final String id, final List<String> path, final Object value) {
        send(Map.of("op", "put", "id", id, "path", path, "value", value == null ? JSON.nullNode() : value));
    }

    /** Puts and waits for gun.js's ack callback; returns it. */
    public JsonNode putAcked(final String id, final List<String> path, final Object value, final Duration timeout) {
        put(id, path, value);
        return await(e -> "ack".equals(e.path("ev").asText()) && id.equals(e.path("id").asText()), timeout);
    }

    public void on(final String id, final List<String> path) {
        send(Map.of("op", "on", "id", id, "path", path));
    }

    public void map(final String id, final List<String> path) {
        send(Map.of("op", "map", "id", id, "path", path));
    }

    public JsonNode once(final String id, final List<String> path, final Duration timeout) {
        send(Map.of("op", "once", "id", id, "path", path));
        return await(e -> "once".equals(e.path("ev").asText()) && id.equals(e.path("id").asText()), timeout);
    }

    /** The client's in-memory graph. */
    public JsonNode graph(final String id) {
        send(Map.of("op", "graph", "id", id));
        return await(e -> "graph".equals(e.path("ev").asText()) && id.equals(e.path("id").asText()), Duration.ofSeconds(10))
                .path("graph");
    }

    /** Waits for the first event matching {@code test}. */
    public JsonNode await(final Predicate<JsonNode> test, final Duration timeout) {
        return Awaitility.await(name + " event").atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> events.stream().filter(test).findFirst().orElse(null), e -> e != null);
    }

    /** Events of type {@code ev} with id {@code id}, so far. */
    public List<JsonNode> events(final String ev, final String id) {
        return events.stream().filter(e -> ev.equals(e.path("ev").asText()) && id.equals(e.path("id").asText())).toList();
    }

    /** The latest {@code on}/{@code map} data for subscription {@code id} (and key, for map), or null. */
    public JsonNode latest(final String ev, final String id, final String key) {
        JsonNode last = null;
        for (final JsonNode e : events) {
            if (ev.equals(e.path("ev").asText()) && id.equals(e.path("id").asText())
                    && (key == null || key.equals(e.path("key").asText()))) {
                last = e.path("data");
            }
        }
        return last;
    }

    public List<JsonNode> events() {
        return events;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
