package io.gunstream.streams.query;

import io.gunstream.core.graph.GunNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Java client of the query API for relays that answer gun.js {@code get}s for souls they do not hold. Any instance
 * of the streams app answers for any soul, so one base URL (or a load balancer in front of several) is enough.
 * Thread-safe; holds no resources that need closing.
 */
public final class GunQueryClient {

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    the API's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param timeout per request (the server itself may wait up to {@code query.unavailable.wait.ms} mid-rebalance)
     */
    public GunQueryClient(final URI base, final Duration timeout) {
        Objects.requireNonNull(base, "base");
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /**
     * The merged node of {@code soul}, empty when no instance knows it.
     *
     * @throws GunQueryException when the API cannot answer (unreachable, 503 mid-rebalance, bad body)
     */
    public Optional<GunNode> node(final String soul) {
        final URI uri = URI.create(base + "/nodes/" + QueryPaths.encode(soul));
        final HttpResponse<String> response = get(uri);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireOk(uri, response);
        final GunNode node = parse(uri, () -> GunNodeJson.parse(response.body()));
        if (!node.soul().equals(soul)) {
            throw new GunQueryException(uri, response.statusCode(), "asked for soul " + soul + " but got node " + node.soul(), null);
        }
        return Optional.of(node);
    }

    /**
     * Up to {@code limit} nodes whose soul starts with {@code prefix}, in code-point order of their souls.
     *
     * @throws GunQueryException when the API cannot answer or refuses the limit (400 above query.prefix.limit.max)
     */
    public List<GunNode> prefix(final String prefix, final int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        final URI uri = URI.create(base + "/nodes?prefix=" + QueryPaths.encode(prefix) + "&limit=" + limit);
        final HttpResponse<String> response = get(uri);
        requireOk(uri, response);
        return parse(uri, () -> GunNodeJson.parseArray(response.body()));
    }

    /** True when the instance behind the base URL reports its streams app RUNNING. */
    public boolean healthy() {
        final URI uri = URI.create(base + "/health");
        try {
            return get(uri).statusCode() == 200;
        } catch (GunQueryException e) {
            return false;
        }
    }

    private HttpResponse<String> get(final URI uri) {
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new GunQueryException(uri, 0, "query API at " + base + " did not answer GET " + uri.getRawPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GunQueryException(uri, 0, "interrupted while asking " + uri, e);
        }
    }

    private static void requireOk(final URI uri, final HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new GunQueryException(uri, response.statusCode(), "GET " + uri + " answered " + response.statusCode()
                    + ": " + response.body(), null);
        }
    }

    private static <T> T parse(final URI uri, final java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (GunJsonException e) {
            throw new GunQueryException(uri, 200, "GET " + uri + " answered a body that is not gun.js node JSON: " + e.getMessage(), e);
        }
    }
}
