package io.gunstream.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.relay.gunjs.NodeGun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One real gun.js client process running {@code bench/gun-load.js}: started connected to a relay, then told to write
 * device state at a rate or as fast as acks allow; {@link #awaitDone} returns its report. {@link #close} ends the process.
 */
final class GunLoadClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    private GunLoadClient(final String name, final Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        NodeGun.readEvents(process, "gun-load-" + name, events::add);
    }

    /** Starts the client; gun.js connects to the relay with its first put (the warm-up's). */
    static GunLoadClient start(final String name, final String peerUrl, final Path gunJsDir, final Path scriptDir)
            throws IOException, InterruptedException {
        final Path script = scriptDir.resolve("gun-load.js");
        if (!Files.exists(script)) {
            try (InputStream in = GunLoadClient.class.getResourceAsStream("/bench/gun-load.js")) {
                Files.copy(in, script);
            }
        }
        final ProcessBuilder builder = new ProcessBuilder("node", script.toString(), peerUrl, name);
        builder.environment().put("NODE_PATH", gunJsDir.resolve("node_modules").toString());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.directory(scriptDir.toFile());
        final GunLoadClient client = new GunLoadClient(name, builder.start());
        client.awaitEvent("started", Duration.ofSeconds(30));
        return client;
    }

    /** Starts a load phase; {@code rate} 0 means as fast as the relay acks, {@code inflight} puts unacknowledged at most. */
    void run(final String id, final int devices, final double rate, final int seconds, final int inflight) {
        send(Map.of("op", "run", "id", id, "devices", devices, "rate", rate, "seconds", seconds, "inflight", inflight));
    }

    /** The {@code done} report of the phase {@code id}. */
    JsonNode awaitDone(final String id, final Duration timeout) throws InterruptedException {
        final JsonNode done = awaitEvent("done", timeout);
        if (!id.equals(done.path("id").asText())) {
            throw new IllegalStateException(name + ": report of phase " + done.path("id") + " while waiting for " + id);
        }
        return done;
    }

    private JsonNode awaitEvent(final String ev, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final JsonNode event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new IllegalStateException("gun.js load client " + name + " sent no '" + ev + "' within " + timeout
                        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")"));
            }
            if (ev.equals(event.path("ev").asText())) {
                return event;
            }
            if ("error".equals(event.path("ev").asText()) || "garbage".equals(event.path("ev").asText())) {
                throw new IllegalStateException("gun.js load client " + name + ": " + event);
            }
        }
    }

    private void send(final Map<String, ?> command) {
        try {
            stdin.write(JSON.writeValueAsString(command) + "\n");
            stdin.flush();
        } catch (final IOException e) {
            throw new IllegalStateException("gun.js load client " + name + " is gone: " + e, e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
