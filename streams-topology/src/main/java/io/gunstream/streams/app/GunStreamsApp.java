package io.gunstream.streams.app;

import io.gunstream.streams.query.QueryConfig;
import io.gunstream.streams.query.QueryServer;

import io.gunstream.schemas.topic.GunTopics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams application: creates missing topics, starts {@link KafkaStreams} on {@link GunTopology} and
 * waits until it is RUNNING, then logs one ready line.
 *
 * <p>Lifecycle: {@link #start} (blocks until RUNNING or throws {@link StreamsStartException}), use
 * {@link #streams()} (the interactive-query API needs it), {@link #close()} (idempotent; closes Streams, keeps
 * local state so a restart resumes from it).
 */
public final class GunStreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GunStreamsApp.class);

    private final GunStreamsConfig config;
    private final KafkaStreams streams;
    private final QueryServer queryServer;
    private volatile boolean closed;

    private GunStreamsApp(final GunStreamsConfig config, final KafkaStreams streams, final QueryServer queryServer) {
        this.config = config;
        this.streams = streams;
        this.queryServer = queryServer;
    }

    /** Starts the app with {@code settings} (see {@link GunStreamsConfig}) and waits up to {@code timeout} for RUNNING. */
    public static GunStreamsApp start(final Map<String, ?> settings, final Duration timeout) {
        final GunStreamsConfig config = new GunStreamsConfig(settings);
        if (config.getBoolean(GunStreamsConfig.TOPICS_CREATE_CONFIG)) {
            createTopics(config);
        }
        final Topology topology = GunTopology.build(config);
        final Properties props = config.streamsProperties();
        // The query port is bound before Kafka Streams starts, so application.server can name the real port (0 = free).
        final QueryServer queryServer = QueryServer.bind(new QueryConfig(config.originals()));
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, queryServer.applicationServer());
        final KafkaStreams streams;
        try {
            streams = new KafkaStreams(topology, props);
        } catch (final RuntimeException e) {
            queryServer.close();
            throw e;
        }
        final CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        final long started = System.nanoTime();
        streams.start();
        queryServer.attach(streams);
        final GunStreamsApp app = new GunStreamsApp(config, streams, queryServer);
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                app.close();
                throw new StreamsStartException("streams app '" + props.get(GunStreamsConfig.APPLICATION_ID_CONFIG)
                        + "' did not reach RUNNING within " + timeout + " (state " + streams.state() + "); check "
                        + GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG + "=" + props.get(GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            app.close();
            throw new StreamsStartException("interrupted while waiting for the streams app to start", e);
        }
        LOG.info("gunstream streams ready application.id={} bootstrap.servers={} deltas={} query={} in {} ms",
                props.get(GunStreamsConfig.APPLICATION_ID_CONFIG), props.get(GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
                config.topic(GunStreamsConfig.TOPIC_DELTAS_CONFIG), queryServer.url(), (System.nanoTime() - started) / 1_000_000);
        return app;
    }

    /** The running Kafka Streams instance (for interactive queries and metrics). */
    public KafkaStreams streams() {
        return streams;
    }

    public GunStreamsConfig config() {
        return config;
    }

    /** Base URL of this instance's interactive-query API. */
    public java.net.URI queryUrl() {
        return queryServer.url();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queryServer.close();
        streams.close(Duration.ofSeconds(30));
    }

    /** Creates the app's topics that are missing, with design.md's cleanup policies; leaves existing ones alone. */
    static void createTopics(final GunStreamsConfig config) {
        final int partitions = config.getInt(GunStreamsConfig.TOPICS_PARTITIONS_CONFIG);
        final short replication = config.getShort(GunStreamsConfig.TOPICS_REPLICATION_FACTOR_CONFIG);
        final List<NewTopic> wanted = new ArrayList<>();
        for (final String topicConfig : List.of(GunStreamsConfig.TOPIC_DELTAS_CONFIG, GunStreamsConfig.TOPIC_CHANGES_CONFIG,
                GunStreamsConfig.TOPIC_NODES_CONFIG, GunStreamsConfig.TOPIC_ENTROPY_CONFIG, GunStreamsConfig.TOPIC_LOGS_CONFIG,
                GunStreamsConfig.TOPIC_REJECTS_CONFIG, GunStreamsConfig.TOPIC_ENTROPY_STATS_CONFIG)) {
            final String name = config.topic(topicConfig);
            final String defaultName = (String) GunStreamsConfig.CONFIG.configKeys().get(topicConfig).defaultValue;
            final Optional<GunTopics.TopicDefaults> defaults = GunTopics.defaults(defaultName);
            final Map<String, String> settings = new HashMap<>();
            defaults.ifPresent(d -> {
                settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, d.cleanup().wireValue());
                d.retention().ifPresent(r -> settings.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
            });
            wanted.add(new NewTopic(name, Optional.of(partitions), Optional.of(replication)).configs(settings));
        }
        try (Admin admin = Admin.create(config.adminConfig())) {
            final Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            final List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (final ExecutionException | TimeoutException e) {
            throw new StreamsStartException("cannot create topics on " + config.adminConfig().get(GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + ": " + e.getMessage() + " (create them yourself and set " + GunStreamsConfig.TOPICS_CREATE_CONFIG + "=false)", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsStartException("interrupted while creating topics", e);
        }
    }

    /**
     * Runs the app until SIGINT/SIGTERM. Arguments: {@code --help} prints the settings table; {@code --config FILE}
     * reads settings from a properties file; {@code key=value} arguments override them.
     */
    public static void main(final String[] args) throws IOException, InterruptedException {
        final Map<String, Object> settings = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg)) {
                System.out.println("Usage: GunStreamsApp [--config FILE] [key=value ...]\n\nSettings:\n");
                System.out.print(GunStreamsConfig.markdownTable());
                return;
            } else if ("--config".equals(arg) && i + 1 < args.length) {
                final Properties file = new Properties();
                try (Reader reader = Files.newBufferedReader(Path.of(args[++i]))) {
                    file.load(reader);
                }
                file.forEach((k, v) -> settings.put(k.toString(), v));
            } else if (arg.contains("=")) {
                settings.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                System.err.println("Unknown argument '" + arg + "'; try --help");
                System.exit(2);
            }
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final GunStreamsApp app = start(settings, Duration.ofMinutes(2));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stop.countDown();
        }, "gunstream-streams-shutdown"));
        stop.await();
    }
}
