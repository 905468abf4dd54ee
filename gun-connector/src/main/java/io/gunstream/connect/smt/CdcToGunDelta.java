package io.gunstream.connect.smt;

import io.gunstream.connect.Version;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns a Debezium change event (envelope {@code before}/{@code after}/{@code source}/{@code op}) into a
 * {@link GunConnectSchemas#GUN_DELTA}: soul {@code <table or mapped prefix>/<primary key values joined by '/'>}, one
 * field per column with state = the source commit timestamp ({@code source.ts_ms}), so legacy writes take part in HAM
 * like any Gun write; a delete becomes all fields null; origin kind {@code CDC}. Debezium's tombstones after deletes
 * are dropped (the delete event already carried the nulls); records that are not envelopes pass through unchanged.
 *
 * @param <R> record type (source or sink)
 */
public class CdcToGunDelta<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String TOPIC_CONFIG = "topic";
    public static final String SOUL_PREFIX_MAP_CONFIG = "soul.prefix.map";
    public static final String ORIGIN_ID_CONFIG = "origin.id";
    public static final String EXCLUDE_COLUMNS_CONFIG = "exclude.columns";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, "gun.deltas", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic of the resulting GunDelta records.")
            .define(SOUL_PREFIX_MAP_CONFIG, Type.LIST, List.of(), Importance.HIGH, "Table to soul prefix, as "
                    + "table:prefix pairs (table as schema.table or table, e.g. public.devices:devices). Unmapped "
                    + "tables use the table name.")
            .define(ORIGIN_ID_CONFIG, Type.STRING, "postgres", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "relay_id written into the delta's origin (kind CDC); OriginFilter matches on it to stop echoes.")
            .define(EXCLUDE_COLUMNS_CONFIG, Type.LIST, List.of(), Importance.LOW,
                    "Columns that do not become Gun fields (the primary key columns always do, as part of the soul).");

    private String topic;
    private Map<String, String> soulPrefixes;
    private String originId;
    private Set<String> excluded;

    @Override
    public void configure(final Map<String, ?> props) {
        final AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        topic = config.getString(TOPIC_CONFIG);
        soulPrefixes = SmtSettings.pairs(config.getList(SOUL_PREFIX_MAP_CONFIG), SOUL_PREFIX_MAP_CONFIG);
        originId = config.getString(ORIGIN_ID_CONFIG);
        excluded = Set.copyOf(config.getList(EXCLUDE_COLUMNS_CONFIG));
    }

    @Override
    public R apply(final R record) {
        if (record.value() == null) {
            return record.key() instanceof Struct ? null : record;
        }
        if (!(record.value() instanceof Struct envelope) || !isEnvelope(envelope.schema())) {
            return record;
        }
        final String op = envelope.getString("op");
        final Struct source = envelope.getStruct("source");
        final boolean delete = "d".equals(op);
        final Struct row = delete ? envelope.getStruct("before") : envelope.getStruct("after");
        if (row == null) {
            throw new DataException("Debezium event op=" + op + " on " + record.topic() + " has no "
                    + (delete ? "before" : "after") + " row; for deletes set REPLICA IDENTITY FULL or keep the key");
        }
        final String soul = soul(record, source);
        final double state = source.getInt64("ts_ms");
        final List<Struct> fields = new ArrayList<>();
        for (Field column : row.schema().fields()) {
            if (!excluded.contains(column.name())) {
                fields.add(GunConnectSchemas.field(column.name(), state,
                        GunConnectSchemas.value(delete ? null : gunValue(row.get(column)))));
            }
        }
        final Struct origin = new Struct(GunConnectSchemas.ORIGIN).put("kind", "CDC").put("relay_id", originId)
                .put("message_id", source.schema().field("lsn") != null && source.get("lsn") != null
                        ? String.valueOf(source.get("lsn")) : null);
        final Long eventTime = envelope.schema().field("ts_ms") != null ? envelope.getInt64("ts_ms") : null;
        final Struct delta = new Struct(GunConnectSchemas.GUN_DELTA).put("soul", soul).put("fields", fields)
                .put("origin", origin).put("received_at", new Date(eventTime != null ? eventTime : (long) state));
        return record.newRecord(topic, null, Schema.STRING_SCHEMA, soul, GunConnectSchemas.GUN_DELTA, delta,
                record.timestamp());
    }

    private static boolean isEnvelope(final Schema schema) {
        return schema.type() == Schema.Type.STRUCT && schema.field("op") != null && schema.field("source") != null
                && schema.field("after") != null && schema.field("before") != null;
    }

    private String soul(final R record, final Struct source) {
        final String schemaName = source.schema().field("schema") != null ? source.getString("schema") : null;
        final String table = source.getString("table");
        final String qualified = schemaName == null ? table : schemaName + "." + table;
        final String prefix = soulPrefixes.getOrDefault(qualified, soulPrefixes.getOrDefault(table, table));
        if (!(record.key() instanceof Struct key)) {
            throw new DataException("Debezium event on " + record.topic() + " has no primary-key struct as key; "
                    + "a Gun soul needs the table's primary key");
        }
        return prefix + "/" + key.schema().fields().stream().map(f -> String.valueOf(key.get(f)))
                .collect(Collectors.joining("/"));
    }

    /** Gun has booleans, numbers and strings; everything else (dates, decimals, bytes) goes in as its text. */
    private static Object gunValue(final Object column) {
        if (column == null || column instanceof Boolean || column instanceof String) {
            return column;
        }
        if (column instanceof Number n && !(column instanceof java.math.BigDecimal)) {
            return n.doubleValue();
        }
        if (column instanceof Date date) {
            return (double) date.getTime();
        }
        return column instanceof byte[] bytes ? java.util.Base64.getEncoder().encodeToString(bytes) : column.toString();
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
        // nothing held
    }
}
