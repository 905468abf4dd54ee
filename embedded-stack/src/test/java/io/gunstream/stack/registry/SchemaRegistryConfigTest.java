package io.gunstream.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

    @Test
    void readmeHoldsTheGeneratedSettingsTable() throws IOException {
        final String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(readme)
                .as("embedded-stack/README.md is stale: paste the output of SchemaRegistryConfig.main into it")
                .contains(SchemaRegistryConfig.markdownTable());
    }

    @Test
    void onlyBootstrapServersIsRequired() {
        final SchemaRegistryConfig config = new SchemaRegistryConfig(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        assertThat(config.listener().getPort()).isZero();
        assertThat(config.defaultCompatibilityLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(config.getString(SchemaRegistryConfig.TOPIC_CONFIG)).isEqualTo("_schemas");
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
    }

    @Test
    void rejectsBadListenersAndLevelsAndPassesClientSettingsThrough() {
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("bootstrap.servers", "k:9092", "listeners", "https://h:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://HOST:PORT");
        assertThatThrownBy(() -> new SchemaRegistryConfig(Map.of("bootstrap.servers", "k:9092",
                "schema.compatibility.level", "SIDEWAYS"))).isInstanceOf(ConfigException.class);
        assertThat(new SchemaRegistryConfig(Map.of("bootstrap.servers", "k:9092", "schema.compatibility.level", "full"))
                .defaultCompatibilityLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(new SchemaRegistryConfig(Map.of("bootstrap.servers", "k:9092",
                "kafkastore.client.security.protocol", "SSL")).clientOverrides())
                .containsEntry("security.protocol", "SSL");
    }
}
