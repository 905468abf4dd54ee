package io.gunstream.stack.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.stack.StackBackend;
import io.gunstream.stack.StackServices;
import io.gunstream.stack.kafka.KafkaService;
import io.gunstream.stack.postgres.PostgresService;
import io.gunstream.stack.s3.S3Service;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Docker-image variants; skipped (not failed) where no Docker engine is reachable, as on the build machines. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBackendIT {

    private final StackServices stack = StackServices.of(StackBackend.TESTCONTAINERS);

    @Test
    void postgresHasLogicalWalAndAcceptsAPgoutputSlot() throws Exception {
        try (PostgresService pg = stack.postgres();
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            assertThat(pg).isInstanceOf(TestcontainersPostgres.class);
            try (ResultSet rows = s.executeQuery("SHOW wal_level")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("logical");
            }
            s.execute("SELECT pg_create_logical_replication_slot('tc', 'pgoutput')");
        }
    }

    @Test
    void kafkaMovesRecordsAndCommitsTransactions() throws Exception {
        try (KafkaService kafka = stack.kafka()) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tc-test"), new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("tc.topic", "soul", "committed"));
                producer.commitTransaction();
            }
            final List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "tc-group",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("tc.topic"));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        values.add(record.value());
                    }
                }
            }
            assertThat(values).containsExactly("committed");
        }
    }

    @Test
    void s3IsHealthyAndRefusesUnsignedRequests() throws Exception {
        try (S3Service s3 = stack.s3()) {
            final HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(s3.endpoint().resolve("/minio/health/live")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            final HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(s3.endpoint().resolve("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(403);
            assertThat(s3.accessKey()).isEqualTo("gunstream");
            assertThat(s3.region()).isEqualTo("us-east-1");
        }
    }
}
