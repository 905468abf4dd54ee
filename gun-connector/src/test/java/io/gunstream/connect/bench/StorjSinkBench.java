package io.gunstream.connect.bench;

import io.gunstream.connect.storj.StorjSinkTask;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.stack.registry.SchemaRegistryConfig;
import io.gunstream.stack.s3.EmbeddedS3;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Storj sink throughput against the raw AWS SDK upload of the same bytes, in one JVM against the embedded
 * S3-compatible server (s3proxy, filesystem store). The sink task is driven directly (start, open, put in batches of
 * {@value #BATCH}): decoding against the registry schema, Avro container writing and upload are measured, Kafka
 * consumption is not. The baseline uploads the very objects the sink wrote (read back first) with an S3 client set up
 * like the sink's (Apache 5 HTTP client, path style, checksums only where required), one PUT per object or the same
 * multipart sequence above the part size. Warm-up rounds (rounds &lt;= 0) are printed but not counted; the medians of
 * the measured rounds are reported.
 *
 * <p>Arguments (all optional): records (160000), value bytes per record (1024), flush.size (16000), part size in MiB
 * (64), measured rounds (7), warm-up rounds (3).
 * Not part of {@code mvn verify}: see docs/benchmarks.md for the command.
 */
public final class StorjSinkBench {

    private static final int BATCH = 500;
    private static final String TOPIC = "bench.entropy";
    private static final long BASE_TIME = Instant.parse("2026-11-25T07:00:00Z").toEpochMilli();

    private record Result(long bytes, int objects, long nanos) {
        double mibPerSecond() {
            return bytes / 1048576.0 / (nanos / 1e9);
        }
    }

    private StorjSinkBench() {
    }

    public static void main(final String[] args) throws Exception {
        final int records = arg(args, 0, 160_000);
        final int valueBytes = arg(args, 1, 1024);
        final int flushSize = arg(args, 2, 16_000);
        final int partSize = arg(args, 3, 64) * 1024 * 1024;
        final int rounds = arg(args, 4, 7);
        final int warmUps = arg(args, 5, 3);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                     Map.of(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
             EmbeddedS3 s3 = s3();
             S3Client client = client(s3)) {
            final List<SinkRecord> input = records(registry.url().toString(), records, valueBytes);
            final long inputBytes = input.stream().mapToLong(r -> ((byte[]) r.value()).length).sum();
            System.out.printf(Locale.ROOT, "input: %d records, %.1f MiB of framed Avro; flush.size %d, part size %d MiB%n",
                    records, inputBytes / 1048576.0, flushSize, partSize / 1048576);
            final List<Double> sinkRates = new ArrayList<>();
            final List<Double> rawRates = new ArrayList<>();
            final List<Double> ratios = new ArrayList<>();
            for (int round = 1 - warmUps; round <= rounds; round++) {
                final String sinkPrefix = "bench/sink-" + round;
                final Result sink = runSink(s3, registry.url().toString(), input, sinkPrefix, flushSize, partSize);
                final Result raw = runRaw(client, s3.bucket().orElseThrow(), sinkPrefix, "bench/raw-" + round, partSize);
                if (raw.bytes() != sink.bytes()) {
                    throw new IllegalStateException("baseline moved " + raw.bytes() + " bytes, sink " + sink.bytes());
                }
                System.out.printf(Locale.ROOT, "round %d%s: sink %d objects %.1f MiB in %d ms = %.1f MiB/s; raw PUT %.1f MiB/s; ratio %.0f %%%n",
                        round, round <= 0 ? " (warm-up)" : "", sink.objects(), sink.bytes() / 1048576.0,
                        sink.nanos() / 1_000_000, sink.mibPerSecond(), raw.mibPerSecond(),
                        100 * sink.mibPerSecond() / raw.mibPerSecond());
                delete(client, s3.bucket().orElseThrow(), sinkPrefix);
                delete(client, s3.bucket().orElseThrow(), "bench/raw-" + round);
                if (round > 0) {
                    sinkRates.add(sink.mibPerSecond());
                    rawRates.add(raw.mibPerSecond());
                    ratios.add(sink.mibPerSecond() / raw.mibPerSecond());
                }
            }
            final double sinkMedian = median(sinkRates);
            final double rawMedian = median(rawRates);
            System.out.printf(Locale.ROOT, "RESULT median of %d rounds: sink %.1f MiB/s, raw PUT %.1f MiB/s, ratio of medians "
                    + "%.0f %%, median ratio %.0f %% (min %.0f %%, max %.0f %%)%n", rounds, sinkMedian, rawMedian,
                    100 * sinkMedian / rawMedian, 100 * median(ratios), 100 * ratios.stream().mapToDouble(r -> r).min().orElse(0),
                    100 * ratios.stream().mapToDouble(r -> r).max().orElse(0));
        }
    }

    private static List<SinkRecord> records(final String registryUrl, final int count, final int valueBytes) {
        final List<SinkRecord> records = new ArrayList<>(count);
        try (GunAvroSerde<EntropySample> serde = GunAvroSerde.specific(EntropySample.class)) {
            serde.configure(Map.of("schema.registry.url", registryUrl), false);
            final char[] filler = new char[valueBytes];
            for (int i = 0; i < count; i++) {
                Arrays.fill(filler, (char) ('a' + i % 26));
                final String source = "devices/d" + (i % 100) + "/entropy/" + i;
                // One hour of records: the time partitioner puts them all under one path.
                final long time = BASE_TIME + i % 3_600_000L;
                final EntropySample sample = EntropySample.newBuilder().setSource(source).setKey("noise")
                        .setState(1_000_000.0 + i).setNumericValue(null)
                        .setValue(GunValue.newBuilder().setValue(new String(filler)).build())
                        .setTimestamp(Instant.ofEpochMilli(time)).build();
                final byte[] frame = serde.serializer().serialize(TOPIC, sample);
                records.add(new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, source, null, frame, i, time,
                        TimestampType.CREATE_TIME));
            }
        }
        return records;
    }

    private static Result runSink(final EmbeddedS3 s3, final String registryUrl, final List<SinkRecord> input,
                                  final String prefix, final int flushSize, final int partSize) {
        final Map<String, String> props = new HashMap<>();
        props.put("topics", TOPIC);
        props.put("s3.endpoint", s3.endpoint().toString());
        props.put("s3.bucket", s3.bucket().orElseThrow());
        props.put("s3.access.key", s3.accessKey());
        props.put("s3.secret.key", s3.secretKey());
        props.put("s3.region", s3.region());
        props.put("s3.part.size", Integer.toString(partSize));
        props.put("prefix", prefix);
        props.put("flush.size", Integer.toString(flushSize));
        props.put("schema.registry.url", registryUrl);
        final StorjSinkTask task = new StorjSinkTask();
        final TopicPartition partition = new TopicPartition(TOPIC, 0);
        task.start(props);
        task.open(List.of(partition));
        final long start = System.nanoTime();
        for (int from = 0; from < input.size(); from += BATCH) {
            task.put(input.subList(from, Math.min(input.size(), from + BATCH)));
        }
        final Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
        final long nanos = System.nanoTime() - start;
        task.close(List.of(partition));
        task.stop();
        final long uploadedTo = committed.containsKey(partition) ? committed.get(partition).offset() : 0;
        if (uploadedTo != input.size()) {
            throw new IllegalStateException("sink uploaded records up to offset " + uploadedTo + " of " + input.size()
                    + ": make records a multiple of flush.size");
        }
        final List<S3Object> objects = list(s3, prefix);
        return new Result(objects.stream().mapToLong(S3Object::size).sum(), objects.size(), nanos);
    }

    private static Result runRaw(final S3Client client, final String bucket, final String sinkPrefix,
                                 final String prefix, final int partSize) {
        final Map<String, byte[]> objects = new LinkedHashMap<>();
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(sinkPrefix)).contents()) {
            objects.put(prefix + object.key().substring(sinkPrefix.length()),
                    client.getObject(b -> b.bucket(bucket).key(object.key()), ResponseTransformer.toBytes()).asByteArray());
        }
        final long start = System.nanoTime();
        long bytes = 0;
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            put(client, bucket, object.getKey(), object.getValue(), partSize);
            bytes += object.getValue().length;
        }
        return new Result(bytes, objects.size(), System.nanoTime() - start);
    }

    private static void put(final S3Client client, final String bucket, final String key, final byte[] body,
                            final int partSize) {
        if (body.length <= partSize) {
            client.putObject(b -> b.bucket(bucket).key(key).contentLength((long) body.length), RequestBody.fromBytes(body));
            return;
        }
        final String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        final List<CompletedPart> parts = new ArrayList<>();
        for (int from = 0, number = 1; from < body.length; from += partSize, number++) {
            final int length = Math.min(partSize, body.length - from);
            final int partNumber = number;
            final String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                    .contentLength((long) length), RequestBody.fromBytes(Arrays.copyOfRange(body, from, from + length))).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }

    /** The S3 server; {@code -Dbench.s3.dir=DIR} puts its filesystem store there (e.g. on tmpfs, to take the disk out). */
    private static EmbeddedS3 s3() {
        final String dir = System.getProperty("bench.s3.dir");
        final EmbeddedS3.Builder builder = EmbeddedS3.builder();
        if (dir != null) {
            builder.dataDir(java.nio.file.Path.of(dir));
        }
        return builder.start();
    }

    /** Keeps the store small between rounds (outside the timed part). */
    private static void delete(final S3Client client, final String bucket, final String prefix) {
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            client.deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
    }

    private static List<S3Object> list(final EmbeddedS3 s3, final String prefix) {
        try (S3Client client = client(s3)) {
            return client.listObjectsV2Paginator(b -> b.bucket(s3.bucket().orElseThrow()).prefix(prefix)).contents()
                    .stream().toList();
        }
    }

    /** Set up like the sink's client (S3ObjectStore.create), so the baseline differs only in what it uploads from. */
    private static S3Client client(final EmbeddedS3 s3) {
        return S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true).region(Region.of(s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    private static double median(final List<Double> values) {
        final List<Double> sorted = values.stream().sorted().toList();
        final int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static int arg(final String[] args, final int index, final int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
