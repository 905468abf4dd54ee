package io.gunstream.schemas.serde;

import io.gunstream.schemas.registry.ConfluentRegistryClient;
import io.gunstream.schemas.registry.SchemaRegistry;
import io.gunstream.schemas.registry.SchemaRegistryException;
import io.gunstream.schemas.serde.GunSerializationException.Reason;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format records: fetches the writer schema by the frame's id (cached) and resolves it to
 * the reader's schema, so a reader on an older schema reads records written with a newer compatible one and
 * vice versa. Every failure is a {@link GunSerializationException}; {@link GunSerializationException#isMalformedInput()}
 * separates bad records from an unavailable registry.
 *
 * <p>Lifecycle: construct, {@link #configure}, then {@link #deserialize} from any thread, {@link #close}.
 *
 * @param <T> record type
 */
public final class GunAvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

    /** A writer id resolved once: either a validator + reader, or why records of that id can never be read. */
    private record Resolved<T>(Schema writer, AvroBinaryValidator validator, DatumReader<T> reader, String incompatibility) {
    }

    private final RecordModel<T> model;
    private final SchemaRegistry injectedRegistry;
    private final Map<Integer, Resolved<T>> resolved = new ConcurrentHashMap<>();
    private SchemaRegistry registry;
    private boolean ownsRegistry;
    private int cacheCapacity = 1000;

    /** A deserializer that builds its registry client from {@code schema.registry.url} in {@link #configure}. */
    public GunAvroDeserializer(final RecordModel<T> model) {
        this(model, null);
    }

    /** A deserializer that uses (and does not close) {@code registry}. */
    public GunAvroDeserializer(final RecordModel<T> model, final SchemaRegistry registry) {
        this.model = Objects.requireNonNull(model, "model");
        this.injectedRegistry = registry;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final GunAvroSerdeConfig config = new GunAvroSerdeConfig(configs);
        this.cacheCapacity = config.getInt(GunAvroSerdeConfig.CACHE_CAPACITY_CONFIG);
        if (injectedRegistry != null) {
            this.registry = injectedRegistry;
        } else {
            this.registry = new ConfluentRegistryClient(config.registryClientSettings());
            this.ownsRegistry = true;
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("GunAvroDeserializer used before configure(config, isKey): Kafka clients "
                    + "configure only (de)serializers they create from config (e.g. default.value.serde), so configure an instance yourself before passing it in");
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new GunSerializationException(Reason.TOO_SHORT, topic, null, data.length
                    + " bytes, fewer than the 5-byte header (magic byte + schema id): not a Confluent-format Avro record", null);
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new GunSerializationException(Reason.NO_MAGIC_BYTE, topic, null, "first byte is " + (data[0] & 0xff)
                    + ", not the magic byte 0: the record was not written by a Confluent-format Avro serializer "
                    + "(plain JSON or Avro without a registry?)", null);
        }
        final int id = WireFormat.schemaId(data);
        final Resolved<T> resolution = resolve(topic, id);
        if (resolution.incompatibility() != null) {
            throw new GunSerializationException(Reason.INCOMPATIBLE_WRITER_SCHEMA, topic, id, resolution.incompatibility(), null);
        }
        final int bodyLength = data.length - WireFormat.HEADER_LENGTH;
        try {
            resolution.validator().validate(data, WireFormat.HEADER_LENGTH, bodyLength);
        } catch (final AvroBinaryValidator.Invalid e) {
            throw new GunSerializationException(e.truncated() ? Reason.TRUNCATED_AVRO : Reason.MALFORMED_AVRO, topic, id,
                    "Avro body of " + bodyLength + " bytes does not follow writer schema id " + id + ": " + e.getMessage(), null);
        }
        try {
            return resolution.reader().read(null,
                    DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, bodyLength, null));
        } catch (final IOException | RuntimeException e) {
            throw new GunSerializationException(Reason.MALFORMED_AVRO, topic, id, "Avro body of " + bodyLength
                    + " bytes could not be decoded with writer schema id " + id + " as " + model + ": " + e, e);
        }
    }

    /**
     * True when records framed with {@code schemaId} were written with exactly the reader's schema, so a decoder
     * written for that schema reads them as this deserializer does ({@link FastGunDeltaDeserializer}). Resolves the
     * id as {@link #deserialize} does: registry failures throw the same {@link GunSerializationException}s.
     */
    public boolean writtenWithReaderSchema(final String topic, final int schemaId) {
        return resolve(topic, schemaId).writer().equals(model.readerSchema());
    }

    private Resolved<T> resolve(final String topic, final int id) {
        final Resolved<T> known = resolved.get(id);
        if (known != null) {
            return known;
        }
        final Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (final SchemaRegistryException e) {
            final Reason reason = e.isNotFound() ? Reason.UNKNOWN_SCHEMA_ID
                    : e.isTransient() ? Reason.REGISTRY_UNAVAILABLE
                    : e.errorCode() == SchemaRegistryException.INVALID_SCHEMA || e.httpStatus() == 200
                    ? Reason.INCOMPATIBLE_WRITER_SCHEMA : Reason.REGISTRY_ERROR;
            throw new GunSerializationException(reason, topic, id, "cannot get writer schema id " + id + ": " + e.getMessage(), e);
        }
        final SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(model.readerSchema(), writer);
        final Resolved<T> resolution = switch (compatibility.getType()) {
            case COMPATIBLE -> new Resolved<>(writer, new AvroBinaryValidator(writer), model.reader(writer), null);
            default -> new Resolved<>(writer, null, null, "writer schema id " + id + " (" + writer.getFullName()
                    + ") cannot be read as " + model + ": " + compatibility.getResult().getIncompatibilities()
                    + "; the topic carries records of another type, or an incompatible change was registered");
        };
        if (resolved.size() >= cacheCapacity) {
            // Distinct writer ids are few in practice; a full map means churn, so start over rather than grow.
            resolved.clear();
        }
        resolved.put(id, resolution);
        return resolution;
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }
}
