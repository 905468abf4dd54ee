package io.gunstream.connectconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One connector configuration, as in Connect's {@code POST /connectors} body ({@code {"name":..,"config":{..}}}),
 * with its placeholders filled.
 *
 * @param source where it came from (a file path), for error messages
 */
public record ConnectorConfigFile(String name, Map<String, String> config, String source) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConnectorConfigFile {
        if (name == null || name.isBlank()) {
            throw new ConnectConfigException("connector config " + source + " has no \"name\"");
        }
        if (config == null || !config.containsKey("connector.class")) {
            throw new ConnectConfigException("connector config " + source + " has no \"config\".\"connector.class\"");
        }
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public String connectorClass() {
        return config.get("connector.class");
    }

    /** Reads a file and fills its placeholders from {@code values} (placeholders are filled inside JSON strings). */
    public static ConnectorConfigFile load(final Path file, final Map<String, String> values) {
        final String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConnectConfigException("cannot read connector config " + file + ": " + e.getMessage(), e);
        }
        return parse(text, values, file.toString());
    }

    /** The configuration files shipped in this jar under {@code connectors/}. */
    public static final List<String> BUNDLED = List.of("debezium-postgres-source.json", "jdbc-sink-state.json",
            "jdbc-sink-entropy-stats.json", "jdbc-sink-logs.json", "storj-sink-entropy.json", "storj-sink-logs.json",
            "gun-source.json", "gun-sink.json");

    /** Loads one of the {@link #BUNDLED} files from the classpath and fills its placeholders. */
    public static ConnectorConfigFile loadBundled(final String fileName, final Map<String, String> values) {
        return parse(bundledText(fileName), values, "classpath:connectors/" + fileName);
    }

    /** The unfilled text of one of the {@link #BUNDLED} files (for listing its placeholders). */
    public static String bundledText(final String fileName) {
        final String resource = "connectors/" + fileName;
        try (java.io.InputStream in = ConnectorConfigFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConnectConfigException("no bundled connector config " + resource + "; known: " + BUNDLED);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConnectConfigException("cannot read bundled connector config " + resource + ": " + e, e);
        }
    }

    /** Parses the JSON text of a connector config and fills its placeholders; {@code source} names it in errors. */
    public static ConnectorConfigFile parse(final String text, final Map<String, String> values, final String source) {
        final JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new ConnectConfigException("connector config " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("config").isObject()) {
            throw new ConnectConfigException("connector config " + source
                    + " must be an object {\"name\": ..., \"config\": {...}}");
        }
        final Set<String> missing = new TreeSet<>();
        final String name = Placeholders.fill(root.path("name").asText(""), values, missing);
        final Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("config").fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw new ConnectConfigException("connector config " + source + ": \"" + entry.getKey()
                        + "\" must be a string, number or boolean");
            }
            config.put(entry.getKey(), Placeholders.fill(entry.getValue().asText(), values, missing));
        }
        if (!missing.isEmpty()) {
            throw Placeholders.missingError(missing, source);
        }
        return new ConnectorConfigFile(name, config, source);
    }
}
