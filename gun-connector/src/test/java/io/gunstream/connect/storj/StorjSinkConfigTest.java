package io.gunstream.connect.storj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class StorjSinkConfigTest {

    private static Map<String, String> minimal() {
        final Map<String, String> props = new HashMap<>();
        props.put("s3.endpoint", "https://gateway.storjshare.io");
        props.put("s3.bucket", "archive");
        props.put("s3.access.key", "ak");
        props.put("s3.secret.key", "sk");
        props.put("schema.registry.url", "http://localhost:8081");
        return props;
    }

    @Test
    void defaultsFitStorj() {
        final StorjSinkConfig config = new StorjSinkConfig(minimal());
        assertThat(config.getInt(StorjSinkConfig.PART_SIZE_CONFIG)).isEqualTo(64 * 1024 * 1024);
        assertThat(config.getBoolean(StorjSinkConfig.PATH_STYLE_CONFIG)).isTrue();
        assertThat(config.partitioner()).isEqualTo(PartitionerType.TIME);
        assertThat(config.nullValues()).isEqualTo(NullValueBehavior.IGNORE);
        assertThat(config.getPassword(StorjSinkConfig.SECRET_KEY_CONFIG).toString()).doesNotContain("sk");
    }

    @Test
    void secretsArePasswords() {
        assertThat(StorjSinkConfig.CONFIG_DEF.configKeys().get(StorjSinkConfig.SECRET_KEY_CONFIG).type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(StorjSinkConfig.CONFIG_DEF.configKeys().get(StorjSinkConfig.ACCESS_KEY_CONFIG).type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void refusesBadSettingsNamingTheKey() {
        final Map<String, String> props = minimal();
        props.put("s3.part.size", Integer.toString(1024 * 1024));
        assertThatThrownBy(() -> new StorjSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("s3.part.size");
        final Map<String, String> field = minimal();
        field.put("partitioner", "field");
        assertThatThrownBy(() -> new StorjSinkConfig(field)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("partitioner.field");
        final Map<String, String> noRegistry = minimal();
        noRegistry.remove("schema.registry.url");
        assertThatThrownBy(() -> new StorjSinkConfig(noRegistry)).hasMessageContaining("schema.registry.url");
        final Map<String, String> slash = minimal();
        slash.put("prefix", "/archive");
        assertThatThrownBy(() -> new StorjSinkConfig(slash)).hasMessageContaining("prefix");
        final Map<String, String> partitioner = minimal();
        partitioner.put("partitioner", "daily");
        assertThatThrownBy(() -> new StorjSinkConfig(partitioner)).hasMessageContaining("soul-prefix");
    }
}
