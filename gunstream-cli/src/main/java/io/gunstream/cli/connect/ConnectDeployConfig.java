package io.gunstream.cli.connect;

import io.gunstream.cli.up.LocalConnectors;
import io.gunstream.connectconfig.ConnectorConfigFile;
import io.gunstream.connectconfig.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of {@code gunstream connect deploy} itself (where Connect is, what to deploy, how long to wait). The
 * values of the connector files' placeholders are not settings of the command; {@link #placeholders()} describes
 * those of the bundled files for {@code --help}.
 */
public final class ConnectDeployConfig extends AbstractConfig {

    public static final String CONNECT_URL_CONFIG = "connect.url";
    private static final String CONNECT_URL_DOC = "Base URL of the Kafka Connect REST API (any worker of the cluster).";

    public static final String CONNECTORS_CONFIG = "connectors";
    private static final String CONNECTORS_DOC = "What to deploy: names of connect-config's bundled configs ("
            + String.join(", ", ConnectorConfigFile.BUNDLED.stream().map(ConnectDeployConfig::bareName).toList())
            + ") or paths of connector JSON files or of directories holding them. The default is the set `gunstream up`"
            + " deploys; the CDC source needs LEGACY_TABLES and is deployed only when named. CONNECTOR arguments"
            + " replace this setting.";

    public static final String RUNNING_TIMEOUT_MS_CONFIG = "running.timeout.ms";
    private static final String RUNNING_TIMEOUT_MS_DOC = "How long to wait for each connector and its tasks to be"
            + " RUNNING after it was created, updated or found unchanged.";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(CONNECT_URL_CONFIG, Type.STRING, "http://127.0.0.1:8083", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, CONNECT_URL_DOC)
            .define(CONNECTORS_CONFIG, Type.LIST, String.join(",", LocalConnectors.FILES.stream()
                            .map(ConnectDeployConfig::bareName).toList()), Importance.HIGH, CONNECTORS_DOC)
            .define(RUNNING_TIMEOUT_MS_CONFIG, Type.LONG, 120_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    RUNNING_TIMEOUT_MS_DOC);

    public ConnectDeployConfig(final Map<?, ?> originals) {
        // no logging: the command prints its own progress, and the originals include the environment
        super(CONFIG, originals, false);
    }

    /**
     * The placeholders of connect-config's bundled files as a definition, for {@code --help}: each with the default
     * its files give it ({@code (required)} where they give none) and the files that use it. Generated from the
     * files, so help and files cannot drift apart.
     */
    public static ConfigDef placeholders() {
        final Map<String, Optional<String>> defaults = new TreeMap<>();
        final Map<String, List<String>> usedBy = new TreeMap<>();
        for (final String file : ConnectorConfigFile.BUNDLED) {
            Placeholders.declared(ConnectorConfigFile.bundledText(file)).forEach((name, defaultValue) -> {
                defaults.putIfAbsent(name, defaultValue);
                usedBy.computeIfAbsent(name, n -> new ArrayList<>()).add(bareName(file));
            });
        }
        final ConfigDef def = new ConfigDef();
        defaults.forEach((name, defaultValue) -> {
            final Type type = name.contains("PASSWORD") || name.contains("SECRET") ? Type.PASSWORD : Type.STRING;
            final String doc = "Used by " + String.join(", ", usedBy.get(name)) + ".";
            if (defaultValue.isPresent()) {
                def.define(name, type, defaultValue.get(), Importance.MEDIUM, doc);
            } else {
                def.define(name, type, Importance.HIGH, doc);
            }
        });
        return def;
    }

    /** {@code jdbc-sink-state.json} → {@code jdbc-sink-state}. */
    static String bareName(final String fileName) {
        return fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - ".json".length()) : fileName;
    }
}
