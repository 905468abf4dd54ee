package io.gunstream.connect;

import io.gunstream.connect.smt.CdcToGunDelta;
import io.gunstream.connect.smt.GunNodeToRow;
import io.gunstream.connect.smt.OriginFilter;
import io.gunstream.connect.storj.StorjSinkConfig;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The README's settings tables, generated from each component's {@link ConfigDef} (never written by hand).
 * {@link #main} prints them; {@code ReadmeTest} fails when the README's copy is stale.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /** Component class name → its settings. */
    public static Map<String, ConfigDef> components() {
        final Map<String, ConfigDef> components = new LinkedHashMap<>();
        components.put("StorjSinkConnector", StorjSinkConfig.CONFIG_DEF);
        components.put("GunNodeToRow", GunNodeToRow.CONFIG_DEF);
        components.put("CdcToGunDelta", CdcToGunDelta.CONFIG_DEF);
        components.put("OriginFilter", OriginFilter.CONFIG_DEF);
        components.put("GunAvroConverter", GunAvroSerdeConfig.CONFIG);
        return components;
    }

    /** A Markdown table of {@code def}: key, type, default, valid values, importance, description (declaration order, which follows the groups). */
    public static String markdownTable(final ConfigDef def) {
        final StringBuilder table = new StringBuilder("| key | type | default | valid values | importance | description |\n"
                + "|---|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            final String defaultValue = !key.hasDefault() ? "(required)"
                    : key.type == ConfigDef.Type.PASSWORD ? "`\"\"`"
                    : "`" + (key.defaultValue == null ? "null" : ConfigDef.convertToString(key.defaultValue, key.type)) + "`";
            table.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultValue.equals("``") ? "`\"\"`" : defaultValue)
                    .append(" | ").append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ").append(key.importance.name().toLowerCase())
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    /** Every component's table between its {@code <!-- config:NAME:start -->} / {@code end} markers. */
    public static String sections() {
        final StringBuilder out = new StringBuilder();
        components().forEach((name, def) -> out.append(section(name, def)).append('\n'));
        return out.toString();
    }

    public static String section(final String name, final ConfigDef def) {
        return "<!-- config:" + name + ":start -->\n" + markdownTable(def) + "<!-- config:" + name + ":end -->\n";
    }

    public static void main(final String[] args) {
        System.out.print(sections());
    }
}
