package io.gunstream.schemas.serde;

import io.gunstream.schemas.registry.ConfluentRegistryClient;
import io.gunstream.schemas.registry.RegisteredSchema;
import io.gunstream.schemas.registry.SchemaRegistry;
import io.gunstream.schemas.registry.SchemaRegistryException;
import io.gunstream.schemas.serde.GunSerializationException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records in the Confluent wire format, registering or looking up their schema in a Confluent-API
 * registry (see {@link GunAvroSerdeConfig}). A null record becomes a null value (a tombstone).
 *
 * <p>Lifecycle: construct, {@link #configure}, then {@link #serialize} from any thread, {@link #close}.
 * Failures are {@link GunSerializationException}s naming topic, subject and reason.
 *
 * @param <T> record type
 */
public final class GunAvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private record Writer(int schemaId, Schema schema, DatumWriter<Object> projectedWriter) {
    }

    private final RecordModel<T> model;
    private final SchemaRegistry injectedRegistry;
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private SchemaRegistry registry;
    private boolean ownsRegistry;
    private boolean isKey;
    private boolean autoRegister;
    private boolean useLatestVersion;
    private SubjectNameStrategy subjectNames;

    /** A serializer that builds its registry client from {@code schema.registry.url} in {@link #configure}. */
    public GunAvroSerializer(final RecordModel<T> model) {
        this(model, null);
    }

    /** A serializer that uses (and does not close) {@code registry}; {@code schema.registry.url} is then ignored. */
    public GunAvroSerializer(final RecordModel<T> model, final SchemaRegistry registry) {
        this.model = Objects.requireNonNull(model, "model");
        this.injectedRegistry = registry;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        final GunAvroSerdeConfig config = new GunAvroSerdeConfig(configs);
        this.isKey = isKey;
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatestVersion = config.useLatestVersion();
        this.subjectNames = config.subjectNameStrategy();
        if (injectedRegistry != null) {
            this.registry = injectedRegistry;
        } else {
            this.registry = new ConfluentRegistryClient(config.registryClientSettings());
            this.ownsRegistry = true;
        }
    }

    @Override
    public byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("GunAvroSerializer used before configure(config, isKey): Kafka clients "
                    + "configure only (de)serializers they create from config (e.g. default.value.serde), so configure an instance yourself before passing it in");
        }
        final Schema schema = record.getSchema();
        final String subject = subjectNames.subject(topic, isKey, schema);
        final Writer target = target(topic, subject, schema);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        final byte[] header = new byte[WireFormat.HEADER_LENGTH];
        WireFormat.writeHeader(header, target.schemaId());
        out.writeBytes(header);
        try {
            // Direct, not buffered: the target is already an in-memory buffer, and the buffered encoder would
            // allocate a 2 KiB buffer per record (it showed in the streams app's profile).
            final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            if (target.projectedWriter() == null) {
                writers.computeIfAbsent(schema, model::writer).write(record, encoder);
            } else {
                target.projectedWriter().write(project(record, target.schema()), encoder);
            }
            encoder.flush();
        } catch (final IOException | RuntimeException e) {
            throw new GunSerializationException(Reason.INVALID_RECORD, topic, target.schemaId(),
                    "record of " + schema.getFullName() + " does not satisfy schema id " + target.schemaId()
                            + " of subject '" + subject + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private Writer target(final String topic, final String subject, final Schema schema) {
        try {
            if (autoRegister) {
                return new Writer(registry.register(subject, schema), schema, null);
            }
            if (useLatestVersion) {
                final RegisteredSchema latest = registry.latest(subject);
                final boolean same = latest.schema().equals(schema);
                return new Writer(latest.id(), latest.schema(), same ? null : new GenericDatumWriter<>(latest.schema()));
            }
            return new Writer(registry.lookup(subject, schema).id(), schema, null);
        } catch (final SchemaRegistryException e) {
            throw new GunSerializationException(reason(e), topic, null,
                    "no schema id for " + schema.getFullName() + " under subject '" + subject + "': " + e.getMessage(), e);
        }
    }

    private static Reason reason(final SchemaRegistryException e) {
        if (e.isTransient()) {
            return Reason.REGISTRY_UNAVAILABLE;
        }
        if (e.errorCode() == SchemaRegistryException.INCOMPATIBLE_SCHEMA || e.httpStatus() == 409
                || e.errorCode() == SchemaRegistryException.INVALID_SCHEMA) {
            return Reason.SCHEMA_REFUSED;
        }
        if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
            return Reason.SCHEMA_NOT_REGISTERED;
        }
        return Reason.REGISTRY_ERROR;
    }

    /** Re-reads {@code record} as the latest schema (Avro schema resolution: defaults fill missing fields). */
    private Object project(final T record, final Schema latest) throws IOException {
        final ByteArrayOutputStream own = new ByteArrayOutputStream(128);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(own, null);
        writers.computeIfAbsent(record.getSchema(), model::writer).write(record, encoder);
        encoder.flush();
        try {
            return new GenericDatumReader<>(record.getSchema(), latest, GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
        } catch (final AvroRuntimeException e) {
            throw new AvroRuntimeException("the latest version of the subject cannot read records of "
                    + record.getSchema().getFullName() + " (use.latest.version needs a backward-compatible latest version): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }
}
