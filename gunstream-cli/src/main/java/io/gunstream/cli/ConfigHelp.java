package io.gunstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** Renders a component's {@link ConfigDef} for {@code --help}: every key with its default and doc, from the one definition. */
public final class ConfigHelp {

    private static final int WIDTH = 100;

    private ConfigHelp() {
    }

    /**
     * @param title    heading line
     * @param def      the component's settings
     * @param shownAs  defaults to print instead of the definition's (e.g. a path computed at run time)
     * @param extra    lines appended after the keys (pass-through prefixes)
     */
    public static String text(final String title, final ConfigDef def, final Map<String, String> shownAs, final List<String> extra) {
        final StringBuilder out = new StringBuilder("\n").append(title).append('\n');
        for (final ConfigDef.ConfigKey key : def.configKeys().values()) {
            final String defaultValue = shownAs.containsKey(key.name) ? shownAs.get(key.name)
                    : !key.hasDefault() ? "(required)"
                    : key.defaultValue == null ? "null"
                    : key.defaultValue instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(key.defaultValue);
            out.append("  ").append(key.name).append(" = ").append(defaultValue.isEmpty() ? "\"\"" : defaultValue)
                    .append("   (").append(key.type.name().toLowerCase(java.util.Locale.ROOT))
                    .append(key.validator == null ? "" : ", " + key.validator).append(")\n");
            for (final String line : wrap(key.documentation, WIDTH - 6)) {
                out.append("      ").append(line).append('\n');
            }
        }
        extra.forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    static List<String> wrap(final String text, final int width) {
        final List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (final String word : (text == null ? "" : text).split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder();
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
