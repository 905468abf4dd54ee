package io.gunstream.connect.storj;

import io.gunstream.schemas.registry.SchemaRegistry;
import io.gunstream.schemas.registry.SchemaRegistryException;
import io.gunstream.schemas.serde.GunAvroDeserializer;
import io.gunstream.schemas.serde.GunSerializationException;
import io.gunstream.schemas.serde.RecordModel;
import io.gunstream.schemas.serde.WireFormat;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Decodes Confluent-framed Avro values (magic byte, schema id, Avro body) with their own writer schema, through the
 * schemas module's deserializer (which checks the body against the schema before decoding). Bad frames become
 * {@link BadRecordException}s, an unreachable registry a {@link RetriableException}.
 *
 * <p>Lifecycle: one per task, used from the task thread only.
 */
final class FramedAvroDecoder {

    /** A decoded value: its writer schema, the record, and the Avro body as it came (for appending unchanged). */
    record Decoded(int schemaId, Schema schema, GenericRecord value, ByteBuffer body) {
    }

    private final SchemaRegistry registry;
    private final Map<String, Object> serdeSettings;
    private final Map<Integer, GunAvroDeserializer<GenericRecord>> byId = new HashMap<>();

    FramedAvroDecoder(final SchemaRegistry registry, final Map<String, Object> serdeSettings) {
        this.registry = registry;
        this.serdeSettings = Map.copyOf(serdeSettings);
    }

    Decoded decode(final String topic, final byte[] frame) {
        if (frame.length < WireFormat.HEADER_LENGTH || frame[0] != WireFormat.MAGIC_BYTE) {
            throw new BadRecordException("value of " + frame.length + " bytes on " + topic + " is not Confluent-framed "
                    + "Avro (magic byte 0 + 4-byte schema id); the sink needs value.converter="
                    + "org.apache.kafka.connect.converters.ByteArrayConverter and Avro-serialized values");
        }
        final int id = WireFormat.schemaId(frame);
        final GunAvroDeserializer<GenericRecord> deserializer = byId.computeIfAbsent(id, this::deserializerFor);
        try {
            final GenericRecord value = deserializer.deserialize(topic, frame);
            return new Decoded(id, value.getSchema(), value,
                    ByteBuffer.wrap(frame, WireFormat.HEADER_LENGTH, frame.length - WireFormat.HEADER_LENGTH).slice());
        } catch (GunSerializationException e) {
            if (e.isMalformedInput()) {
                throw new BadRecordException(e.getMessage(), e);
            }
            throw new RetriableException("schema registry unavailable while decoding " + topic + ": " + e.getMessage(), e);
        }
    }

    private GunAvroDeserializer<GenericRecord> deserializerFor(final int id) {
        final Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.isTransient()) {
                throw new RetriableException("schema registry unavailable while fetching schema id " + id + ": "
                        + e.getMessage(), e);
            }
            throw new BadRecordException("schema id " + id + " cannot be fetched from the registry: " + e.getMessage(), e);
        }
        final GunAvroDeserializer<GenericRecord> deserializer =
                new GunAvroDeserializer<>(RecordModel.generic(writer), registry);
        deserializer.configure(serdeSettings, false);
        return deserializer;
    }
}
