package io.gunstream.schemas.serde;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * A {@link SpecificData} that knows the generated classes of one reader schema up front. Avro 1.12 refuses to
 * load classes by name unless their package is trusted through JVM-wide system properties
 * ({@code org.apache.avro.SERIALIZABLE_PACKAGES}) or a global validator; a library must not require either. The
 * names come from the reader's own compiled schema, never from a writer, so resolving them is safe; names not
 * known here fall back to Avro's checked lookup.
 */
final class TrustedSpecificData extends SpecificData {

    private final Map<String, Class<?>> classes = new HashMap<>();

    TrustedSpecificData(final Class<?> type) {
        super(type.getClassLoader());
        final Schema root = SpecificData.getForClass(type).getSchema(type);
        collect(root, type.getClassLoader(), new HashSet<>());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(final Schema schema) {
        if (schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED) {
            final Class<?> known = classes.get(schema.getFullName());
            if (known != null) {
                return known;
            }
        }
        return super.getClass(schema);
    }

    private void collect(final Schema schema, final ClassLoader loader, final Set<String> seen) {
        switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                final Class<?> generated = load(schema.getFullName(), loader);
                if (generated != null) {
                    classes.put(schema.getFullName(), generated);
                    for (final Conversion<?> conversion : SpecificData.getForClass(generated).getConversions()) {
                        addLogicalTypeConversion(conversion);
                    }
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    schema.getFields().forEach(f -> collect(f.schema(), loader, seen));
                }
            }
            case ARRAY -> collect(schema.getElementType(), loader, seen);
            case MAP -> collect(schema.getValueType(), loader, seen);
            case UNION -> schema.getTypes().forEach(t -> collect(t, loader, seen));
            default -> { }
        }
    }

    private static Class<?> load(final String name, final ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (final ClassNotFoundException e) {
            // No generated class: Avro reads this part generically, as it would anyway.
            return null;
        }
    }
}
