package io.gunstream.cli.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.cli.CliException;
import io.gunstream.connectconfig.ConnectConfigException;
import io.gunstream.connectconfig.ConnectorConfigFile;
import io.gunstream.connectconfig.ConnectorDeployer;
import io.gunstream.connectconfig.Placeholders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connector configuration to deploy, before its placeholders are filled: one of connect-config's bundled files
 * or a JSON file of the user's.
 *
 * @param source how errors name it ({@code classpath:connectors/x.json} or the file's path)
 * @param text   the file's text, placeholders unfilled
 */
record ConnectorSource(String source, String text) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ConnectorSource {
        if (source == null || text == null) {
            throw new IllegalArgumentException("a connector source needs a name and a text");
        }
    }

    /**
     * Each entry is an existing file or directory (its {@code *.json} files, in name order) or the name of a bundled
     * config, with or without {@code .json}; a path wins over a bundled name.
     */
    static List<ConnectorSource> resolve(final List<String> entries) {
        final List<ConnectorSource> sources = new ArrayList<>();
        for (final String entry : entries) {
            final Path path = Path.of(entry);
            if (Files.exists(path)) {
                try {
                    for (final Path file : ConnectorDeployer.configFiles(List.of(path))) {
                        sources.add(new ConnectorSource(file.toString(), read(file)));
                    }
                } catch (ConnectConfigException e) {
                    throw new CliException(e.getMessage(), e);
                }
                continue;
            }
            final String fileName = entry.endsWith(".json") ? entry : entry + ".json";
            if (!ConnectorConfigFile.BUNDLED.contains(fileName)) {
                throw new CliException("connector " + entry + " is neither a file or directory nor a bundled config ("
                        + String.join(", ", ConnectorConfigFile.BUNDLED.stream().map(ConnectDeployConfig::bareName)
                        .toList()) + ")");
            }
            sources.add(new ConnectorSource("classpath:connectors/" + fileName, ConnectorConfigFile.bundledText(fileName)));
        }
        return sources;
    }

    /** The config with its placeholders filled from {@code values}. */
    ConnectorConfigFile fill(final Map<String, String> values) {
        return ConnectorConfigFile.parse(text, values, source);
    }

    Set<String> placeholders() {
        return Placeholders.names(text);
    }

    /** Connector setting → the placeholders its value is made of (only settings that have some). */
    Map<String, Set<String>> placeholdersBySetting() {
        final Map<String, Set<String>> bySetting = new LinkedHashMap<>();
        try {
            JSON.readTree(text).path("config").properties().forEach(field -> {
                final Set<String> names = field.getValue().isTextual()
                        ? Placeholders.names(field.getValue().asText()) : Set.of();
                if (!names.isEmpty()) {
                    bySetting.put(field.getKey(), new LinkedHashSet<>(names));
                }
            });
        } catch (IOException e) {
            // not JSON: fill() reports that with the file's name
        }
        return bySetting;
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConnectConfigException("cannot read connector config " + file + ": " + e.getMessage(), e);
        }
    }
}
