package io.gunstream.connect.storj;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * One Avro container object being filled: the writer schema of its records, their encoded bodies appended as they
 * are (no re-encoding), the body in memory until {@link #finish()}.
 *
 * <p>Lifecycle: create with the first record's key and schema, {@link #append} records of that schema,
 * {@link #finish()} once; the bytes are then ready to upload.
 */
final class AvroObject {

    private final ObjectKey key;
    private final int schemaId;
    private final Schema schema;
    private final ByteChunks body = new ByteChunks();
    private final DataFileWriter<GenericRecord> writer;
    private long records;
    private boolean finished;

    AvroObject(final ObjectKey key, final int schemaId, final Schema schema) {
        this.key = key;
        this.schemaId = schemaId;
        this.schema = schema;
        // Deflate would cost CPU on the task thread for little gain on already small, mostly numeric records; Storj
        // bills stored bytes, so it is worth a setting later (measure first).
        this.writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema)).setCodec(CodecFactory.nullCodec());
        try {
            writer.create(schema, body, syncMarker(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Avro container " + key, e);
        }
    }

    /**
     * Avro picks a random sync marker per file; one derived from the key makes a rewrite after a replay byte for byte
     * the object it replaces (same ETag), so readers and caches cannot tell a rewrite happened.
     */
    static byte[] syncMarker(final ObjectKey key) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.key().getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    ObjectKey key() {
        return key;
    }

    /** Registry id of {@link #schema()}. */
    int schemaId() {
        return schemaId;
    }

    Schema schema() {
        return schema;
    }

    long records() {
        return records;
    }

    /** Appends one record already encoded in {@link #schema()}. */
    void append(final ByteBuffer encodedRecord) {
        if (finished) {
            throw new IllegalStateException("object " + key + " is already finished");
        }
        try {
            writer.appendEncoded(encodedRecord);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to Avro container " + key, e);
        }
        records++;
    }

    /** Closes the container (last block, sync marker) and returns its bytes. */
    ByteChunks finish() {
        if (!finished) {
            finished = true;
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish Avro container " + key, e);
            }
        }
        return body;
    }
}
