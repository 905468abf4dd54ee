package io.gunstream.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.streams.reject.RejectingDeserializationHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class GunStreamsConfigTest {

    private static Map<String, Object> minimal() {
        final Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", "k1:9092,k2:9092");
        settings.put("schema.registry.url", "http://registry:8081");
        return settings;
    }

    @Test
    void streamsPropertiesFixExactlyOnceAndPassPrefixedSettingsThrough() {
        final Map<String, Object> settings = minimal();
        settings.put("streams.commit.interval.ms", "250");
        settings.put("kafka.security.protocol", "SSL");
        final Properties props = new GunStreamsConfig(settings).streamsProperties();
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get("commit.interval.ms")).isEqualTo("250");
        assertThat(props.get("security.protocol")).isEqualTo("SSL");
        assertThat(props.get("bootstrap.servers")).isEqualTo("k1:9092,k2:9092");
        assertThat(props.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(props.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(RejectingDeserializationHandler.class.getName());
        assertThat(props.get("schema.registry.url")).isEqualTo("http://registry:8081");
        assertThat(new GunStreamsConfig(settings).adminConfig()).containsEntry("security.protocol", "SSL")
                .doesNotContainKey("commit.interval.ms");
    }

    @Test
    void anyOtherProcessingGuaranteeIsRefused() {
        final Map<String, Object> settings = minimal();
        settings.put("streams.processing.guarantee", "at_least_once");
        assertThatThrownBy(() -> new GunStreamsConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("exactly_once_v2");
    }

    @Test
    void badRulesAndMissingRequiredSettingsAreConfigErrors() {
        final Map<String, Object> settings = minimal();
        settings.put(GunStreamsConfig.SOUL_RULES_CONFIG, "logs/** => log");
        assertThatThrownBy(() -> new GunStreamsConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("soul.rules");
        assertThatThrownBy(() -> new GunStreamsConfig(Map.of("bootstrap.servers", "k:9092")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void defaultsMatchTheSharedTopicNamesAndRules() {
        final GunStreamsConfig config = new GunStreamsConfig(minimal());
        assertThat(config.topic(GunStreamsConfig.TOPIC_DELTAS_CONFIG)).isEqualTo("gun.deltas");
        assertThat(config.topic(GunStreamsConfig.TOPIC_ENTROPY_STATS_CONFIG)).isEqualTo("gun.entropy.stats.1m");
        assertThat(config.classifier().rules()).hasSize(3);
        assertThat(config.tombstoneSouls()).isEmpty();
    }

    @Test
    void readmeHoldsTheGeneratedSettingsTableWithEveryKey() throws Exception {
        final String readme = Files.readString(Path.of("README.md"));
        final String table = GunStreamsConfig.markdownTable();
        assertThat(readme).as("README.md settings table is out of date; regenerate it with"
                + " GunStreamsConfig.main and paste it between the streams-config markers:%n%s", table).contains(table);
        for (final ConfigDef.ConfigKey key : GunStreamsConfig.CONFIG.configKeys().values()) {
            assertThat(readme).contains("| `" + key.name + "` |");
        }
    }
}
