package io.gunstream.cli.run;

import io.gunstream.cli.ConfigHelp;
import io.gunstream.relay.config.RelayConfig;
import io.gunstream.relay.server.GunRelay;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gunstream relay}: a Gun relay for gun.js clients against an existing Kafka cluster and schema registry. */
@Command(name = "relay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a Gun relay for gun.js clients against an existing Kafka.",
                "", "gun.js clients use Gun({peers: ['http://HOST:PORT/gun']}).",
                "Settings: --config FILE, then -D key=value, then the flags below. Runs until SIGINT/SIGTERM."})
public final class RelayCommand implements Callable<Integer> {

    @Mixin
    SettingsSource source;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--port", paramLabel = "PORT", description = "Sets relay.port.")
    Integer port;

    @Option(names = "--query-url", paramLabel = "URL", description = "Sets query.url (the streams query API).")
    String queryUrl;

    /** The settings section of {@code --help}, from {@link RelayConfig#CONFIG}. */
    public static String settingsHelp() {
        return ConfigHelp.text("Settings (key = default):", RelayConfig.CONFIG, Map.of(),
                List.of("producer.*  Kafka producer settings, prefix stripped (acks=all and idempotence are fixed)",
                        "consumer.*  Kafka consumer settings, prefix stripped"));
    }

    @Override
    public Integer call() throws Exception {
        ServiceRunner.consoleLogging();
        final Map<String, Object> settings = source.load();
        kafka.putInto(settings, RelayConfig.BOOTSTRAP_SERVERS_CONFIG, RelayConfig.SCHEMA_REGISTRY_URL_CONFIG);
        if (port != null) {
            settings.put(RelayConfig.PORT_CONFIG, port);
        }
        if (queryUrl != null) {
            settings.put(RelayConfig.QUERY_URL_CONFIG, queryUrl);
        }
        return ServiceRunner.run("relay", () -> GunRelay.start(settings));
    }
}
