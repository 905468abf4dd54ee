package io.gunstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class QueryConfigTest {

    private static final String START = "<!-- query-config:start -->\n";
    private static final String END = "<!-- query-config:end -->";

    @Test
    void defaultsServeLocalhost8080() {
        final QueryConfig config = new QueryConfig(Map.of());
        assertThat(config.listenHost()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(config.prefixLimitDefault()).isEqualTo(100);
        assertThat(config.prefixLimitMax()).isEqualTo(1000);
        assertThat(config.forwardTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.unavailableWait()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void advertisedHostFallsBackToTheListenHostUnlessItIsAWildcard() {
        assertThat(new QueryConfig(Map.of(QueryConfig.LISTEN_HOST_CONFIG, "10.0.0.5")).advertisedHost()).isEqualTo("10.0.0.5");
        assertThat(new QueryConfig(Map.of(QueryConfig.LISTEN_HOST_CONFIG, "0.0.0.0")).advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(new QueryConfig(Map.of(QueryConfig.LISTEN_HOST_CONFIG, "0.0.0.0",
                QueryConfig.ADVERTISED_HOST_CONFIG, "streams-1.internal")).advertisedHost()).isEqualTo("streams-1.internal");
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> new QueryConfig(Map.of(QueryConfig.PORT_CONFIG, 70_000)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(QueryConfig.PORT_CONFIG);
        assertThatThrownBy(() -> new QueryConfig(Map.of(QueryConfig.PREFIX_LIMIT_DEFAULT_CONFIG, 50, QueryConfig.PREFIX_LIMIT_MAX_CONFIG, 10)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(QueryConfig.PREFIX_LIMIT_MAX_CONFIG);
    }

    @Test
    void readmeTableIsGeneratedFromTheConfigDef() throws Exception {
        final String readme = Files.readString(Path.of("README.md"));
        final int start = readme.indexOf(START);
        final int end = readme.indexOf(END);
        assertThat(start).as("README.md needs the markers %s and %s", START.trim(), END).isNotNegative();
        assertThat(readme.substring(start + START.length(), end))
                .as("README.md settings table is out of date; replace it with QueryConfig.main's output")
                .isEqualTo(QueryConfig.markdownTable());
    }
}
