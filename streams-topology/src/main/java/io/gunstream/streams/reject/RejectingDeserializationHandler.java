package io.gunstream.streams.reject;

import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.serde.GunSerializationException;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.app.GunStreamsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends undecodable input records to the rejects topic (reason {@code MALFORMED_RECORD}, raw bytes kept) through
 * Kafka Streams' dead-letter-queue response, in the same transaction as the task's output, and lets the task go
 * on. Failures that are not the record's fault (schema registry unreachable: {@link
 * GunSerializationException#isMalformedInput()} false) and unknown exceptions fail the task, so nothing is skipped
 * while the registry is down. Streams counts every resumed record in its {@code dropped-records} task metric.
 *
 * <p>Created and {@link #configure}d by Kafka Streams from {@code deserialization.exception.handler} with the
 * application's settings ({@link GunStreamsConfig#streamsProperties()} carries the registry URL and topic names).
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RejectingDeserializationHandler.class);

    private GunAvroSerde<Reject> rejectSerde;
    private String rejectsTopic = GunTopics.REJECTS;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(GunStreamsConfig.TOPIC_REJECTS_CONFIG);
        if (topic != null) {
            rejectsTopic = topic.toString();
        }
        rejectSerde = GunAvroSerde.specific(Reject.class);
        rejectSerde.configure(configs, false);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (!(exception instanceof GunSerializationException gse) || !gse.isMalformedInput()) {
            LOG.error("Cannot deserialize record topic=[{}] partition=[{}] offset=[{}] and it is not the record's fault;"
                            + " failing the task so no record is skipped (check schema.registry.url and the registry)",
                    context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
        final String soul = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        final Rejects.Coordinates at = new Rejects.Coordinates(context.topic(), context.partition(), context.offset());
        LOG.warn("Rejecting malformed record {} key=[{}]: {}", at, soul, exception.getMessage());
        final Reject reject = Rejects.ofRaw(soul, record.value(), Rejects.MALFORMED_RECORD,
                gse.reason() + ": " + exception.getMessage(), at, Instant.now());
        final byte[] value = rejectSerde.serializer().serialize(rejectsTopic, reject);
        return Response.resume(List.of(new ProducerRecord<>(rejectsTopic, null, record.key(), value)));
    }
}
