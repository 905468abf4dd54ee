package io.gunstream.cli.up;

import io.gunstream.cli.CliException;
import io.gunstream.cli.Progress;
import io.gunstream.connectconfig.ConnectConfigException;
import io.gunstream.connectconfig.ConnectorConfigFile;
import io.gunstream.connectconfig.ConnectorDeployException;
import io.gunstream.connectconfig.ConnectorDeployer;
import io.gunstream.connectconfig.Deployment;
import io.gunstream.stack.EmbeddedStack;
import io.gunstream.stack.kafka.KafkaService;
import io.gunstream.stack.postgres.PostgresService;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The connectors {@code gunstream up} deploys into the embedded Connect worker: connect-config's shipped files, filled
 * with the embedded stack's addresses and credentials. PostgreSQL state, entropy stats and logs tables in schema
 * {@code gun}, and the Storj (S3) archive of entropy samples and logs. Not the Debezium PostgreSQL source: a fresh
 * local database has no legacy tables to capture ({@code LEGACY_TABLES} is required); deploy it with connect-config's
 * deployer against your own tables.
 */
public final class LocalConnectors {

    /** Deployed in this order; names are connect-config's bundled files. */
    public static final List<String> FILES = List.of("jdbc-sink-state.json", "jdbc-sink-entropy-stats.json",
            "jdbc-sink-logs.json", "storj-sink-entropy.json", "storj-sink-logs.json");
    /** The PostgreSQL schema of the state, stats and logs tables (the JDBC sink creates tables, not schemas). */
    public static final String STATE_SCHEMA = "gun";
    /**
     * Records per Kafka partition per archive object. Small for a local stack, so a user sees objects after a modest
     * burst; the shipped default (10,000) sizes objects for Storj.
     */
    public static final int S3_FLUSH_SIZE = 1000;

    private static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";

    private LocalConnectors() {
    }

    /** Creates schema {@value #STATE_SCHEMA} and deploys {@link #FILES}; idempotent (unchanged connectors are left alone). */
    static List<Deployment> deploy(final EmbeddedStack stack, final Progress progress) {
        createSchema(stack.postgres());
        final PostgresService pg = stack.postgres();
        final Map<String, String> values = new HashMap<>();
        values.put("PG_HOST", pg.host());
        values.put("PG_PORT", Integer.toString(pg.port()));
        values.put("PG_DATABASE", pg.database());
        values.put("PG_USER", pg.user());
        values.put("PG_PASSWORD", pg.password());
        values.put("PG_STATE_SCHEMA", STATE_SCHEMA);
        values.put("SCHEMA_REGISTRY_URL", stack.schemaRegistry().url().toString());
        // one broker
        values.put("DLQ_REPLICATION_FACTOR", "1");
        values.put("S3_ENDPOINT", stack.s3().endpoint().toString());
        values.put("S3_REGION", stack.s3().region());
        values.put("S3_BUCKET", EmbeddedStack.DEFAULT_S3_BUCKET);
        values.put("S3_ACCESS_KEY", stack.s3().accessKey());
        values.put("S3_SECRET_KEY", stack.s3().secretKey());
        values.put("S3_FLUSH_SIZE", Integer.toString(S3_FLUSH_SIZE));
        final ConnectorDeployer deployer = new ConnectorDeployer(stack.connect().restUrl(), Duration.ofMinutes(2),
                line -> { });
        try {
            final List<ConnectorConfigFile> configs = FILES.stream().map(f -> ConnectorConfigFile.loadBundled(f, values)).toList();
            createDeadLetterTopics(stack.kafka(), configs);
            return deployer.deployConfigs(configs);
        } catch (ConnectConfigException | ConnectorDeployException e) {
            throw new CliException("deploying the connectors into Kafka Connect at " + stack.connect().restUrl()
                    + " failed: " + CliException.firstLine(e.getMessage()) + " [GET " + stack.connect().restUrl() + "/connectors?expand=status]", e);
        }
    }

    /**
     * Creates the connectors' dead-letter topics before they start. Connect would create them itself, but it logs an
     * ERROR line per connector while doing so, which on a first {@code up} reads like a failure.
     */
    private static void createDeadLetterTopics(final KafkaService kafka, final List<ConnectorConfigFile> configs) {
        final List<NewTopic> topics = configs.stream()
                .map(c -> c.config().get(DLQ_TOPIC))
                .filter(name -> name != null && !name.isBlank())
                .distinct()
                .map(name -> new NewTopic(name, 1, (short) 1))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new CliException("cannot create dead-letter topic " + created.getKey() + " on "
                                + kafka.bootstrapServers() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while creating the dead-letter topics", e);
        } catch (TimeoutException e) {
            throw new CliException("creating the dead-letter topics on " + kafka.bootstrapServers()
                    + " took longer than 30 s: is the broker overloaded?", e);
        }
    }

    private static void createSchema(final PostgresService pg) {
        try {
            pg.execute("CREATE SCHEMA IF NOT EXISTS " + STATE_SCHEMA);
        } catch (SQLException e) {
            throw new CliException("cannot create schema " + STATE_SCHEMA + " in " + pg.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }
}
