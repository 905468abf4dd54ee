package io.gunstream.schemas.serde;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Walks Avro binary data along a writer schema without building objects, and fails on anything that does not
 * follow it. Run before Avro's decoder because that decoder trusts lengths and counts: ten garbage bytes can
 * claim a two-billion-element array and exhaust the heap before any error. After this check every length and
 * count is backed by bytes that are present.
 *
 * <p>Immutable and thread-safe once built; one instance per writer schema.
 */
final class AvroBinaryValidator {

    /** Deeper nesting than this only happens in hostile data for recursive schemas. */
    private static final int MAX_DEPTH = 256;
    /** Bound on items of a type that takes no bytes (e.g. null), which no byte count can bound. */
    private static final long MAX_ZERO_SIZE_ITEMS = 1 << 16;

    /** Why the data does not match. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean truncated;

        Invalid(final boolean truncated, final String message) {
            super(message, null, false, false);
            this.truncated = truncated;
        }

        boolean truncated() {
            return truncated;
        }
    }

    private final Schema writer;
    private final Map<Schema, Integer> minSizes = new IdentityHashMap<>();

    AvroBinaryValidator(final Schema writer) {
        this.writer = writer;
        minSize(writer, new HashSet<>());
    }

    /** Checks that {@code data[offset, offset+length)} is exactly one datum of the writer schema. */
    void validate(final byte[] data, final int offset, final int length) throws Invalid {
        final Cursor cursor = new Cursor(data, offset, offset + length);
        walk(writer, cursor, 0);
        if (cursor.pos != cursor.end) {
            throw new Invalid(false, (cursor.end - cursor.pos) + " bytes left over after the record at byte "
                    + (cursor.pos - offset) + " (written with another schema than the frame's id says?)");
        }
    }

    private void walk(final Schema schema, final Cursor in, final int depth) throws Invalid {
        if (depth > MAX_DEPTH) {
            throw new Invalid(false, "nesting deeper than " + MAX_DEPTH);
        }
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> {
                final int b = in.readByte();
                if (b != 0 && b != 1) {
                    throw new Invalid(false, "boolean byte " + b + " at " + (in.pos - 1));
                }
            }
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.skip(4);
            case DOUBLE -> in.skip(8);
            case STRING, BYTES -> in.skip(in.readLength(schema.getType().getName()));
            case FIXED -> in.skip(schema.getFixedSize());
            case ENUM -> {
                final int index = in.readInt();
                if (index < 0 || index >= schema.getEnumSymbols().size()) {
                    throw new Invalid(false, "enum " + schema.getFullName() + " index " + index + " out of range");
                }
            }
            case UNION -> {
                final int index = in.readInt();
                if (index < 0 || index >= schema.getTypes().size()) {
                    throw new Invalid(false, "union index " + index + " out of range (" + schema.getTypes().size() + " branches)");
                }
                walk(schema.getTypes().get(index), in, depth + 1);
            }
            case RECORD -> {
                for (final Schema.Field field : schema.getFields()) {
                    walk(field.schema(), in, depth + 1);
                }
            }
            case ARRAY -> walkBlocks(schema.getElementType(), false, in, depth);
            case MAP -> walkBlocks(schema.getValueType(), true, in, depth);
            default -> throw new Invalid(false, "unsupported type " + schema.getType());
        }
    }

    private void walkBlocks(final Schema item, final boolean mapEntries, final Cursor in, final int depth) throws Invalid {
        final int itemMin = (mapEntries ? 1 : 0) + minSizes.getOrDefault(item, 0);
        while (true) {
            long count = in.readLong();
            if (count == 0) {
                return;
            }
            if (count < 0) {
                count = -count;
                in.readLength("block size");
            }
            final long remaining = in.end - in.pos;
            final long bound = itemMin == 0 ? MAX_ZERO_SIZE_ITEMS : remaining / itemMin;
            if (count > bound) {
                throw new Invalid(itemMin > 0, "block of " + count + " items but only " + remaining + " bytes left");
            }
            for (long i = 0; i < count; i++) {
                if (mapEntries) {
                    in.skip(in.readLength("map key"));
                }
                walk(item, in, depth + 1);
            }
        }
    }

    /** Smallest encoding of {@code schema} in bytes; recursive references count as 0 (safe: only loosens bounds). */
    private int minSize(final Schema schema, final Set<Schema> visiting) {
        final Integer known = minSizes.get(schema);
        if (known != null) {
            return known;
        }
        final int size = switch (schema.getType()) {
            case NULL -> 0;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case UNION -> {
                schema.getTypes().forEach(t -> minSize(t, visiting));
                yield 1;
            }
            case ARRAY -> {
                minSize(schema.getElementType(), visiting);
                yield 1;
            }
            case MAP -> {
                minSize(schema.getValueType(), visiting);
                yield 1;
            }
            case RECORD -> {
                if (!visiting.add(schema)) {
                    yield 0;
                }
                int sum = 0;
                for (final Schema.Field f : schema.getFields()) {
                    sum += minSize(f.schema(), visiting);
                }
                visiting.remove(schema);
                yield sum;
            }
            default -> 1;
        };
        if (schema.getType() != Schema.Type.RECORD || !visiting.contains(schema)) {
            minSizes.put(schema, size);
        }
        return size;
    }

    private static final class Cursor {
        private final byte[] data;
        private int pos;
        private final int end;

        Cursor(final byte[] data, final int pos, final int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        int readByte() throws Invalid {
            if (pos >= end) {
                throw new Invalid(true, "data ends at byte " + pos);
            }
            return data[pos++] & 0xff;
        }

        void skip(final long n) throws Invalid {
            if (n > end - pos) {
                throw new Invalid(true, "needs " + n + " bytes at " + pos + " but only " + (end - pos) + " remain");
            }
            pos += (int) n;
        }

        long readLong() throws Invalid {
            long raw = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                final int b = readByte();
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new Invalid(false, "varint longer than 10 bytes at " + pos);
        }

        int readInt() throws Invalid {
            final long v = readLong();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new Invalid(false, "int out of range: " + v);
            }
            return (int) v;
        }

        long readLength(final String what) throws Invalid {
            final long n = readLong();
            if (n < 0) {
                throw new Invalid(false, "negative " + what + " length " + n);
            }
            if (n > end - pos) {
                throw new Invalid(true, what + " of " + n + " bytes but only " + (end - pos) + " remain");
            }
            return n;
        }
    }
}
