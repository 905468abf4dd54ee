package io.gunstream.streams.query;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive-query REST API of one streams instance, on plain Jetty (core handlers, no servlets):
 * {@code GET /nodes/{soul}}, {@code GET /nodes?prefix=P&limit=N}, {@code GET /entropy/{source}/latest},
 * {@code GET /health}. Any instance answers for any key: see {@link QueryRouter} for the routing.
 *
 * <p>Lifecycle: {@link #bind} opens the port (so a port of 0 is known before Kafka Streams is created with it in
 * {@code application.server}) and answers 503 until {@link #attach} hands over the {@code KafkaStreams} instance;
 * {@link #start} does both for a fixed port. {@link #close} stops the server (idempotent); it never closes the
 * {@code KafkaStreams} instance, which the caller owns.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String NODES = "/nodes";
    private static final String ENTROPY = "/entropy/";
    private static final String LATEST = "/latest";

    private final Server server;
    private final QueryConfig config;
    private final HostInfo self;
    private final URI url;
    private volatile QueryRouter router;

    private QueryServer(final Server server, final QueryConfig config, final HostInfo self, final URI url) {
        this.server = server;
        this.config = config;
        this.self = self;
        this.url = url;
    }

    /**
     * Opens the API on {@code query.listen.host}:{@code query.port}; it answers 503 until {@link #attach}.
     *
     * @throws QueryServerException when the port cannot be bound
     */
    public static QueryServer bind(final QueryConfig config) {
        return bind(config, config.port());
    }

    /**
     * Opens the API on {@code self.port()} and serves {@code streams}, which must have been configured with
     * {@code application.server = self}.
     */
    public static QueryServer start(final QueryConfig config, final KafkaStreams streams, final HostInfo self) {
        if (self.port() == 0) {
            throw new IllegalArgumentException("application.server needs a real port, not 0; use bind() then attach()");
        }
        final QueryServer server = bind(config, self.port());
        if (!server.self.equals(self)) {
            server.close();
            throw new IllegalArgumentException("application.server " + self + " is not this server's advertised address "
                    + server.self + "; set " + QueryConfig.ADVERTISED_HOST_CONFIG);
        }
        server.attach(streams);
        return server;
    }

    private static QueryServer bind(final QueryConfig config, final int port) {
        final QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("gun-query");
        final Server jetty = new Server(threads);
        final HttpConfiguration http = new HttpConfiguration();
        // Souls contain '/', '%', '.', empty segments: as encoded path parts they are "ambiguous" to Jetty's default
        // rules, which protect servlet path mapping and file serving. We serve neither and decode the path ourselves.
        http.setUriCompliance(UriCompliance.DEFAULT.with("gun-souls",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT, UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT));
        http.setSendServerVersion(false);
        final ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.listenHost());
        connector.setPort(port);
        jetty.addConnector(connector);
        try {
            connector.open(); // binds now, so the real port is known before any request can arrive
            final HostInfo self = new HostInfo(config.advertisedHost(), connector.getLocalPort());
            final QueryServer server = new QueryServer(jetty, config, self,
                    URI.create("http://" + hostForUrl(config.advertisedHost()) + ":" + self.port()));
            jetty.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(final Request request, final Response response, final Callback callback) {
                    server.handle(request, response, callback);
                    return true;
                }
            });
            // Requests Jetty refuses before they reach the handler (bad UTF-8 in the path, ...) get JSON errors too.
            jetty.setErrorHandler(new ErrorHandler() {
                @Override
                protected void generateResponse(final Request request, final Response response, final int code, final String message,
                                                final Throwable cause, final Callback callback) {
                    final String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
                    response.write(true, ByteBuffer.wrap(QueryAnswer.error(code, text, server.applicationServer()).json()
                            .getBytes(StandardCharsets.UTF_8)), callback);
                }
            });
            jetty.start();
            log.info("Query API listening on {}:{} as {} (waiting for the streams app)", config.listenHost(), self.port(), server.url);
            return server;
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new QueryServerException("Could not open the query API on " + config.listenHost() + ":" + port
                    + " (" + e.getMessage() + "); is the port taken? Set " + QueryConfig.PORT_CONFIG + " (0 picks a free one)", e);
        }
    }

    /**
     * Starts answering queries from {@code streams}, whose {@code application.server} must be {@link #hostInfo()}.
     *
     * @throws IllegalStateException when a streams instance is already attached
     */
    public synchronized void attach(final KafkaStreams streams) {
        Objects.requireNonNull(streams, "streams");
        if (router != null) {
            throw new IllegalStateException("query API " + url + " already serves a streams instance");
        }
        router = new QueryRouter(streams, self, config, new Forwarder(self, config.forwardTimeout()));
        log.info("Query API ready at {} (application.server {})", url, applicationServer());
    }

    /** This instance's address for other instances: the value for Kafka Streams' {@code application.server}. */
    public HostInfo hostInfo() {
        return self;
    }

    /** {@link #hostInfo()} as {@code host:port}. */
    public String applicationServer() {
        return Forwarder.hostPort(self);
    }

    /** Base URL of the API, e.g. {@code http://127.0.0.1:8080}. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        if (server.isStopped()) {
            return;
        }
        stopQuietly(server);
        final QueryRouter current = router;
        if (current != null) {
            current.close();
        }
        log.info("Query API {} stopped", url);
    }

    private void handle(final Request request, final Response response, final Callback callback) {
        QueryAnswer answer;
        final String path = request.getHttpURI().getPath();
        final String query = request.getHttpURI().getQuery();
        final String rawPathAndQuery = query == null ? path : path + "?" + query;
        try {
            answer = route(request.getMethod(), path, query, rawPathAndQuery, request.getHeaders().get(Forwarder.HOP_HEADER) != null);
        } catch (IllegalArgumentException e) {
            answer = QueryAnswer.error(400, e.getMessage(), applicationServer());
        } catch (RuntimeException e) {
            log.error("GET {} failed", rawPathAndQuery, e);
            answer = QueryAnswer.error(500, "internal error: " + e, applicationServer());
        }
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(Forwarder.SERVED_BY_HEADER, answer.servedBy());
        response.write(true, ByteBuffer.wrap(answer.json().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private QueryAnswer route(final String method, final String path, final String query, final String rawPathAndQuery,
                              final boolean forwarded) {
        if (!"GET".equals(method)) {
            return QueryAnswer.error(405, method + " is not supported; the query API is read-only (GET)", applicationServer());
        }
        if (path.equals("/health")) {
            final QueryRouter current = router;
            return current == null
                    ? new QueryAnswer(503, "{\"state\":\"NOT_ATTACHED\",\"server\":\"" + applicationServer() + "\"}", applicationServer())
                    : current.health();
        }
        final boolean nodes = path.startsWith(NODES + "/") && path.length() > NODES.length() + 1;
        final boolean prefix = path.equals(NODES) || path.equals(NODES + "/");
        final boolean entropy = path.startsWith(ENTROPY) && path.endsWith(LATEST) && path.length() > ENTROPY.length() + LATEST.length();
        if (!nodes && !prefix && !entropy) {
            return QueryAnswer.error(404, "no endpoint " + path + "; see GET /nodes/{soul}, /nodes?prefix=P&limit=N, "
                    + "/entropy/{source}/latest, /health", applicationServer());
        }
        // decode and validate first: a bad request is 400 whatever the state of the app
        final String key = nodes ? QueryPaths.decode(path.substring(NODES.length() + 1), false)
                : entropy ? QueryPaths.decode(path.substring(ENTROPY.length(), path.length() - LATEST.length()), false)
                : null;
        final Map<String, String> params = prefix ? QueryPaths.parseQuery(query) : Map.of();
        final int limit = prefix ? limit(params.get("limit")) : 0;
        final QueryRouter current = router;
        if (current == null) {
            return QueryAnswer.error(503, "instance " + applicationServer() + " has no streams app attached yet", applicationServer());
        }
        if (nodes) {
            return current.node(key, rawPathAndQuery, forwarded);
        }
        if (entropy) {
            return current.entropyLatest(key, rawPathAndQuery, forwarded);
        }
        return current.prefix(params.getOrDefault("prefix", ""), limit, rawPathAndQuery, forwarded);
    }

    private int limit(final String text) {
        if (text == null || text.isEmpty()) {
            return config.prefixLimitDefault();
        }
        final int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit '" + text + "' is not a whole number", e);
        }
        if (limit < 1 || limit > config.prefixLimitMax()) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1.." + config.prefixLimitMax()
                    + " (" + QueryConfig.PREFIX_LIMIT_MAX_CONFIG + ")");
        }
        return limit;
    }

    private static String hostForUrl(final String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void stopQuietly(final Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("Stopping the query API's Jetty failed: {}", e.toString());
        }
    }
}
