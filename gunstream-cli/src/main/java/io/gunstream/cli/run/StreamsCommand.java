package io.gunstream.cli.run;

import io.gunstream.cli.ConfigHelp;
import io.gunstream.streams.app.GunStreamsApp;
import io.gunstream.streams.app.GunStreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gunstream streams}: the Kafka Streams app (HAM merge, split, query API) against an existing Kafka cluster
 * and schema registry. Scale out by running more instances with the same {@code application.id}.
 */
@Command(name = "streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the streams app (HAM merge, split, query API) against an existing Kafka.",
                "", "Scale out by starting more instances with the same application.id.",
                "Settings: --config FILE, then -D key=value, then the flags below. Runs until SIGINT/SIGTERM."})
public final class StreamsCommand implements Callable<Integer> {

    @Mixin
    SettingsSource source;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--query-port", paramLabel = "PORT", description = "Sets query.port.")
    Integer queryPort;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Sets state.dir.")
    Path stateDir;

    /** The settings section of {@code --help}, from {@link GunStreamsConfig#CONFIG}. */
    public static String settingsHelp() {
        return ConfigHelp.text("Settings (key = default):", GunStreamsConfig.CONFIG,
                Map.of(GunStreamsConfig.STATE_DIR_CONFIG, "${java.io.tmpdir}/gunstream-streams"),
                List.of("streams.*   any Kafka Streams or client setting, prefix stripped (processing.guarantee is fixed to exactly_once_v2)",
                        "kafka.*     client settings for Streams and the admin client, prefix stripped"));
    }

    @Override
    public Integer call() throws Exception {
        ServiceRunner.consoleLogging();
        final Map<String, Object> settings = source.load();
        kafka.putInto(settings, GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG, GunStreamsConfig.SCHEMA_REGISTRY_URL_CONFIG);
        if (queryPort != null) {
            settings.put("query.port", queryPort);
        }
        if (stateDir != null) {
            settings.put(GunStreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        }
        return ServiceRunner.run("streams", () -> GunStreamsApp.start(settings, Duration.ofMinutes(2)));
    }
}
