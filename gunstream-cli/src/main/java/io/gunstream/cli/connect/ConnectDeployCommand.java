package io.gunstream.cli.connect;

import io.gunstream.cli.CliException;
import io.gunstream.cli.ConfigHelp;
import io.gunstream.cli.Progress;
import io.gunstream.cli.run.SettingsSource;
import io.gunstream.connectconfig.ConnectConfigException;
import io.gunstream.connectconfig.ConnectorConfigFile;
import io.gunstream.connectconfig.ConnectorDeployException;
import io.gunstream.connectconfig.ConnectorDeployer;
import io.gunstream.connectconfig.ConnectorValidationException;
import io.gunstream.connectconfig.Deployment;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gunstream connect deploy}: fills the placeholders of connector configs (connect-config's bundled files or
 * the user's), validates all of them with the Connect cluster, creates or updates each (an identical stored config
 * is left alone) and waits until every connector and its tasks are RUNNING.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deploy gunstream's connectors to a Kafka Connect cluster and wait until they are RUNNING.", "",
                "Fills the $${NAME} placeholders of the configs, validates every config with the cluster before",
                "changing anything, creates or updates each connector (an unchanged one is left alone, not",
                "restarted) and waits until it and its tasks run. Running it again is safe.",
                "Values: the environment, then --config FILE, then -D KEY=VALUE, then the flags below.", "",
                "  gunstream connect deploy --connect-url http://connect:8083 --config prod.properties",
                "  gunstream connect deploy -D PG_PASSWORD=... jdbc-sink-state ./my-connectors/"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every connector RUNNING (created, updated or unchanged)",
                "1:failed: Connect unreachable, a config invalid (then nothing is deployed), a placeholder without"
                        + " a value, a connector not RUNNING in time",
                "2:usage error"})
public final class ConnectDeployCommand implements Callable<Integer> {

    /** Environment variable for {@code connect.url}, below every other source. */
    static final String CONNECT_URL_ENV = "GUNSTREAM_CONNECT_URL";

    @Mixin
    SettingsSource source;

    @Option(names = "--connect-url", paramLabel = "URL",
            description = "Sets connect.url (default http://127.0.0.1:8083, env " + CONNECT_URL_ENV + ").")
    String connectUrl;

    @Parameters(arity = "0..*", paramLabel = "CONNECTOR",
            description = "A bundled config (e.g. jdbc-sink-state) or a JSON file or directory; replaces connectors.")
    List<String> connectors;

    /** The settings and placeholder sections of {@code --help}, from the definitions and the bundled files. */
    public static String settingsHelp() {
        return ConfigHelp.text("Settings (key = default):", ConnectDeployConfig.CONFIG, Map.of(), List.of())
                + ConfigHelp.text("Placeholders of the bundled configs (NAME = default), from the environment, "
                        + "--config or -D:", ConnectDeployConfig.placeholders(), Map.of(),
                List.of("Meanings and production values: connect-config/README.md (Placeholders). Your own files may use",
                        "any ${NAME} or ${NAME:-default}; lower-case ${topic} etc. are the connectors' own templates."));
    }

