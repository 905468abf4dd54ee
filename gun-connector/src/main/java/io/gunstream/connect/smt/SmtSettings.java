package io.gunstream.connect.smt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Parsing shared by the SMTs' settings. */
final class SmtSettings {

    private SmtSettings() {
    }

    /** {@code name:value} list entries as a map (the last colon splits, so names may hold colons). */
    static Map<String, String> pairs(final List<String> entries, final String key) {
        final Map<String, String> pairs = new LinkedHashMap<>();
        for (String entry : entries) {
            final int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException(key, entry, "entries must be name:value pairs");
            }
            pairs.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return pairs;
    }
}
