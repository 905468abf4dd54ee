package io.gunstream.cli.run;

import io.gunstream.cli.CliException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where a service command's settings come from, lowest precedence first: a properties file ({@code --config FILE}),
 * then {@code -D key=value} pairs, then the command's own flags (applied by the command).
 */
public final class SettingsSource {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (key=value lines).")
    Path config;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A setting; overrides the file. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The settings from the file and the {@code -D} pairs. */
    public Map<String, Object> load() {
        final Map<String, Object> settings = new HashMap<>();
        if (config != null) {
            final Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(config)) {
                file.load(reader);
            } catch (IOException e) {
                throw new CliException("cannot read --config " + config + ": " + e.getMessage(), e);
            }
            file.forEach((k, v) -> settings.put(k.toString(), v.toString().trim()));
        }
        settings.putAll(overrides);
        return settings;
    }
}
