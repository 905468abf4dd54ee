package io.gunstream.connect.smt;

import io.gunstream.connect.Version;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Drops records whose {@code origin} (a {@link GunConnectSchemas#ORIGIN} struct in the value) matches a configured
 * kind or relay id: echo-loop prevention, e.g. CDC-born deltas never written back to PostgreSQL, or deltas from a gun.js
 * relay never sent back to it. Tombstones and records without an origin pass through.
 *
 * @param <R> record type (source or sink)
 */
public class OriginFilter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String KINDS_CONFIG = "origin.kinds";
    public static final String RELAY_IDS_CONFIG = "origin.relay.ids";
    public static final String FIELD_CONFIG = "origin.field";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(KINDS_CONFIG, Type.LIST, List.of(), Importance.HIGH, "Origin kinds to drop (UNKNOWN, RELAY, "
                    + "GUN_SOURCE, CDC, STREAMS).")
            .define(RELAY_IDS_CONFIG, Type.LIST, List.of(), Importance.HIGH, "Origin relay ids to drop (relay id, "
                    + "connector name, CdcToGunDelta's origin.id).")
            .define(FIELD_CONFIG, Type.STRING, "origin", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Top-level field of the value that holds the origin struct.");

    private Set<String> kinds;
    private Set<String> relayIds;
    private String field;

    @Override
    public void configure(final Map<String, ?> props) {
        final AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        kinds = Set.copyOf(config.getList(KINDS_CONFIG));
        relayIds = Set.copyOf(config.getList(RELAY_IDS_CONFIG));
        field = config.getString(FIELD_CONFIG);
        if (kinds.isEmpty() && relayIds.isEmpty()) {
            throw new ConfigException(KINDS_CONFIG, "", "set origin.kinds or origin.relay.ids, or the filter drops nothing");
        }
    }

    @Override
    public R apply(final R record) {
        if (!(record.value() instanceof Struct value) || value.schema().field(field) == null) {
            return record;
        }
        final Object origin = value.get(field);
        if (!(origin instanceof Struct o)) {
            return record;
        }
        final Object kind = o.schema().field("kind") == null ? null : o.get("kind");
        final Object relayId = o.schema().field("relay_id") == null ? null : o.get("relay_id");
        final boolean echo = (kind != null && kinds.contains(kind.toString()))
                || (relayId != null && relayIds.contains(relayId.toString()));
        return echo ? null : record;
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
