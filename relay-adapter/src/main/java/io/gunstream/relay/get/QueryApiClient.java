package io.gunstream.relay.get;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.WireCodec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the streams app's query API for a node the relay does not hold: {@code GET {base}/nodes/{soul}} answers
 * the merged node in gun.js form, 404 when unknown (design.md, "Command-line and HTTP contract"). Plain
 * {@code java.net.http} so the relay does not depend on the streams module. Failures and timeouts count as
 * "not found" and are logged: a get must be answered either way.
 */
public final class QueryApiClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryApiClient.class);

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final WireCodec codec;

    public QueryApiClient(final URI base, final Duration timeout, final WireCodec codec) {
        final String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.timeout = timeout;
        this.codec = codec;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The merged node, empty when unknown or when the API cannot answer. */
    public CompletableFuture<Optional<GunNode>> node(final String soul) {
        final URI uri = URI.create(base + "/nodes/" + URLEncoder.encode(soul, StandardCharsets.UTF_8).replace("+", "%20"));
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> {
                    if (response.statusCode() == 404) {
                        return Optional.<GunNode>empty();
                    }
                    if (response.statusCode() != 200) {
                        LOG.warn("Query API {} answered {} for soul '{}'; answering the get as not found", uri,
                                response.statusCode(), soul);
                        return Optional.<GunNode>empty();
                    }
                    return parse(soul, response.body());
                })
                .exceptionally(error -> {
                    LOG.warn("Query API {} unreachable for soul '{}' ({}); answering the get as not found", uri, soul,
                            error.toString());
                    return Optional.empty();
                });
    }

    /** Reads the gun.js node form by wrapping it as a put, so the wire codec's graph rules apply to it too. */
    Optional<GunNode> parse(final String soul, final String body) {
        final String frame = "{\"put\":{" + io.gunstream.core.json.JsJson.quote(soul) + ":" + body + "}}";
        final List<GunMessage> messages = codec.read(frame);
        return Optional.ofNullable(messages.get(0).put().get(soul));
    }

    @Override
    public void close() {
        // HttpClient has no close() on Java 17; its threads end with the JVM or when unreferenced
    }
}
