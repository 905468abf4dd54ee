package io.gunstream.connect.gun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.connect.gun.sink.GunSinkConfig;
import io.gunstream.connect.gun.source.GunSourceConfig;
import io.gunstream.connect.gun.source.GunSourceConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class GunConfigTest {

    private static Map<String, String> source(final String relays) {
        final Map<String, String> props = new HashMap<>();
        props.put("gun.relays", relays);
        props.put("gun.roots", "devices, profiles");
        props.put("schema.registry.url", "http://127.0.0.1:8081");
        return props;
    }

    @Test
    void sourceDefaults() {
        final GunSourceConfig config = new GunSourceConfig(source("http://a:8765/gun"));
        assertThat(config.roots()).containsExactly("devices", "profiles");
        assertThat(config.topic()).isEqualTo("gun.deltas");
        assertThat(config.linkDepth()).isEqualTo(1);
        assertThat(GunSettings.relays(config)).extracting(RelayUrl::id).containsExactly("http://a:8765/gun");
        assertThat(config.registrySettings()).containsEntry("schema.registry.url", List.of("http://127.0.0.1:8081"));
    }

    @Test
    void sourceTasksSplitTheRelays() {
        final GunSourceConnector connector = new GunSourceConnector();
        connector.start(source("http://a/gun,http://b/gun,http://c/gun"));
        assertThat(connector.taskConfigs(2)).extracting(c -> c.get("gun.relays"))
                .containsExactly("http://a/gun,http://c/gun", "http://b/gun");
        assertThat(connector.taskConfigs(8)).hasSize(3);
        assertThat(connector.taskConfigs(8)).allSatisfy(c -> assertThat(c.get("gun.roots")).isEqualTo("devices, profiles"));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new GunSourceConfig(source("ftp://a/gun"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gun.relays");
        final Map<String, String> noRegistry = source("http://a/gun");
        noRegistry.remove("schema.registry.url");
        assertThatThrownBy(() -> new GunSourceConfig(noRegistry).registrySettings()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        final Map<String, String> badRoot = source("http://a/gun");
        badRoot.put("gun.roots", "ok,link");
        assertThatThrownBy(() -> new GunSourceConfig(badRoot)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gun.roots");
    }

    @Test
    void sinkDefaults() {
        final GunSinkConfig config = new GunSinkConfig(Map.of("gun.relays", "http://a:8765/gun",
                "schema.registry.url", "http://127.0.0.1:8081"));
        assertThat(config.ackTimeoutMs()).isEqualTo(5_000);
        assertThat(config.loopPrevention()).isTrue();
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(GunSettings.reconnectBackoff(config)).isEqualTo(new Backoff(500, 30_000));
    }
}
