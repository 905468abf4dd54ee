package io.gunstream.stack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Debezium PostgreSQL source from the build's plugin directory, run by the embedded Connect worker against the
 * embedded PostgreSQL: it creates its own publication and slot (pgoutput), snapshots existing rows and streams
 * later changes to {@code pg.public.<table>}.
 */
class DebeziumPostgresCaptureIT {

    private static final String PLUGINS_DIR_PROPERTY = "gunstream.connect.plugins.dir";
    private static final String TABLE = "customers";
    private static final String TOPIC = "pg.public." + TABLE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedPostgres postgres;
    private static EmbeddedConnectWorker worker;

    @BeforeAll
    static void startStack() {
        final String dir = System.getProperty(PLUGINS_DIR_PROPERTY);
        assertThat(dir).as("system property " + PLUGINS_DIR_PROPERTY + " (set by the embedded-stack pom)").isNotBlank();
        broker = EmbeddedKafkaBroker.builder().start();
        postgres = EmbeddedPostgres.builder().start();
        worker = EmbeddedConnectWorker.builder().kafka(broker).pluginPath(Path.of(dir))
                .config("offset.flush.interval.ms", "1000").start();
    }

    @AfterAll
    static void stopStack() {
        // Connect first: its connector holds a replication connection that a fast shutdown would cut anyway.
        for (AutoCloseable service : new AutoCloseable[] {worker, postgres, broker}) {
            if (service != null) {
                try {
                    service.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not close " + service, e);
                }
            }
        }
    }

    @Test
    void snapshotsExistingRowsThenStreamsInsertsAndUpdates() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (id integer PRIMARY KEY, name text NOT NULL, visits integer)");
            s.execute("INSERT INTO " + TABLE + " VALUES (1, 'before deployment', 7)");
        }

        final ConnectRest rest = new ConnectRest(worker.restUrl());
        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.put("tasks.max", "1");
        config.put("database.hostname", postgres.host());
        config.put("database.port", Integer.toString(postgres.port()));
        config.put("database.user", postgres.user());
        config.put("database.password", postgres.password());
        config.put("database.dbname", postgres.database());
        config.put("topic.prefix", "pg");
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", "gunstream_capture_it");
        config.put("publication.name", "gunstream_capture_it");
        config.put("publication.autocreate.mode", "filtered");
        config.put("table.include.list", "public." + TABLE);
        // Plain JSON envelopes (no embedded schema) keep the assertions on the values themselves.
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        rest.put("/connectors/pg-source/config", config);
        awaitRunning(rest, "pg-source");

        final List<JsonNode> snapshot = awaitEvents(1);
        assertThat(snapshot.get(0).get("op").asText()).as("snapshot read").isEqualTo("r");
        assertThat(snapshot.get(0).at("/after/id").asInt()).isEqualTo(1);
        assertThat(snapshot.get(0).at("/after/name").asText()).isEqualTo("before deployment");
        assertThat(snapshot.get(0).at("/source/table").asText()).isEqualTo(TABLE);

        // The slot is there once the task runs, but streaming may start a moment after the snapshot; a row written
        // in between is still read from the slot, so no wait is needed before the INSERT.
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + TABLE + " VALUES (2, 'inserted after deployment', 42)");
            s.execute("UPDATE " + TABLE + " SET visits = 8 WHERE id = 1");
        }

        final List<JsonNode> events = awaitEvents(3);
        final JsonNode insert = events.get(1);
        assertThat(insert.get("op").asText()).as("insert").isEqualTo("c");
        assertThat(insert.get("before").isNull()).isTrue();
        assertThat(insert.at("/after/id").asInt()).isEqualTo(2);
        assertThat(insert.at("/after/name").asText()).isEqualTo("inserted after deployment");
        assertThat(insert.at("/after/visits").asInt()).isEqualTo(42);
        assertThat(insert.at("/source/connector").asText()).isEqualTo("postgresql");
        assertThat(insert.at("/source/db").asText()).isEqualTo(postgres.database());

        final JsonNode update = events.get(2);
        assertThat(update.get("op").asText()).as("update").isEqualTo("u");
        assertThat(update.at("/after/id").asInt()).isEqualTo(1);
        assertThat(update.at("/after/visits").asInt()).isEqualTo(8);

        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT pubname FROM pg_publication"))
                    .as("publication created by the connector").containsExactly("gunstream_capture_it");
            assertThat(strings(s, "SELECT tablename FROM pg_publication_tables"))
                    .as("filtered: only the included table").containsExactly(TABLE);
            assertThat(strings(s, "SELECT plugin FROM pg_replication_slots"))
                    .containsExactly("pgoutput");
        }
    }

    private static List<String> strings(final Statement statement, final String query) throws SQLException {
        final List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static void awaitRunning(final ConnectRest rest, final String connector) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            final JsonNode status = rest.get("/connectors/" + connector + "/status");
            assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
            assertThat(status.get("tasks")).hasSize(1);
            assertThat(status.at("/tasks/0/state").asText()).as(status.toString()).isEqualTo("RUNNING");
        });
    }

    /** The change events on {@link #TOPIC} from its start, once at least {@code expected} arrived. */
    private static List<JsonNode> awaitEvents(final int expected) {
        final Map<String, Object> config = new HashMap<>(broker.clientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "capture-it-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(record.value() == null ? JSON.nullNode() : JSON.readTree(record.value()));
                }
                return events.size() >= expected;
            });
        }
        return events;
    }
}
