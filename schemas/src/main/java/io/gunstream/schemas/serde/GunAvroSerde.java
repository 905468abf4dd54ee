package io.gunstream.schemas.serde;

import io.gunstream.schemas.registry.SchemaRegistry;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer + deserializer pair in the Confluent wire format for one record type, e.g.
 * {@code GunAvroSerde.specific(GunDelta.class)}. Configure with {@link GunAvroSerdeConfig} keys.
 *
 * <p>Lifecycle: create, {@link #configure} once (Kafka Streams does it for serdes given in config; call it yourself
 * otherwise), use from any thread, {@link #close}.
 *
 * @param <T> record type
 */
public final class GunAvroSerde<T extends IndexedRecord> implements Serde<T> {

    private final GunAvroSerializer<T> serializer;
    private final GunAvroDeserializer<T> deserializer;

    public GunAvroSerde(final RecordModel<T> model) {
        this(model, null);
    }

    /** A serde whose halves share {@code registry} (and do not close it). */
    public GunAvroSerde(final RecordModel<T> model, final SchemaRegistry registry) {
        this.serializer = new GunAvroSerializer<>(model, registry);
        this.deserializer = new GunAvroDeserializer<>(model, registry);
    }

    /** Serde for a generated class; builds its registry client in {@link #configure}. */
    public static <T extends SpecificRecord> GunAvroSerde<T> specific(final Class<T> type) {
        return new GunAvroSerde<>(RecordModel.specific(type));
    }

    /** Serde for a generated class over a shared registry client. */
    public static <T extends SpecificRecord> GunAvroSerde<T> specific(final Class<T> type,
                                                                                   final SchemaRegistry registry) {
        return new GunAvroSerde<>(RecordModel.specific(type), registry);
    }

    /** Serde for generic records read as {@code readerSchema}. */
    public static GunAvroSerde<GenericRecord> generic(final Schema readerSchema, final SchemaRegistry registry) {
        return new GunAvroSerde<>(RecordModel.generic(readerSchema), registry);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public GunAvroDeserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
