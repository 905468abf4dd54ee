package io.gunstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class StackBackendTest {

    @Test
    void embeddedWhenNothingIsSet() {
        assertThat(StackBackend.resolve(Map.<String, String>of()::get, Map.<String, String>of()::get))
                .isEqualTo(StackBackend.EMBEDDED);
        assertThat(StackBackend.resolve(Map.of(StackBackend.PROPERTY, " ")::get, Map.<String, String>of()::get))
                .isEqualTo(StackBackend.EMBEDDED);
    }

    @Test
    void environmentVariableChoosesWhenNoProperty() {
        assertThat(StackBackend.resolve(Map.<String, String>of()::get, Map.of(StackBackend.ENV, "TestContainers")::get))
                .isEqualTo(StackBackend.TESTCONTAINERS);
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        assertThat(StackBackend.resolve(Map.of(StackBackend.PROPERTY, "embedded")::get,
                Map.of(StackBackend.ENV, "testcontainers")::get)).isEqualTo(StackBackend.EMBEDDED);
    }

    @Test
    void unknownValueNamesSettingAndChoices() {
        assertThatThrownBy(() -> StackBackend.resolve(Map.<String, String>of()::get, Map.of(StackBackend.ENV, "docker")::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StackBackend.ENV)
                .hasMessageContaining("docker")
                .hasMessageContaining("embedded, testcontainers");
    }
}