    @Override
    public Integer call() {
        // no services here: nothing to log to a file
        System.setProperty("gunstream.log.file", "/dev/null");
        final Progress progress = new Progress(System.out, System.nanoTime());
        final Map<String, String> given = new LinkedHashMap<>();
        source.load().forEach((key, value) -> given.put(key, String.valueOf(value)));
        final Map<String, String> values = new HashMap<>(System.getenv());
        if (System.getenv(CONNECT_URL_ENV) != null) {
            values.put(ConnectDeployConfig.CONNECT_URL_CONFIG, System.getenv(CONNECT_URL_ENV));
        }
        values.putAll(given);
        if (connectUrl != null) {
            values.put(ConnectDeployConfig.CONNECT_URL_CONFIG, connectUrl);
        }
        final ConnectDeployConfig config;
        try {
            config = new ConnectDeployConfig(values);
        } catch (ConfigException e) {
            throw new CliException("bad setting: " + e.getMessage() + " (gunstream connect deploy --help lists them)", e);
        }
        final URI url = connectUrl(config.getString(ConnectDeployConfig.CONNECT_URL_CONFIG));
        final List<ConnectorSource> sources = ConnectorSource.resolve(
                connectors != null && !connectors.isEmpty() ? connectors : config.getList(ConnectDeployConfig.CONNECTORS_CONFIG));
        if (sources.isEmpty()) {
            throw new CliException("nothing to deploy: no CONNECTOR given, the connectors setting is empty or a"
                    + " directory holds no *.json file");
        }
        warnUnused(given.keySet(), sources, progress);

        final Map<String, ConnectorSource> byName = new LinkedHashMap<>();
        final List<ConnectorConfigFile> configs = new ArrayList<>();
        for (final ConnectorSource connector : sources) {
            final ConnectorConfigFile filled;
            try {
                filled = connector.fill(values);
            } catch (ConnectConfigException e) {
                throw new CliException(e.getMessage() + "; gunstream connect deploy --help lists the placeholders", e);
            }
            if (byName.putIfAbsent(filled.name(), connector) != null) {
                throw new CliException("two configs name connector " + filled.name() + ": " + byName.get(filled.name()).source()
                        + " and " + connector.source() + "; deploy one of them");
            }
            configs.add(filled);
        }

        final ConnectorDeployer deployer = new ConnectorDeployer(url,
                Duration.ofMillis(config.getLong(ConnectDeployConfig.RUNNING_TIMEOUT_MS_CONFIG)), progress::step);
        try {
            progress.step(deployer.workerInfo() + " at " + url);
        } catch (ConnectorDeployException e) {
            throw unreachable(url, e);
        }
        progress.step("deploying " + configs.size() + " connector" + (configs.size() == 1 ? "" : "s") + ": "
                + String.join(", ", byName.keySet()));
        final List<Deployment> deployed;
        try {
            deployed = deployer.deployConfigs(configs);
        } catch (ConnectorValidationException e) {
            throw new CliException(validationMessage(e, byName.get(e.connector()), url), e);
        } catch (ConnectorDeployException e) {
            throw new CliException(CliException.firstLine(e.getMessage()) + " [full status: GET " + url.resolve("/connectors?expand=status")
                    + "; connectors before it in the list were deployed]", e);
        }
        final Map<Deployment.Outcome, Long> outcomes = new EnumMap<>(Deployment.Outcome.class);
        deployed.forEach(d -> outcomes.merge(d.outcome(), 1L, Long::sum));
        progress.step(deployed.size() + " connector" + (deployed.size() == 1 ? "" : "s") + " RUNNING at " + url + ": "
                + outcomes.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
        return 0;
    }

    private static URI connectUrl(final String text) {
        final URI url;
        try {
            url = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException("connect.url " + text + " is not a URL: " + e.getMessage() + " (--connect-url)", e);
        }
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new CliException("connect.url " + text + " is not an http(s) URL with a host, e.g. http://connect:8083"
                    + " (--connect-url)");
        }
        return url;
    }

    /**
     * A key from --config or -D that is no setting and no placeholder of any bundled or chosen config is most likely
     * a typo. (One values file may serve several deployments, so a placeholder of another bundled config is fine.)
     */
    private static void warnUnused(final Set<String> given, final List<ConnectorSource> sources, final Progress progress) {
        final Set<String> known = new TreeSet<>(ConnectDeployConfig.CONFIG.names());
        known.addAll(ConnectDeployConfig.placeholders().names());
        sources.forEach(s -> known.addAll(s.placeholders()));
        final Set<String> unused = new TreeSet<>(given);
        unused.removeAll(known);
        if (!unused.isEmpty()) {
            progress.step("ignoring " + String.join(", ", unused) + ": not a setting, and no connector config has such"
                    + " a placeholder (a typo?)");
        }
    }

    private static CliException unreachable(final URI url, final ConnectorDeployException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return new CliException("Kafka Connect at " + url + " cannot be reached (" + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "): start the Connect worker,"
                        + " or point --connect-url (setting connect.url) at its REST API", e);
            }
        }
        return new CliException(e.getMessage() + " (--connect-url)", e);
    }

    /** The connector's own messages, and which placeholders feed the settings it complains about. */
    private static String validationMessage(final ConnectorValidationException e, final ConnectorSource source,
                                            final URI url) {
        final StringBuilder message = new StringBuilder(oneLine(e.getMessage())).append("; nothing was deployed");
        if (e.errors().containsKey("connector.class")) {
            message.append(" (is the connector's plugin on every worker's plugin.path? GET ")
                    .append(url.resolve("/connector-plugins")).append(" lists them)");
        }
        final Map<String, Set<String>> feeds = source == null ? Map.of() : source.placeholdersBySetting();
        final Set<String> placeholders = new LinkedHashSet<>();
        e.errors().keySet().forEach(setting -> placeholders.addAll(feeds.getOrDefault(setting, Set.of())));
        if (!placeholders.isEmpty()) {
            message.append("; ").append(e.errors().keySet().stream().filter(feeds::containsKey)
                            .map(s -> s + " comes from " + String.join(" and ", feeds.get(s)))
                            .collect(Collectors.joining(", ")))
                    .append(": fix it with -D ").append(placeholders.iterator().next()).append("=... or in --config");
        }
        return message.toString();
    }

    private static String oneLine(final String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
