package io.gunstream.connect.smt;

import io.gunstream.connect.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Flattens a {@code GunNode} ({@link GunConnectSchemas#GUN_NODE}) into a typed row for the JDBC sink: key
 * {@code {soul}}, value {@code soul} plus one optional column per Gun key (boolean, float64, string; a link becomes the
 * linked soul), optionally {@code <key>_state} columns; the topic becomes the table name chosen from the soul prefix.
 * Tombstones get the same key and topic, so the sink deletes the row. Records that are not GunNode structs pass
 * through unchanged.
 *
 * @param <R> record type (source or sink)
 */
public class GunNodeToRow<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String TABLE_MAP_CONFIG = "table.map";
    public static final String SOUL_SEGMENTS_CONFIG = "soul.segments";
    public static final String TOPIC_FORMAT_CONFIG = "topic.format";
    public static final String STATE_COLUMNS_CONFIG = "state.columns";
    public static final String COLUMN_TYPES_CONFIG = "column.types";
    public static final String STATE_SUFFIX = "_state";
    public static final Schema KEY_SCHEMA = SchemaBuilder.struct().name("io.gunstream.row.Key")
            .field("soul", Schema.STRING_SCHEMA).build();

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TABLE_MAP_CONFIG, Type.LIST, List.of(), Importance.HIGH, "Soul prefix to table name, as "
                    + "prefix:table pairs (e.g. devices:device_state,profiles:profile). Unmapped prefixes use the prefix "
                    + "itself, lower-cased, with characters other than [a-z0-9_] replaced by '_'.")
            .define(SOUL_SEGMENTS_CONFIG, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Number of '/'-separated soul segments that form the prefix looked up in table.map.")
            .define(TOPIC_FORMAT_CONFIG, Type.STRING, "${table}", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of the row record; ${table} is replaced by the table name (pair with the JDBC sink's "
                    + "table.name.format / collection.name.format=${topic}).")
            .define(STATE_COLUMNS_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                    "Also write each field's HAM state, as a float64 column <key>_state.")
            .define(COLUMN_TYPES_CONFIG, Type.LIST, List.of(), Importance.MEDIUM, "Declared column types as key:type "
                    + "pairs, type one of boolean, double, string. A declared column keeps its type when the value is "
                    + "null; undeclared columns take the type of the value, string when it is null.");

    private Map<String, String> tables;
    private Map<String, Schema> declaredTypes;
    private int soulSegments;
    private String topicFormat;
    private boolean stateColumns;
    private final Map<List<Object>, Schema> schemaCache = new HashMap<>();

    @Override
    public void configure(final Map<String, ?> props) {
        final AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        tables = SmtSettings.pairs(config.getList(TABLE_MAP_CONFIG), TABLE_MAP_CONFIG);
        declaredTypes = new HashMap<>();
        SmtSettings.pairs(config.getList(COLUMN_TYPES_CONFIG), COLUMN_TYPES_CONFIG).forEach((key, type) ->
                declaredTypes.put(key, switch (type) {
                    case "boolean" -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
                    case "double" -> Schema.OPTIONAL_FLOAT64_SCHEMA;
                    case "string" -> Schema.OPTIONAL_STRING_SCHEMA;
                    default -> throw new ConfigException(COLUMN_TYPES_CONFIG, type, "type must be boolean, double or string");
                }));
        soulSegments = config.getInt(SOUL_SEGMENTS_CONFIG);
        topicFormat = config.getString(TOPIC_FORMAT_CONFIG);
        stateColumns = config.getBoolean(STATE_COLUMNS_CONFIG);
    }

    @Override
    public R apply(final R record) {
        final Object value = record.value();
        if (value == null) {
            final String soul = record.key() == null ? null : record.key().toString();
            return soul == null ? record : route(record, soul, null, null);
        }
        if (!(value instanceof Struct node) || !isGunNode(node.schema())) {
            return record;
        }
        final String soul = node.getString("soul");
        final List<Struct> fields = node.getArray("fields");
        final List<Object> signature = new ArrayList<>(fields.size() * 2);
        for (Struct field : fields) {
            signature.add(field.getString("key"));
            signature.add(columnSchema(field));
        }
        if (schemaCache.size() > 1_000) {
            schemaCache.clear();
        }
        final Schema rowSchema = schemaCache.computeIfAbsent(signature, s -> rowSchema(fields));
        final Struct row = new Struct(rowSchema).put("soul", soul);
        for (Struct field : fields) {
            final String key = field.getString("key");
            row.put(key, columnValue(key, field.getStruct("value"), rowSchema.field(key).schema()));
            if (stateColumns) {
                row.put(key + STATE_SUFFIX, field.getFloat64("state"));
            }
        }
        return route(record, soul, rowSchema, row);
    }

    private R route(final R record, final String soul, final Schema rowSchema, final Struct row) {
        final String topic = topicFormat.replace("${table}", table(soul));
        return record.newRecord(topic, record.kafkaPartition(), KEY_SCHEMA, new Struct(KEY_SCHEMA).put("soul", soul),
                rowSchema, row, record.timestamp());
    }

    private static boolean isGunNode(final Schema schema) {
        return schema.type() == Schema.Type.STRUCT && schema.field("soul") != null && schema.field("fields") != null
                && schema.field("origin") == null;
    }

    String table(final String soul) {
        int end = -1;
        for (int i = 0; i < soulSegments; i++) {
            final int next = soul.indexOf('/', end + 1);
            if (next < 0) {
                end = soul.length();
                break;
            }
            end = next;
        }
        final String prefix = soul.substring(0, Math.max(end, 0));
        final String mapped = tables.get(prefix);
        return mapped != null ? mapped : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private Schema columnSchema(final Struct field) {
        final Schema declared = declaredTypes.get(field.getString("key"));
        if (declared != null) {
            return declared;
        }
        final Object value = GunConnectSchemas.unwrap(field.getStruct("value"));
        if (value instanceof Boolean) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        }
        return value instanceof Double ? Schema.OPTIONAL_FLOAT64_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA;
    }

    private Schema rowSchema(final List<Struct> fields) {
        final SchemaBuilder builder = SchemaBuilder.struct().field("soul", Schema.STRING_SCHEMA);
        for (Struct field : fields) {
            final String key = field.getString("key");
            if (key.equals("soul")) {
                throw new DataException("Gun key 'soul' would collide with the soul column; rename the key");
            }
            builder.field(key, columnSchema(field));
            if (stateColumns) {
                builder.field(key + STATE_SUFFIX, Schema.OPTIONAL_FLOAT64_SCHEMA);
            }
        }
        return builder.build();
    }

    private static Object columnValue(final String key, final Struct value, final Schema column) {
        final Object gun = GunConnectSchemas.unwrap(value);
        if (gun == null) {
            return null;
        }
        final boolean fits = switch (column.type()) {
            case STRING -> true;
            case FLOAT64 -> gun instanceof Double;
            case BOOLEAN -> gun instanceof Boolean;
            default -> false;
        };
        if (!fits) {
            throw new DataException("Gun key '" + key + "' holds " + gun + ", not a " + column.type()
                    + " as column.types says");
        }
        return column.type() == Schema.Type.STRING ? gun.toString() : gun;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void close() {
        schemaCache.clear();
    }
}
