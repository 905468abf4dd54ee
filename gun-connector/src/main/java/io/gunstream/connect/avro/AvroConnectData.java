package io.gunstream.connect.avro;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Avro ↔ Connect data, in the shapes Confluent's {@code AvroData} gives with its default settings, so SMTs written
 * against those shapes work behind either converter: a record is a struct named by the record's full name; an
 * optional union {@code ["null", T]} is an optional {@code T}; any other union is an (optional if it holds null)
 * struct named {@value #UNION_NAME} with one optional field per branch, named by the branch's type
 * ({@code boolean}, {@code double}, {@code string}...) or, for records, enums and fixed, by its simple name; an enum
 * is a string with the symbols as parameters; {@code timestamp-millis}, {@code date}, {@code time-millis} and
 * {@code decimal} are Connect's {@code Timestamp}, {@code Date}, {@code Time} and {@code Decimal}; bytes are
 * {@code byte[]}. Docs and field defaults are not carried over (the converter writes gunstream's own records with
 * their exact schemas, see {@link GunAvroConverter}).
 *
 * <p>Stateless; every method is a pure function.
 */
public final class AvroConnectData {

    /** Connect name of the struct an Avro union (other than {@code ["null", T]}) becomes; Confluent's name. */
    public static final String UNION_NAME = "io.confluent.connect.avro.Union";
    /** Connect parameter holding an enum's full name; one more parameter {@code <this>.<symbol>} per symbol. */
    public static final String ENUM_PARAMETER = "io.confluent.connect.avro.Enum";
    /** Connect name of structs that had none, when they become Avro records. */
    public static final String DEFAULT_RECORD_NAME = "io.confluent.connect.avro.ConnectDefault";
    static final String CONNECT_TYPE_PROP = "connect.type";
    static final String FIXED_SIZE_PARAMETER = "connect.fixed.size";
    static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";
    private static final int DEFAULT_DECIMAL_PRECISION = 64;

    private AvroConnectData() {
    }

    // ---------------------------------------------------------------- Avro schema → Connect schema

    /** The Connect schema of values of {@code avro}. */
    public static Schema toConnectSchema(final org.apache.avro.Schema avro) {
        return toConnectSchema(avro, false, new IdentityHashMap<>());
    }

    private static Schema toConnectSchema(final org.apache.avro.Schema avro, final boolean optional,
                                          final Map<org.apache.avro.Schema, Boolean> visiting) {
        final SchemaBuilder builder = switch (avro.getType()) {
            case BOOLEAN -> SchemaBuilder.bool();
            case INT -> intBuilder(avro);
            case LONG -> logical(avro, "timestamp-millis") ? Timestamp.builder() : SchemaBuilder.int64();
            case FLOAT -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case STRING -> SchemaBuilder.string();
            case BYTES -> avro.getLogicalType() instanceof LogicalTypes.Decimal decimal
                    ? Decimal.builder(decimal.getScale())
                            .parameter(DECIMAL_PRECISION_PARAMETER, Integer.toString(decimal.getPrecision()))
                    : SchemaBuilder.bytes();
            case FIXED -> SchemaBuilder.bytes().name(avro.getFullName())
                    .parameter(FIXED_SIZE_PARAMETER, Integer.toString(avro.getFixedSize()));
            case ENUM -> enumBuilder(avro);
            case ARRAY -> SchemaBuilder.array(toConnectSchema(avro.getElementType(), false, visiting));
            case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, toConnectSchema(avro.getValueType(), false, visiting));
            case RECORD -> recordBuilder(avro, visiting);
            case UNION -> {
                final org.apache.avro.Schema nullable = optionalBranch(avro);
                if (nullable != null) {
                    yield null;
                }
                yield unionBuilder(avro, visiting);
            }
            case NULL -> throw new DataException("an Avro null outside a union has no Connect equivalent");
        };
        if (builder == null) {
            return toConnectSchema(optionalBranch(avro), true, visiting);
        }
        if (optional) {
            builder.optional();
        }
        return builder.build();
    }

    private static SchemaBuilder intBuilder(final org.apache.avro.Schema avro) {
        if (logical(avro, "date")) {
            return Date.builder();
        }
        if (logical(avro, "time-millis")) {
            return Time.builder();
        }
        final String connectType = avro.getProp(CONNECT_TYPE_PROP);
        return "int8".equals(connectType) ? SchemaBuilder.int8()
                : "int16".equals(connectType) ? SchemaBuilder.int16() : SchemaBuilder.int32();
    }

    private static SchemaBuilder enumBuilder(final org.apache.avro.Schema avro) {
        final SchemaBuilder builder = SchemaBuilder.string().name(avro.getFullName())
                .parameter(ENUM_PARAMETER, avro.getFullName());
        for (String symbol : avro.getEnumSymbols()) {
            builder.parameter(ENUM_PARAMETER + "." + symbol, symbol);
        }
        return builder;
    }

    private static SchemaBuilder recordBuilder(final org.apache.avro.Schema avro,
                                               final Map<org.apache.avro.Schema, Boolean> visiting) {
        if (visiting.put(avro, Boolean.TRUE) != null) {
            throw new DataException("Avro record " + avro.getFullName() + " contains itself; Connect schemas cannot "
                    + "be recursive");
        }
        final SchemaBuilder builder = SchemaBuilder.struct().name(avro.getFullName());
        for (org.apache.avro.Schema.Field field : avro.getFields()) {
            builder.field(field.name(), toConnectSchema(field.schema(), false, visiting));
        }
        visiting.remove(avro);
        return builder;
    }

    private static SchemaBuilder unionBuilder(final org.apache.avro.Schema avro,
                                              final Map<org.apache.avro.Schema, Boolean> visiting) {
        final SchemaBuilder builder = SchemaBuilder.struct().name(UNION_NAME);
        for (org.apache.avro.Schema branch : avro.getTypes()) {
            if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
                builder.optional();
            } else {
                builder.field(branchName(branch), toConnectSchema(branch, true, visiting));
            }
        }
        return builder;
    }

    /** The Connect field name of a union branch: the type name, or the simple name of a named type. */
    public static String branchName(final org.apache.avro.Schema branch) {
        return switch (branch.getType()) {
            case RECORD, ENUM, FIXED -> branch.getName();
            default -> branch.getType().getName();
        };
    }

    /** T of a union {@code ["null", T]} or {@code [T, "null"]}; null for any other schema. */
    static org.apache.avro.Schema optionalBranch(final org.apache.avro.Schema avro) {
        if (avro.getType() != org.apache.avro.Schema.Type.UNION || avro.getTypes().size() != 2) {
            return null;
        }
        final org.apache.avro.Schema first = avro.getTypes().get(0);
        final org.apache.avro.Schema second = avro.getTypes().get(1);
        if (first.getType() == org.apache.avro.Schema.Type.NULL) {
            return second;
        }
        return second.getType() == org.apache.avro.Schema.Type.NULL ? first : null;
    }

    private static boolean logical(final org.apache.avro.Schema avro, final String name) {
        final LogicalType type = avro.getLogicalType();
        return type != null && type.getName().equals(name);
    }

    // ---------------------------------------------------------------- Avro value → Connect value

    /** The Connect value of {@code value} (a datum of {@code avro}, as GenericDatumReader delivers it) in {@code connect}. */
    public static Object toConnectValue(final Schema connect, final org.apache.avro.Schema avro, final Object value) {
        if (value == null) {
            return null;
        }
        return switch (avro.getType()) {
            case NULL -> null;
            case BOOLEAN, FLOAT, DOUBLE -> value;
            case INT -> switch (connect.type()) {
                case INT8 -> ((Number) value).byteValue();
                case INT16 -> ((Number) value).shortValue();
                default -> Date.LOGICAL_NAME.equals(connect.name()) ? Date.toLogical(connect, (Integer) value)
                        : Time.LOGICAL_NAME.equals(connect.name()) ? Time.toLogical(connect, (Integer) value) : value;
            };
            case LONG -> Timestamp.LOGICAL_NAME.equals(connect.name())
                    ? Timestamp.toLogical(connect, (Long) value) : value;
            case STRING, ENUM -> value.toString();
            case BYTES -> Decimal.LOGICAL_NAME.equals(connect.name())
                    ? Decimal.toLogical(connect, bytes((ByteBuffer) value)) : bytes((ByteBuffer) value);
            case FIXED -> ((GenericFixed) value).bytes().clone();
            case ARRAY -> {
                final List<Object> list = new ArrayList<>();
                for (Object element : (Iterable<?>) value) {
                    list.add(toConnectValue(connect.valueSchema(), avro.getElementType(), element));
                }
                yield list;
            }
            case MAP -> {
                final Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) ->
                        map.put(k.toString(), toConnectValue(connect.valueSchema(), avro.getValueType(), v)));
                yield map;
            }
            case RECORD -> {
                final GenericRecord record = (GenericRecord) value;
                final Struct struct = new Struct(connect);
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    final Field target = connect.field(field.name());
                    struct.put(target, toConnectValue(target.schema(), field.schema(), record.get(field.pos())));
                }
                yield struct;
            }
            case UNION -> {
                final org.apache.avro.Schema nullable = optionalBranch(avro);
                if (nullable != null) {
                    yield toConnectValue(connect, nullable, value);
                }
                final org.apache.avro.Schema branch = avro.getTypes().get(GenericData.get().resolveUnion(avro, value));
                if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
                    yield null;
                }
                final Field target = connect.field(branchName(branch));
                yield new Struct(connect).put(target, toConnectValue(target.schema(), branch, value));
            }
        };
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- Connect schema → Avro schema

    /**
     * An Avro schema for values of {@code connect}, for Connect schemas that did not come from Avro (the converter
     * prefers the Avro schema a Connect schema was made from). Optional fields become {@code ["null", T]} with
     * default null; a struct named {@value #UNION_NAME} becomes a union again, a string with {@value #ENUM_PARAMETER}
     * an enum.
     */
    public static org.apache.avro.Schema toAvroSchema(final Schema connect) {
        return toAvroSchema(connect, new HashMap<>(), new int[] {0});
    }

    private static org.apache.avro.Schema toAvroSchema(final Schema connect,
                                                      final Map<String, org.apache.avro.Schema> named,
                                                      final int[] anonymous) {
        final org.apache.avro.Schema base = baseAvroSchema(connect, named, anonymous);
        if (!connect.isOptional() || base.getType() == org.apache.avro.Schema.Type.UNION) {
            return base;
        }
        return org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), base);
    }

    private static org.apache.avro.Schema baseAvroSchema(final Schema connect,
                                                        final Map<String, org.apache.avro.Schema> named,
                                                        final int[] anonymous) {
        final String name = connect.name();
        return switch (connect.type()) {
            case BOOLEAN -> primitive(org.apache.avro.Schema.Type.BOOLEAN);
            case INT8, INT16 -> {
                final org.apache.avro.Schema schema = primitive(org.apache.avro.Schema.Type.INT);
                schema.addProp(CONNECT_TYPE_PROP, connect.type().getName());
                yield schema;
            }
            case INT32 -> Date.LOGICAL_NAME.equals(name)
                    ? LogicalTypes.date().addToSchema(primitive(org.apache.avro.Schema.Type.INT))
                    : Time.LOGICAL_NAME.equals(name)
                    ? LogicalTypes.timeMillis().addToSchema(primitive(org.apache.avro.Schema.Type.INT))
                    : primitive(org.apache.avro.Schema.Type.INT);
            case INT64 -> Timestamp.LOGICAL_NAME.equals(name)
                    ? LogicalTypes.timestampMillis().addToSchema(primitive(org.apache.avro.Schema.Type.LONG))
                    : primitive(org.apache.avro.Schema.Type.LONG);
            case FLOAT32 -> primitive(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> primitive(org.apache.avro.Schema.Type.DOUBLE);
            case STRING -> enumSchema(connect, named);
            case BYTES -> bytesSchema(connect, named);
            case ARRAY -> org.apache.avro.Schema.createArray(toAvroSchema(connect.valueSchema(), named, anonymous));
            case MAP -> {
                if (connect.keySchema().type() != Schema.Type.STRING) {
                    throw new DataException("Connect map with " + connect.keySchema().type() + " keys: Avro maps have "
                            + "string keys only");
                }
                yield org.apache.avro.Schema.createMap(toAvroSchema(connect.valueSchema(), named, anonymous));
            }
            case STRUCT -> UNION_NAME.equals(name) ? unionSchema(connect, named, anonymous)
                    : recordSchema(connect, named, anonymous);
        };
    }

    private static org.apache.avro.Schema primitive(final org.apache.avro.Schema.Type type) {
        return org.apache.avro.Schema.create(type);
    }

    private static org.apache.avro.Schema enumSchema(final Schema connect, final Map<String, org.apache.avro.Schema> named) {
        final String enumName = connect.parameters() == null ? null : connect.parameters().get(ENUM_PARAMETER);
        if (enumName == null) {
            return primitive(org.apache.avro.Schema.Type.STRING);
        }
        final org.apache.avro.Schema known = named.get(enumName);
        if (known != null) {
            return known;
        }
        final List<String> symbols = connect.parameters().keySet().stream()
                .filter(k -> k.startsWith(ENUM_PARAMETER + ".")).map(k -> k.substring(ENUM_PARAMETER.length() + 1))
                .toList();
        final org.apache.avro.Schema schema = org.apache.avro.Schema.createEnum(simpleName(enumName), null,
                namespace(enumName), symbols);
        named.put(enumName, schema);
        return schema;
    }

    private static org.apache.avro.Schema bytesSchema(final Schema connect, final Map<String, org.apache.avro.Schema> named) {
        if (Decimal.LOGICAL_NAME.equals(connect.name())) {
            final String precision = connect.parameters().get(DECIMAL_PRECISION_PARAMETER);
            final int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
            return LogicalTypes.decimal(precision == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(precision), scale)
                    .addToSchema(primitive(org.apache.avro.Schema.Type.BYTES));
        }
        final String size = connect.parameters() == null ? null : connect.parameters().get(FIXED_SIZE_PARAMETER);
        if (size == null || connect.name() == null) {
            return primitive(org.apache.avro.Schema.Type.BYTES);
        }
        return named.computeIfAbsent(connect.name(), n -> org.apache.avro.Schema.createFixed(simpleName(n), null,
                namespace(n), Integer.parseInt(size)));
    }

    private static org.apache.avro.Schema unionSchema(final Schema connect, final Map<String, org.apache.avro.Schema> named,
                                                     final int[] anonymous) {
        final List<org.apache.avro.Schema> branches = new ArrayList<>();
        if (connect.isOptional()) {
            branches.add(primitive(org.apache.avro.Schema.Type.NULL));
        }
        for (Field field : connect.fields()) {
            // Branches are optional in Connect (only one is set), not in Avro.
            branches.add(baseAvroSchema(field.schema(), named, anonymous));
        }
        return org.apache.avro.Schema.createUnion(branches);
    }

    private static org.apache.avro.Schema recordSchema(final Schema connect, final Map<String, org.apache.avro.Schema> named,
                                                      final int[] anonymous) {
        final String name = connect.name() != null ? connect.name()
                : DEFAULT_RECORD_NAME + (anonymous[0]++ == 0 ? "" : Integer.toString(anonymous[0]));
        final org.apache.avro.Schema known = named.get(name);
        if (known != null) {
            return known;
        }
        final org.apache.avro.Schema record = org.apache.avro.Schema.createRecord(simpleName(name), connect.doc(),
                namespace(name), false);
        named.put(name, record);
        final List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            final org.apache.avro.Schema schema = toAvroSchema(field.schema(), named, anonymous);
            final boolean nullFirst = schema.getType() == org.apache.avro.Schema.Type.UNION
                    && schema.getTypes().get(0).getType() == org.apache.avro.Schema.Type.NULL;
            fields.add(new org.apache.avro.Schema.Field(field.name(), schema, null,
                    nullFirst ? JsonProperties.NULL_VALUE : null));
        }
        record.setFields(fields);
        return record;
    }

    private static String simpleName(final String fullName) {
        return fullName.substring(fullName.lastIndexOf('.') + 1);
    }

    private static String namespace(final String fullName) {
        final int dot = fullName.lastIndexOf('.');
        return dot < 0 ? null : fullName.substring(0, dot);
    }

    // ---------------------------------------------------------------- Connect value → Avro value

    /** The Avro datum (for GenericDatumWriter, without logical-type conversions) of Connect {@code value} of {@code connect}. */
    public static Object toAvroValue(final org.apache.avro.Schema avro, final Schema connect, final Object value) {
        if (value == null) {
            if (avro.getType() == org.apache.avro.Schema.Type.NULL || optionalBranch(avro) != null
                    || (avro.getType() == org.apache.avro.Schema.Type.UNION
                    && avro.getTypes().stream().anyMatch(s -> s.getType() == org.apache.avro.Schema.Type.NULL))) {
                return null;
            }
            throw new DataException("null where Avro " + avro.getType().getName()
                    + (avro.getName() == null ? "" : " " + avro.getFullName()) + " needs a value");
        }
        return switch (avro.getType()) {
            case NULL -> null;
            case BOOLEAN, STRING -> value instanceof CharSequence text ? text.toString() : value;
            case FLOAT -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case INT -> value instanceof java.util.Date date
                    ? (logical(avro, "date") ? Date.fromLogical(Date.SCHEMA, date) : Time.fromLogical(Time.SCHEMA, date))
                    : ((Number) value).intValue();
            case LONG -> value instanceof java.util.Date date ? date.getTime() : ((Number) value).longValue();
            case ENUM -> new GenericData.EnumSymbol(avro, value.toString());
            case BYTES -> value instanceof BigDecimal decimal
                    ? ByteBuffer.wrap(decimal.setScale(((LogicalTypes.Decimal) avro.getLogicalType()).getScale())
                            .unscaledValue().toByteArray())
                    : value instanceof byte[] array ? ByteBuffer.wrap(array) : value;
            case FIXED -> new GenericData.Fixed(avro, value instanceof byte[] array ? array : bytes((ByteBuffer) value));
            case ARRAY -> {
                final List<?> list = (List<?>) value;
                final GenericData.Array<Object> array = new GenericData.Array<>(list.size(), avro);
                for (Object element : list) {
                    array.add(toAvroValue(avro.getElementType(), connect.valueSchema(), element));
                }
                yield array;
            }
            case MAP -> {
                final Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) ->
                        map.put(k.toString(), toAvroValue(avro.getValueType(), connect.valueSchema(), v)));
                yield map;
            }
            case RECORD -> {
                final Struct struct = (Struct) value;
                final GenericData.Record record = new GenericData.Record(avro);
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    final Field source = struct.schema().field(field.name());
                    if (source == null) {
                        throw new DataException("Connect struct " + struct.schema().name() + " has no field '"
                                + field.name() + "' that Avro record " + avro.getFullName() + " needs");
                    }
                    try {
                        record.put(field.pos(), toAvroValue(field.schema(), source.schema(), struct.get(source)));
                    } catch (DataException e) {
                        throw new DataException(avro.getName() + "." + field.name() + ": " + e.getMessage(), e);
                    }
                }
                yield record;
            }
            case UNION -> unionValue(avro, connect, value);
        };
    }

    private static Object unionValue(final org.apache.avro.Schema avro, final Schema connect, final Object value) {
        final org.apache.avro.Schema nullable = optionalBranch(avro);
        if (nullable != null) {
            return toAvroValue(nullable, connect, value);
        }
        final Struct union = (Struct) value;
        for (org.apache.avro.Schema branch : avro.getTypes()) {
            if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
                continue;
            }
            final Field field = union.schema().field(branchName(branch));
            final Object branchValue = field == null ? null : union.get(field);
            if (branchValue != null) {
                return toAvroValue(branch, field.schema(), branchValue);
            }
        }
        return toAvroValue(avro, connect, null);
    }
}
