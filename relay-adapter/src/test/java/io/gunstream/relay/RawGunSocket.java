package io.gunstream.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A raw WebSocket peer from Java (java.net.http): sends any text, collects every message the relay sends back. */
final class RawGunSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket ws;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final java.util.Map<JsonNode, Long> arrivals = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean closed;

    RawGunSocket(final URI url) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        final JsonNode frame = JSON.readTree(partial.toString());
                        final long at = System.nanoTime();
                        for (final JsonNode m : frame.isArray() ? frame : List.of(frame)) {
                            arrivals.put(m, at);
                            received.add(m);
                        }
                    } catch (final Exception e) {
                        received.add(JSON.createObjectNode().put("garbage", partial.toString()));
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
                closed = true;
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    void send(final String text) throws Exception {
        ws.sendText(text, true).get(30, TimeUnit.SECONDS);
    }

    JsonNode await(final Predicate<JsonNode> test, final Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> received.stream().filter(test).findFirst().orElse(null), m -> m != null);
    }

    /** The reply ({@code @}) to message {@code id}. */
    JsonNode replyTo(final String id, final Duration timeout) {
        return await(m -> id.equals(m.path("@").asText()), timeout);
    }

    /**
     * When {@code message} (one this socket received) arrived, as {@link System#nanoTime()}: comparable across
     * sockets of this JVM, to assert which of two messages came first.
     */
    long arrival(final JsonNode message) {
        return arrivals.get(message);
    }

    List<JsonNode> received() {
        return received;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        ws.abort();
    }
}
