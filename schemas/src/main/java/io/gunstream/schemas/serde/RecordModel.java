package io.gunstream.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Java side of a serde: either generated {@link SpecificRecord} classes (with their logical-type conversions,
 * e.g. {@code Instant} for timestamp-millis) or {@link GenericRecord}s of a given reader schema.
 *
 * @param <T> record type
 */
public final class RecordModel<T extends IndexedRecord> {

    private final GenericData data;
    private final Schema readerSchema;
    private final String description;
    /**
     * Avro's precompiled reader (one step list per writer/reader pair instead of interpreting the resolving grammar per
     * datum, and a constructor-based record supplier instead of a class lookup and reflection per record). Avro enables
     * it on its own only for the exact classes {@code GenericData}/{@code SpecificData}, so our
     * {@link TrustedSpecificData} subclass silently fell back to the slow path; it was the largest single cost in the
     * streams app's profile.
     */
    private final FastReaderBuilder fastReaders;

    private RecordModel(final GenericData data, final Schema readerSchema, final String description) {
        this.data = data;
        this.readerSchema = readerSchema;
        this.description = description;
        this.fastReaders = new FastReaderBuilder(data);
    }

    /** Generated classes: reader schema is the class's schema. */
    public static <T extends SpecificRecord> RecordModel<T> specific(final Class<T> type) {
        Objects.requireNonNull(type, "type");
        final SpecificData data = new TrustedSpecificData(type);
        return new RecordModel<>(data, SpecificData.getForClass(type).getSchema(type), type.getName());
    }

    /** Generic records, read as {@code readerSchema}. */
    public static RecordModel<GenericRecord> generic(final Schema readerSchema) {
        Objects.requireNonNull(readerSchema, "readerSchema");
        return new RecordModel<>(GenericData.get(), readerSchema, "generic " + readerSchema.getFullName());
    }

    /** The schema records are delivered in. */
    public Schema readerSchema() {
        return readerSchema;
    }

    @Override
    public String toString() {
        return description;
    }

    DatumWriter<T> writer(final Schema schema) {
        return data instanceof SpecificData specific ? new SpecificDatumWriter<>(schema, specific)
                : new org.apache.avro.generic.GenericDatumWriter<>(schema, data);
    }

    DatumReader<T> reader(final Schema writerSchema) {
        try {
            return fastReaders.createDatumReader(writerSchema, readerSchema);
        } catch (final IOException e) {
            // Building the reader only decodes default values of the reader schema; ours are valid, so this is a bug.
            throw new UncheckedIOException("cannot build an Avro reader from " + writerSchema.getFullName() + " to "
                    + description + ": " + e.getMessage(), e);
        }
    }
}
