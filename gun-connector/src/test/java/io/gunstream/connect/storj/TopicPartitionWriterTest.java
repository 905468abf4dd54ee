package io.gunstream.connect.storj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TopicPartitionWriterTest {

    private static final Schema V1 = SchemaBuilder.record("Sample").fields().requiredLong("n").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Sample").fields().requiredLong("n")
            .optionalString("note").endRecord();
    private static final TopicPartition TP = new TopicPartition("gun.entropy", 3);
    private static final long HOUR = 3_600_000L;
    private static final Partitioner TIME = new TimePartitioner();

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    @Test
    void cutsObjectsByRecordCountAndCommitsOnlyUploadedOffsets() throws IOException {
        final TopicPartitionWriter writer = writer(new RotationPolicy(3, Long.MAX_VALUE, -1, -1));
        for (long offset = 10; offset < 17; offset++) {
            write(writer, offset, 0, V1);
        }
        assertThat(store.objects.keySet()).containsExactly(
                "p/gun.entropy/dt=1970-01-01/hr=00/gun.entropy+3+00000000000000000010.avro",
                "p/gun.entropy/dt=1970-01-01/hr=00/gun.entropy+3+00000000000000000013.avro");
        // 16 is buffered, not uploaded: committing past it would lose it in a crash.
        assertThat(writer.committableOffset()).isEqualTo(16);
        assertThat(values(store.objects.get("p/gun.entropy/dt=1970-01-01/hr=00/gun.entropy+3+00000000000000000013.avro")))
                .containsExactly(13L, 14L, 15L);
    }

    @Test
    void aReplayFromTheCommittedOffsetRewritesTheSameKeysWithTheSameBytes() {
        final RotationPolicy policy = new RotationPolicy(4, 60, 2 * HOUR, -1);
        final TopicPartitionWriter first = writer(policy);
        // Records cross an hour boundary, a schema change and the byte limit; the run stops with a batch open.
        final List<Object[]> records = new ArrayList<>();
        for (long offset = 0; offset < 23; offset++) {
            records.add(new Object[] {offset, offset * 400_000L, offset < 12 ? V1 : V2});
        }
        records.forEach(r -> write(first, (long) r[0], (long) r[1], (Schema) r[2]));
        final long committed = first.committableOffset();
        assertThat(committed).isBetween(1L, 22L);
        final Map<String, byte[]> afterFirstRun = Map.copyOf(store.objects);

        // A new owner after a crash: starts at the committed offset and sees the same records again, and more.
        store.putLog.clear();
        final TopicPartitionWriter second = writer(policy);
        for (long offset = committed; offset < 40; offset++) {
            write(second, offset, offset * 400_000L, offset < 12 ? V1 : V2);
        }
        final List<String> rewritten = store.putLog.stream().filter(afterFirstRun::containsKey).toList();
        rewritten.forEach(key -> assertThat(store.objects.get(key)).as(key).isEqualTo(afterFirstRun.get(key)));
        // No record is in two objects, none is missing.
        final List<Long> all = new ArrayList<>();
        store.objects.values().forEach(bytes -> all.addAll(values(bytes)));
        assertThat(all).doesNotHaveDuplicates();
        assertThat(all).hasSize((int) (second.committableOffset()));
    }

    @Test
    void aSchemaChangeStartsANewObjectAtThatOffset() {
        final TopicPartitionWriter writer = writer(new RotationPolicy(4, Long.MAX_VALUE, -1, -1));
        write(writer, 0, 0, V1);
        write(writer, 1, 0, V1);
        write(writer, 2, 0, V2);
        write(writer, 3, 0, V2);
        assertThat(store.objects.keySet()).containsExactly(
                "p/gun.entropy/dt=1970-01-01/hr=00/gun.entropy+3+00000000000000000000.avro",
                "p/gun.entropy/dt=1970-01-01/hr=00/gun.entropy+3+00000000000000000002.avro");
        assertThat(schemaOf(store.objects.get("p/gun.entropy/dt=1970-01-01/hr=00/gun.entropy+3+00000000000000000002.avro")))
                .isEqualTo(V2);
    }

    @Test
    void recordTimeRotationWritesTheBatchBeforeARecordOutsideTheInterval() {
        final TopicPartitionWriter writer = writer(new RotationPolicy(100, Long.MAX_VALUE, 10 * 60_000L, -1));
        write(writer, 0, 0, V1);
        write(writer, 1, 5 * 60_000L, V1);
        assertThat(store.objects).isEmpty();
        write(writer, 2, 10 * 60_000L, V1);
        assertThat(store.objects.keySet()).containsExactly(
                "p/gun.entropy/dt=1970-01-01/hr=00/gun.entropy+3+00000000000000000000.avro");
        assertThat(writer.committableOffset()).isEqualTo(2);
    }

    @Test
    void aFailedUploadStaysPendingAndTheCommittableOffsetStaysPut() {
        final TopicPartitionWriter writer = writer(new RotationPolicy(2, Long.MAX_VALUE, -1, -1));
        write(writer, 0, 0, V1);
        store.failNextPuts = 1;
        assertThatThrownBy(() -> write(writer, 1, 0, V1)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("gun.entropy+3+00000000000000000000.avro");
        assertThat(writer.committableOffset()).isZero();
        // Connect redelivers offset 1: recognised as taken, and the retry uploads the pending object.
        assertThat(writer.isNew(1)).isFalse();
        writer.uploadPending();
        assertThat(writer.committableOffset()).isEqualTo(2);
        assertThat(values(store.objects.values().iterator().next())).containsExactly(0L, 1L);
    }

    @Test
    void skippedRecordsMoveTheCommittableOffsetOnlyWhenNothingIsBuffered() {
        final TopicPartitionWriter writer = writer(new RotationPolicy(2, Long.MAX_VALUE, -1, -1));
        writer.skip(0);
        assertThat(writer.committableOffset()).isEqualTo(1);
        write(writer, 1, 0, V1);
        writer.skip(2);
        assertThat(writer.committableOffset()).isEqualTo(1);
    }

    @Test
    void wallClockRotationWritesAnIdleBatch() {
        final TopicPartitionWriter writer = writer(new RotationPolicy(100, Long.MAX_VALUE, -1, 1_000));
        writer.write(record(0, 0), encode(V1, 0), "x", 5_000);
        writer.rotateIfDue(5_999);
        assertThat(store.objects).isEmpty();
        writer.rotateIfDue(6_000);
        assertThat(store.objects).hasSize(1);
    }

    private TopicPartitionWriter writer(final RotationPolicy policy) {
        return new TopicPartitionWriter(TP, "p", policy, store);
    }

    private static void write(final TopicPartitionWriter writer, final long offset, final long timestamp,
                              final Schema schema) {
        if (!writer.isNew(offset)) {
            return;
        }
        final SinkRecord record = record(offset, timestamp);
        writer.write(record, encode(schema, offset), TIME.path(record, null), 0);
    }

    private static SinkRecord record(final long offset, final long timestamp) {
        return new SinkRecord(TP.topic(), TP.partition(), null, "soul", null, new byte[0], offset, timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static FramedAvroDecoder.Decoded encode(final Schema schema, final long n) {
        final GenericRecord value = new GenericData.Record(schema);
        value.put("n", n);
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(value, encoder);
            encoder.flush();
            return new FramedAvroDecoder.Decoded(schema == V1 ? 1 : 2, schema, value, ByteBuffer.wrap(out.toByteArray()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Long> values(final byte[] object) {
        final List<Long> values = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader =
                     new DataFileReader<>(new SeekableByteArrayInput(object), new GenericDatumReader<>())) {
            reader.forEach(r -> values.add((Long) r.get("n")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return values;
    }

    private static Schema schemaOf(final byte[] object) {
        try (DataFileReader<GenericRecord> reader =
                     new DataFileReader<>(new SeekableByteArrayInput(object), new GenericDatumReader<>())) {
            return reader.getSchema();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
