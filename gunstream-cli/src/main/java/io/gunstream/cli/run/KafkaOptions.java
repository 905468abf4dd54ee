package io.gunstream.cli.run;

import java.util.Map;
import picocli.CommandLine.Option;

/** The flags every service command has for the external Kafka cluster and schema registry it runs against. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Sets bootstrap.servers.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Sets schema.registry.url.")
    String schemaRegistryUrl;

    /** Puts the flags that were given into {@code settings} under the component's own keys (flags win). */
    void putInto(final Map<String, Object> settings, final String bootstrapServersKey, final String schemaRegistryUrlKey) {
        if (bootstrapServers != null) {
            settings.put(bootstrapServersKey, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            settings.put(schemaRegistryUrlKey, schemaRegistryUrl);
        }
    }
}
