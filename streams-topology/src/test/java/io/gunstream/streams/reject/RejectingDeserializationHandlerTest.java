package io.gunstream.streams.reject;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.serde.GunSerializationException;
import io.gunstream.streams.testing.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler on real exceptions from the real deserializer: malformed → DLQ record and resume; registry down → fail. */
@ExtendWith(RegistryExtension.class)
class RejectingDeserializationHandlerTest {

    /** Where the failed record was read, as Streams would pass it. */
    private record Context(String topic, int partition, long offset) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "deltas";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }

    private static Exception failureOf(final String registryUrl, final byte[] value) {
        final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class);
        serde.configure(Map.of("schema.registry.url", registryUrl, "schema.registry.connect.timeout.ms", 500), false);
        try {
            serde.deserializer().deserialize("gun.deltas", value);
        } catch (final GunSerializationException e) {
            return e;
        }
        throw new AssertionError("expected the deserializer to fail");
    }

    @Test
    void malformedRecordsBecomeARejectInTheResponseAndTheTaskResumes(final RegistryExtension.Stack stack) {
        final RejectingDeserializationHandler handler = new RejectingDeserializationHandler();
        handler.configure(Map.of("schema.registry.url", stack.registryUrl(), "topic.rejects", "my.rejects"));
        final byte[] raw = "plain json".getBytes(StandardCharsets.UTF_8);
        final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("gun.deltas", 3, 77L,
                "soul/a".getBytes(StandardCharsets.UTF_8), raw);

        final DeserializationExceptionHandler.Response response = handler.handleError(
                new Context("gun.deltas", 3, 77L), record, failureOf(stack.registryUrl(), raw));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        final ProducerRecord<byte[], byte[]> dlq = response.deadLetterQueueRecords().get(0);
        assertThat(dlq.topic()).isEqualTo("my.rejects");
        assertThat(new String(dlq.key(), StandardCharsets.UTF_8)).isEqualTo("soul/a");
        final GunAvroSerde<Reject> rejects = GunAvroSerde.specific(Reject.class);
        rejects.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        final Reject reject = rejects.deserializer().deserialize("my.rejects", dlq.value());
        assertThat(reject.getReason()).isEqualTo("MALFORMED_RECORD");
        assertThat(reject.getMessage()).startsWith("NO_MAGIC_BYTE");
        assertThat(reject.getSoul()).isEqualTo("soul/a");
        assertThat(reject.getSourcePartition()).isEqualTo(3);
        assertThat(reject.getSourceOffset()).isEqualTo(77L);
        assertThat(reject.getRawValue().array()).isEqualTo(raw);
    }

    @Test
    void anUnreachableRegistryFailsTheTaskSoNothingIsSkipped(final RegistryExtension.Stack stack) {
        final RejectingDeserializationHandler handler = new RejectingDeserializationHandler();
        handler.configure(Map.of("schema.registry.url", stack.registryUrl()));
        final byte[] frame = {0, 0, 0, 0, 1, 2};
        final Exception down = failureOf("http://127.0.0.1:9", frame);
        assertThat(((GunSerializationException) down).isMalformedInput()).isFalse();

        final DeserializationExceptionHandler.Response response = handler.handleError(
                new Context("gun.deltas", 0, 5L), new ConsumerRecord<>("gun.deltas", 0, 5L, null, frame), down);
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();

        final DeserializationExceptionHandler.Response unknown = handler.handleError(
                new Context("gun.deltas", 0, 6L), new ConsumerRecord<>("gun.deltas", 0, 6L, null, frame),
                new IllegalStateException("not a serde failure"));
        assertThat(unknown.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }
}
