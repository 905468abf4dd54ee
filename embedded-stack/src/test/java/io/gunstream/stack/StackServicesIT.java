package io.gunstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static org.awaitility.Awaitility.await;

import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.kafka.KafkaService;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.s3.EmbeddedS3;
import io.gunstream.stack.s3.S3Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import io.gunstream.stack.postgres.PostgresService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The factory gives the same Kafka, PostgreSQL and S3 behaviour on either backend; a backend that cannot run here is skipped. */
class StackServicesIT {

    @ParameterizedTest
    @EnumSource(StackBackend.class)
    void postgresOnEitherBackendHasLogicalWalAndTheStackDatabase(final StackBackend backend) throws Exception {
        final StackServices stack = StackServices.of(backend);
        assumeTrue(stack.unavailableReason().isEmpty(), () -> stack.unavailableReason().orElseThrow());
        try (PostgresService pg = stack.postgres();
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/gunstream");
            s.execute("CREATE TABLE t (id int PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (7)");
            try (ResultSet rows = s.executeQuery("SELECT id, current_setting('wal_level') FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
                assertThat(rows.getString(2)).isEqualTo("logical");
            }
            s.execute("SELECT pg_create_logical_replication_slot('contract', 'pgoutput')");
        }
    }

    @ParameterizedTest
    @EnumSource(StackBackend.class)
    void kafkaOnEitherBackendMovesRecords(final StackBackend backend) throws Exception {
        final StackServices stack = StackServices.of(backend);
        assumeTrue(stack.unavailableReason().isEmpty(), () -> stack.unavailableReason().orElseThrow());
        try (KafkaService kafka = stack.kafka()) {
            final Map<String, Object> common = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic("contract", 1, (short) 1))).all().get();
            }
            final Map<String, Object> producerConfig = new HashMap<>(common);
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("contract", "k", "v")).get();
            }
            final Map<String, Object> consumerConfig = new HashMap<>(common);
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "contract");
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("contract"));
                final List<String> values = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.key() + "=" + r.value()));
                    return !values.isEmpty();
                });
                assertThat(values).containsExactly("k=v");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StackBackend.class)
    void s3OnEitherBackendStoresObjects(final StackBackend backend) {
        final StackServices stack = StackServices.of(backend);
        assumeTrue(stack.unavailableReason().isEmpty(), () -> stack.unavailableReason().orElseThrow());
        try (S3Service s3 = stack.s3();
             S3Client client = S3Client.builder()
                     .endpointOverride(s3.endpoint())
                     .region(Region.of(s3.region()))
                     .forcePathStyle(true)
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                     .build()) {
            client.createBucket(b -> b.bucket("contract"));
            client.putObject(b -> b.bucket("contract").key("a/b.txt"), RequestBody.fromString("hello"));
            assertThat(client.getObjectAsBytes(b -> b.bucket("contract").key("a/b.txt")).asUtf8String()).isEqualTo("hello");
        }
    }

    @Test
    void embeddedBackendGivesEmbeddedServices() {
        final StackServices stack = StackServices.of(StackBackend.EMBEDDED);
        try (KafkaService kafka = stack.kafka(); S3Service s3 = stack.s3()) {
            assertThat(kafka).isInstanceOf(EmbeddedKafkaBroker.class);
            assertThat(s3).isInstanceOf(EmbeddedS3.class);
        }
    }

    @Test
    void embeddedBackendGivesEmbeddedPostgres() {
        try (PostgresService pg = StackServices.of(StackBackend.EMBEDDED).postgres()) {
            assertThat(pg).isInstanceOf(EmbeddedPostgres.class);
            assertThat(pg.host()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void testcontainersWithoutDockerFailsWithReasonAndAlternative() {
        final StackServices stack = StackServices.of(StackBackend.TESTCONTAINERS);
        assumeTrue(stack.unavailableReason().isPresent(), "a Docker engine is available here");
        assertThat(stack.unavailableReason().orElseThrow()).contains("Docker").contains("gunstream.stack.backend=embedded");
        assertThatThrownBy(stack::postgres).isInstanceOf(StackUnavailableException.class).hasMessageContaining("Docker");
        assertThatThrownBy(stack::kafka).isInstanceOf(StackUnavailableException.class);
        assertThatThrownBy(stack::s3).isInstanceOf(StackUnavailableException.class);
    }
}
