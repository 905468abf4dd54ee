package io.gunstream.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

    private static final String START = "<!-- relay-config:start -->";
    private static final String END = "<!-- relay-config:end -->";

    @Test
    void readmeSettingsTableIsTheGeneratedOneAndNamesEveryKey() throws Exception {
        final String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        final String table = RelayConfig.markdownTable();
        assertThat(readme).contains(START, END);
        final String block = readme.substring(readme.indexOf(START) + START.length(), readme.indexOf(END)).strip();
        assertThat(block).as("README.md settings table is stale; replace it with:%n%s", table).isEqualTo(table.strip());
        for (final String key : RelayConfig.CONFIG.names()) {
            assertThat(block).contains("`" + key + "`");
        }
    }

    @Test
    void defaultsMatchTheNodeRelayAndLimitsReachTheCodec() {
        final RelayConfig config = new RelayConfig(Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r:8081"));
        assertThat(config.port()).isEqualTo(8765);
        assertThat(config.path()).isEqualTo("/gun");
        assertThat(config.ackTimeout().toMillis()).isEqualTo(10_000);
        assertThat(config.wireLimits().maxFrameBytes()).isEqualTo(1 << 20);
        assertThat(config.wireLimits().maxNodesPerPut()).isEqualTo(1000);
        assertThat(config.bridgePeers()).isEmpty();
    }

    @Test
    void missingKafkaOrBadPathIsAConfigException() {
        assertThatThrownBy(() -> new RelayConfig(Map.of("schema.registry.url", "http://r:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> new RelayConfig(Map.of("bootstrap.servers", "k:9092", "schema.registry.url", "http://r",
                "relay.path", "gun"))).isInstanceOf(ConfigException.class).hasMessageContaining("relay.path");
    }
}
