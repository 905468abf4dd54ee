package io.gunstream.streams.query;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a query on to another instance, marked with {@link #HOP_HEADER} so that instance answers from its own
 * stores and never forwards again (no loops, even while two instances disagree about ownership mid-rebalance).
 */
final class Forwarder {

    /** Marks a forwarded request; its value is the forwarding instance. */
    static final String HOP_HEADER = "Gunstream-Query-Hop";
    /** Names the instance ({@code host:port}) whose store produced an answer. */
    static final String SERVED_BY_HEADER = "Gunstream-Served-By";

    private final HttpClient http;
    private final Duration timeout;
    private final String self;

    Forwarder(final HostInfo self, final Duration timeout) {
        this.self = hostPort(self);
        this.timeout = timeout;
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every new connection
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    static String hostPort(final HostInfo host) {
        return host.host() + ":" + host.port();
    }

    /**
     * GETs {@code rawPathAndQuery} from {@code target}. Never fails: an unreachable instance or a timeout becomes a
     * 502/504 answer naming the instance, so the caller can try the next replica.
     */
    CompletableFuture<QueryAnswer> get(final HostInfo target, final String rawPathAndQuery) {
        final String targetName = hostPort(target);
        final URI uri;
        try {
            uri = URI.create("http://" + (target.host().contains(":") ? "[" + target.host() + "]" : target.host())
                    + ":" + target.port() + rawPathAndQuery);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(QueryAnswer.error(502, "bad address of instance " + targetName
                    + ": " + e.getMessage(), self));
        }
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header(HOP_HEADER, self)
                .header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> answer(targetName, response))
                .exceptionally(failure -> unreachable(targetName, uri, failure));
    }

    private QueryAnswer answer(final String target, final HttpResponse<String> response) {
        final String servedBy = response.headers().firstValue(SERVED_BY_HEADER).orElse(target);
        final int status = response.statusCode();
        if (status < 100 || status > 599) {
            return QueryAnswer.error(502, "instance " + target + " answered HTTP " + status, self);
        }
        return new QueryAnswer(status, response.body(), servedBy);
    }

    private QueryAnswer unreachable(final String target, final URI uri, final Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return QueryAnswer.error(504, "instance " + target + " did not answer " + uri + " within " + timeout.toMillis() + " ms", self);
        }
        final String why = cause instanceof ConnectException ? "connection refused or unreachable"
                : cause instanceof IOException ? cause.toString() : "failed: " + cause;
        return QueryAnswer.error(502, "instance " + target + " could not be asked (" + why + ")", self);
    }
}
