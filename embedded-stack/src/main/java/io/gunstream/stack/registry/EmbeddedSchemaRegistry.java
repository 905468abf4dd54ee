package io.gunstream.stack.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent Schema Registry REST API (the subset serdes use, Avro only), storing
 * schemas in a compacted Kafka topic like Confluent's so ids survive restarts. Talks to any Kafka through
 * kafka-clients; HTTP is the JDK's built-in server.
 *
 * <p>Lifecycle: {@link #start(Map)} reaches Kafka, creates the topic if missing, reads it to its end and only then
 * serves HTTP; it throws {@link SchemaRegistryException} if Kafka is unreachable within
 * {@code kafkastore.init.timeout.ms}. {@link #close()} stops HTTP, then the Kafka clients; it is idempotent.
 */
public final class EmbeddedSchemaRegistry implements SchemaRegistryService {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final KafkaSchemaStore store;
    private final URI url;
    private boolean closed;

    private EmbeddedSchemaRegistry(final HttpServer server, final ExecutorService executor, final KafkaSchemaStore store,
                                   final URI url) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.url = url;
    }

    /** Starts a registry with settings from {@link SchemaRegistryConfig}; only {@code bootstrap.servers} is required. */
    public static EmbeddedSchemaRegistry start(final Map<String, ?> settings) {
        return start(new SchemaRegistryConfig(settings));
    }

    public static EmbeddedSchemaRegistry start(final SchemaRegistryConfig config) {
        final ObjectMapper json = new ObjectMapper();
        final RegistryState state = new RegistryState();
        final KafkaSchemaStore store = new KafkaSchemaStore(config, state, json);
        HttpServer server = null;
        ExecutorService executor = null;
        try {
            store.start();
            final Registry registry = new Registry(state, store, config.defaultCompatibilityLevel());
            final URI listener = config.listener();
            server = bind(listener);
            executor = Executors.newFixedThreadPool(HTTP_THREADS, namedThreads());
            server.setExecutor(executor);
            server.createContext("/", new RegistryHttpHandler(registry, json));
            server.start();
            final String host = isWildcard(listener.getHost()) ? "127.0.0.1" : listener.getHost();
            final URI url = URI.create("http://" + host + ":" + server.getAddress().getPort());
            log.info("Schema registry ready at {} (Kafka {}, topic {}, {} schemas, {} subjects)", url,
                    config.getString(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG),
                    config.getString(SchemaRegistryConfig.TOPIC_CONFIG), state.schemaCount(), state.subjects().size());
            return new EmbeddedSchemaRegistry(server, executor, store, url);
        } catch (RuntimeException e) {
            if (server != null) {
                server.stop(0);
            }
            if (executor != null) {
                executor.shutdownNow();
            }
            store.close();
            throw e;
        }
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        store.close();
        log.info("Schema registry {} stopped", url);
    }

    @Override
    public String toString() {
        return "EmbeddedSchemaRegistry[" + url + "]";
    }

    private static HttpServer bind(final URI listener) {
        try {
            return HttpServer.create(new InetSocketAddress(listener.getHost(), listener.getPort()), 0);
        } catch (BindException e) {
            throw new SchemaRegistryException("Schema registry port " + listener.getPort() + " on " + listener.getHost()
                    + " is already in use: stop the process holding it or set " + SchemaRegistryConfig.LISTENERS_CONFIG
                    + " to another port (0 = free port)", e);
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema registry could not listen on " + listener + ": " + e.getMessage(), e);
        }
    }

    private static boolean isWildcard(final String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
    }

    private static java.util.concurrent.ThreadFactory namedThreads() {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            final Thread t = new Thread(r, "schema-registry-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
