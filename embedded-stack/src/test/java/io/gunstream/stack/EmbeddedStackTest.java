package io.gunstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedStackTest {

    @Test
    void aFixedPortGivenToTwoServicesIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> EmbeddedStack.builder().kafkaPort(19092).pgPort(19092).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Port 19092")
                .hasMessageContaining("Kafka broker")
                .hasMessageContaining("PostgreSQL");
    }

    @Test
    void portsOutsideTheTcpRangeAreRefused() {
        assertThatThrownBy(() -> EmbeddedStack.builder().connectPort(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Kafka Connect worker port")
                .hasMessageContaining("70000");
    }

    @Test
    void componentsStartInDependencyOrder() {
        assertThat(StackComponent.values()).containsExactly(StackComponent.KAFKA, StackComponent.SCHEMA_REGISTRY,
                StackComponent.POSTGRES, StackComponent.S3, StackComponent.CONNECT);
        assertThat(StackComponent.POSTGRES.key()).isEqualTo("postgres");
    }

    @Test
    void defaultsAreTheDesignsLocalCredentials() {
        assertThat(EmbeddedStack.DEFAULT_PG_USER).isEqualTo("gunstream");
        assertThat(EmbeddedStack.DEFAULT_PG_PASSWORD).isEqualTo("gunstream");
        assertThat(EmbeddedStack.DEFAULT_PG_DATABASE).isEqualTo("gunstream");
        assertThat(EmbeddedStack.DEFAULT_S3_ACCESS_KEY).isEqualTo(io.gunstream.stack.s3.EmbeddedS3.DEFAULT_ACCESS_KEY);
        assertThat(EmbeddedStack.DEFAULT_S3_SECRET_KEY).isEqualTo(io.gunstream.stack.s3.EmbeddedS3.DEFAULT_SECRET_KEY);
        assertThat(EmbeddedStack.DEFAULT_S3_BUCKET).isEqualTo(io.gunstream.stack.s3.EmbeddedS3.DEFAULT_BUCKET);
        assertThat(EmbeddedStack.DEFAULT_S3_REGION).isEqualTo(io.gunstream.stack.s3.EmbeddedS3.DEFAULT_REGION);
    }
}
