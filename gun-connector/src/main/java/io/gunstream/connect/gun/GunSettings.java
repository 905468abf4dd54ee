package io.gunstream.connect.gun;

import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings shared by the Gun source and sink: the relays to connect to, reconnect backoff, and the schema registry
 * keys of the serde. Each connector's {@code ConfigDef} is built from these definitions plus its own.
 */
public final class GunSettings {

    public static final String RELAYS_CONFIG = "gun.relays";
    private static final String RELAYS_DOC = "gun.js relays to connect to as a peer, comma-separated, written as for "
            + "gun.js (http://host:8765/gun; https:// for TLS; ws(s):// also accepted; an empty path means /gun).";
    public static final String RECONNECT_BACKOFF_MS_CONFIG = "gun.reconnect.backoff.ms";
    private static final String RECONNECT_BACKOFF_MS_DOC = "Delay before reconnecting to a relay after the connection "
            + "was lost or refused; doubled per failed attempt up to gun.reconnect.backoff.max.ms.";
    public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = "gun.reconnect.backoff.max.ms";
    private static final String RECONNECT_BACKOFF_MAX_MS_DOC = "Largest delay between reconnect attempts.";

    static final String CONNECTION_GROUP = "Gun relays";
    static final String REGISTRY_GROUP = "Schema registry";

    private GunSettings() {
    }

    /** Adds the relay and reconnect settings to {@code def}, in {@link #CONNECTION_GROUP}; returns the next order. */
    public static int defineConnection(final ConfigDef def) {
        int order = 0;
        def.define(RELAYS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                        named(GunSettings::validateRelays, "non-empty list of http(s):// or ws(s):// URLs"),
                        Importance.HIGH, RELAYS_DOC, CONNECTION_GROUP, ++order, Width.LONG, "Relays")
                .define(RECONNECT_BACKOFF_MS_CONFIG, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                        RECONNECT_BACKOFF_MS_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Reconnect backoff (ms)")
                .define(RECONNECT_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                        RECONNECT_BACKOFF_MAX_MS_DOC, CONNECTION_GROUP, ++order, Width.SHORT, "Reconnect backoff max (ms)");
        return order;
    }

    /** Copies the serde settings named in {@code keys} from {@link GunAvroSerdeConfig#CONFIG}, in {@link #REGISTRY_GROUP}. */
    public static void defineRegistry(final ConfigDef def, final Set<String> keys) {
        int order = 0;
        for (ConfigDef.ConfigKey key : GunAvroSerdeConfig.CONFIG.configKeys().values()) {
            if (keys.contains(key.name)) {
                def.define(key.name, key.type, key.defaultValue, key.validator, key.importance, key.documentation,
                        REGISTRY_GROUP, ++order, Width.LONG, key.name);
            }
        }
    }

    /** The configured relays, parsed. */
    public static List<RelayUrl> relays(final AbstractConfig config) {
        final List<RelayUrl> relays = new ArrayList<>();
        for (String entry : config.getList(RELAYS_CONFIG)) {
            relays.add(RelayUrl.parse(RELAYS_CONFIG, entry));
        }
        return relays;
    }

    public static Backoff reconnectBackoff(final AbstractConfig config) {
        final long initial = config.getLong(RECONNECT_BACKOFF_MS_CONFIG);
        return new Backoff(initial, Math.max(initial, config.getLong(RECONNECT_BACKOFF_MAX_MS_CONFIG)));
    }

    /** The serde settings among {@code keys}, as {@link GunAvroSerdeConfig} expects them. */
    public static Map<String, Object> registrySettings(final AbstractConfig config, final Set<String> keys) {
        final Map<String, Object> settings = new HashMap<>();
        for (String key : keys) {
            settings.put(key, config.values().get(key));
        }
        if (config.getList(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG).isEmpty()) {
            throw new ConfigException(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "",
                    "GunDelta values are Confluent-framed Avro: the registry that holds their schema is required");
        }
        return settings;
    }

    private static void validateRelays(final String name, final Object value) {
        if (value == null) {
            return; // missing: ConfigDef reports it
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(name, value, "at least one relay URL is required");
        }
        for (Object entry : list) {
            RelayUrl.parse(name, String.valueOf(entry));
        }
    }

    /** A validator whose description shows in the generated docs (a bare method reference prints as a lambda). */
    public static ConfigDef.Validator named(final ConfigDef.Validator check, final String description) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(final String name, final Object value) {
                check.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
