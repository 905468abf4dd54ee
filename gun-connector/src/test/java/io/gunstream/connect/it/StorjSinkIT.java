package io.gunstream.connect.it;

import io.gunstream.stack.connect.ConnectRest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.connect.EmbeddedConnectWorker;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.stack.registry.SchemaRegistryConfig;
import io.gunstream.stack.s3.EmbeddedS3;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Storj sink from the plugin directory (the unpacked zip, next to Debezium's plugins) in a real Connect worker,
 * against a real broker, schema registry and S3-compatible server. The test classpath does not hold the connector's
 * classes (failsafe's classesDirectory points elsewhere), so the worker can only load them from plugin.path.
 */
class StorjSinkIT {

    private static final String BUCKET = EmbeddedS3.DEFAULT_BUCKET;
    /** 2026-11-25T07:00:00Z: records spread over this hour and the next. */
    private static final long BASE_TIME = Instant.parse("2026-11-25T07:00:00Z").toEpochMilli();
    private static final Pattern KEY = Pattern.compile(
            "(?<prefix>[^/]+)/(?<topic>[^/]+)/dt=2026-11-25/hr=(?<hour>0[78])/\\k<topic>\\+(?<partition>\\d)\\+(?<offset>\\d{20})\\.avro");

    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedSchemaRegistry registry;
    private static EmbeddedS3 s3;
    private static S3Client client;
    private static Path pluginDir;
    private static Path debeziumPlugins;

    @BeforeAll
    static void start() {
        pluginDir = Path.of(System.getProperty("gunstream.connector.plugin.dir"));
        debeziumPlugins = Path.of(System.getProperty("gunstream.connect.plugins.dir"));
        kafka = EmbeddedKafkaBroker.builder().start();
        registry = EmbeddedSchemaRegistry.start(Map.of(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        s3 = EmbeddedS3.builder().start();
        client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true).region(Region.of(s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable service : new AutoCloseable[] {client, s3, registry, kafka}) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + service + ": " + e);
            }
        }
    }

    @Test
    void pluginLoadsFromPluginPathNextToDebezium() throws Exception {
        try (EmbeddedConnectWorker worker = worker("storj-plugins")) {
            final JsonNode plugins = new ConnectRest(worker.restUrl()).get("/connector-plugins?connectorsOnly=false");
            final List<String> classes = StreamSupport.stream(plugins.spliterator(), false)
                    .map(p -> p.get("class").asText()).toList();
            assertThat(classes).contains("io.gunstream.connect.storj.StorjSinkConnector",
                    "io.gunstream.connect.smt.GunNodeToRow", "io.gunstream.connect.smt.CdcToGunDelta",
                    "io.gunstream.connect.smt.OriginFilter", "io.gunstream.connect.avro.GunAvroConverter",
                    "io.debezium.connector.postgresql.PostgresConnector", "io.debezium.connector.jdbc.JdbcSinkConnector");
            final JsonNode validation = new ConnectRest(worker.restUrl()).put(
                    "/connector-plugins/StorjSinkConnector/config/validate",
                    Map.of("connector.class", "io.gunstream.connect.storj.StorjSinkConnector", "topics", "t",
                            "s3.endpoint", "not a url"));
            // The plugin's ConfigDef validates in the worker: the bad endpoint and the missing bucket are reported.
            assertThat(errors(validation, "s3.endpoint")).singleElement().asString().contains("not a URL");
            assertThat(errors(validation, "s3.bucket")).singleElement().asString().contains("Missing required");
            assertThat(errors(validation, "flush.size")).isEmpty();
        }
    }

    @Test
    void writesEveryRecordOnceIntoTimePartitionedObjectsAcrossAWorkerRestartThatLostItsOffsets() throws Exception {
        final String topic = "it.entropy";
        kafka.createTopic(topic, 2, Map.of());
        final List<EntropySample> first = samples(0, 600);
        produce(topic, 2, first);

        final Map<String, String> connector = connectorConfig(topic, "restart", Map.of("flush.size", "50"));
        final List<String> keysBefore;
        try (EmbeddedConnectWorker worker = worker("storj-restart")) {
            final ConnectRest rest = new ConnectRest(worker.restUrl());
            rest.put("/connectors/storj-restart/config", connector);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> readAll("restart/").size() == first.size());
            keysBefore = keys("restart/");
        }
        final Map<String, String> etagsBefore = etags("restart/");
        final List<EntropySample> second = samples(600, 400);
        produce(topic, 2, second);
        // A crash between upload and offset commit: the group forgets everything, the restarted worker replays the
        // topic from the start and must rewrite the same objects, not add new ones.
        rewindGroup("connect-storj-restart", topic);

        try (EmbeddedConnectWorker worker = worker("storj-restart")) {
            final List<EntropySample> all = new ArrayList<>(first);
            all.addAll(second);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> readAll("restart/").size() >= all.size());
            // s3proxy's filesystem store replaces an object by delete + write, so a listed key can vanish for a moment
            // while it is rewritten (S3 and Storj replace atomically): read once the rewrites are over.
            final List<GenericRecord> read = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> readAll("restart/"), r -> r.size() == all.size());
            assertThat(read).hasSize(all.size());
            assertThat(read.stream().map(r -> r.get("source").toString() + "|" + r.get("state")).toList())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(s -> s.getSource() + "|" + s.getState()).toList());
            // The first run's objects were replaced by identical bytes under identical keys.
            assertThat(keys("restart/")).containsAll(keysBefore);
            final Map<String, String> etagsAfter = etags("restart/");
            etagsBefore.forEach((key, etag) -> assertThat(etagsAfter.get(key)).as(key).isEqualTo(etag));
        }
        for (String key : keys("restart/")) {
            final var matcher = KEY.matcher(key);
            assertThat(matcher.matches()).as(key).isTrue();
            // Every record sits in the hour its timestamp names, and objects start at the offsets of their first record.
            for (GenericRecord record : read(key)) {
                final long hour = ((Instant) toInstant(record.get("timestamp"))).atZone(java.time.ZoneOffset.UTC).getHour();
                assertThat(hour).as(key).isEqualTo(Long.parseLong(matcher.group("hour")));
            }
        }
        assertThat(keys("restart/")).anyMatch(k -> k.contains("/hr=07/")).anyMatch(k -> k.contains("/hr=08/"))
                .anyMatch(k -> k.contains("+0+")).anyMatch(k -> k.contains("+1+"));
    }

    @Test
    void objectsAbovePartSizeGoMultipart() throws Exception {
        final String topic = "it.bigentropy";
        kafka.createTopic(topic, 1, Map.of());
        // 700 samples of ~10 KiB: one object of ~7 MiB, above a 5 MiB part size.
        final List<EntropySample> big = new ArrayList<>();
        final String payload = "x".repeat(10_240);
        for (int i = 0; i < 700; i++) {
            big.add(EntropySample.newBuilder().setSource("devices/big/entropy/" + i).setState(i).setNumericValue(null)
                    .setValue(GunValue.newBuilder().setValue(payload + i).build())
                    .setTimestamp(Instant.ofEpochMilli(BASE_TIME)).build());
        }
        produce(topic, 1, big);
        try (EmbeddedConnectWorker worker = worker("storj-multipart")) {
            new ConnectRest(worker.restUrl()).put("/connectors/storj-multipart/config", connectorConfig(topic, "multipart",
                    Map.of("flush.size", "700", "s3.part.size", Integer.toString(5 * 1024 * 1024))));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> !keys("multipart/").isEmpty());
            // s3proxy's filesystem store lists a completed multipart object while it is still concatenating the
            // parts, so the object is read once it is whole (one object, both parts) rather than when first listed.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                assertThat(keys("multipart/")).hasSize(1);
                final String key = keys("multipart/").get(0);
                assertThat(client.headObject(b -> b.bucket(BUCKET).key(key)).contentLength()).isGreaterThan(5L * 1024 * 1024);
                // A multipart upload's ETag is "<md5 of part md5s>-<parts>".
                assertThat(client.headObject(b -> b.bucket(BUCKET).key(key)).eTag()).endsWith("-2\"");
            });
            final List<GenericRecord> read = read(keys("multipart/").get(0));
            assertThat(read).hasSize(700);
            assertThat(read.get(699).get("value").toString()).contains(payload + 699);
        }
    }

    private static List<String> errors(final JsonNode validation, final String key) {
        for (JsonNode config : validation.get("configs")) {
            if (config.at("/value/name").asText().equals(key)) {
                return StreamSupport.stream(config.at("/value/errors").spliterator(), false).map(JsonNode::asText).toList();
            }
        }
        throw new AssertionError("validation has no entry for " + key);
    }

    private static Object toInstant(final Object timestamp) {
        return timestamp instanceof Instant instant ? instant : Instant.ofEpochMilli((Long) timestamp);
    }

    private static List<EntropySample> samples(final int from, final int count) {
        final List<EntropySample> samples = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            samples.add(EntropySample.newBuilder().setSource("devices/d" + (i % 7) + "/entropy/" + i).setKey("t")
                    .setState(1_000_000 + i).setNumericValue((double) i)
                    .setValue(GunValue.newBuilder().setValue((double) i).build())
                    // 2 hours of records, in offset order per partition
                    .setTimestamp(Instant.ofEpochMilli(BASE_TIME + i * 7_200L)).build());
        }
        return samples;
    }

    private static void produce(final String topic, final int partitions, final List<EntropySample> samples) {
        try (GunAvroSerde<EntropySample> serde = GunAvroSerde.specific(EntropySample.class)) {
            serde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
            final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, EntropySample> producer =
                         new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
                for (EntropySample sample : samples) {
                    // Partition by hand (alternating), so both partitions get whole multiples of flush.size.
                    final int partition = partitions == 1 ? 0 : (int) (sample.getState() % partitions);
                    producer.send(new ProducerRecord<>(topic, partition, sample.getTimestamp().toEpochMilli(),
                            sample.getSource(), sample));
                }
                producer.flush();
            }
        }
    }

    private static Map<String, String> connectorConfig(final String topic, final String prefix,
                                                       final Map<String, String> extra) {
        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.gunstream.connect.storj.StorjSinkConnector");
        config.put("tasks.max", "2");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("s3.endpoint", s3.endpoint().toString());
        config.put("s3.bucket", BUCKET);
        config.put("s3.access.key", s3.accessKey());
        config.put("s3.secret.key", s3.secretKey());
        config.put("s3.region", s3.region());
        config.put("prefix", prefix);
        config.put("schema.registry.url", registry.url().toString());
        config.putAll(extra);
        return config;
    }

    private static EmbeddedConnectWorker worker(final String group) {
        final EmbeddedConnectWorker worker = EmbeddedConnectWorker.builder().kafka(kafka).groupId(group)
                .pluginPath(pluginDir, debeziumPlugins)
                .config("offset.flush.interval.ms", "1000")
                .start();
        System.out.printf("FIGURE Connect worker start with gunstream + Debezium plugins: %d ms%n",
                worker.startupTime().toMillis());
        return worker;
    }

    private static void rewindGroup(final String group, final String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    admin.alterConsumerGroupOffsets(group, Map.of(
                            new TopicPartition(topic, 0), new OffsetAndMetadata(0),
                            new TopicPartition(topic, 1), new OffsetAndMetadata(0))).all().get());
        }
    }

    private static List<String> keys(final String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static Map<String, String> etags(final String prefix) {
        final Map<String, String> etags = new HashMap<>();
        client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents()
                .forEach(o -> etags.put(o.key(), o.eTag()));
        return etags;
    }

    private static List<GenericRecord> readAll(final String prefix) throws IOException {
        final List<GenericRecord> all = new ArrayList<>();
        for (String key : keys(prefix)) {
            all.addAll(read(key));
        }
        return all;
    }

    private static List<GenericRecord> read(final String key) throws IOException {
        final byte[] bytes = client.getObject(b -> b.bucket(BUCKET).key(key), ResponseTransformer.toBytes()).asByteArray();
        final List<GenericRecord> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader =
                     new DataFileReader<>(new SeekableByteArrayInput(bytes), new GenericDatumReader<>())) {
            reader.forEach(records::add);
        }
        return records;
    }
}
