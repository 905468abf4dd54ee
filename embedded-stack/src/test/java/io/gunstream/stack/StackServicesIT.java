package io.gunstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.postgres.PostgresService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The factory gives the same PostgreSQL behaviour on either backend; a backend that cannot run here is skipped. */
class StackServicesIT {

    @ParameterizedTest
    @EnumSource(StackBackend.class)
    void postgresOnEitherBackendHasLogicalWalAndTheStackDatabase(final StackBackend backend) throws Exception {
        final StackServices stack = StackServices.of(backend);
        assumeTrue(stack.unavailableReason().isEmpty(), () -> stack.unavailableReason().orElseThrow());
        try (PostgresService pg = stack.postgres();
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             Statement s = c.createStatement()) {
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/gunstream");
            s.execute("CREATE TABLE t (id int PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (7)");
            try (ResultSet rows = s.executeQuery("SELECT id, current_setting('wal_level') FROM t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
                assertThat(rows.getString(2)).isEqualTo("logical");
            }
            s.execute("SELECT pg_create_logical_replication_slot('contract', 'pgoutput')");
        }
    }

    @Test
    void embeddedBackendGivesEmbeddedPostgres() {
        try (PostgresService pg = StackServices.of(StackBackend.EMBEDDED).postgres()) {
            assertThat(pg).isInstanceOf(EmbeddedPostgres.class);
            assertThat(pg.host()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void testcontainersWithoutDockerFailsWithReasonAndAlternative() {
        final StackServices stack = StackServices.of(StackBackend.TESTCONTAINERS);
        assumeTrue(stack.unavailableReason().isPresent(), "a Docker engine is available here");
        assertThat(stack.unavailableReason().orElseThrow()).contains("Docker").contains("gunstream.stack.backend=embedded");
        assertThatThrownBy(stack::postgres).isInstanceOf(StackUnavailableException.class).hasMessageContaining("Docker");
        assertThatThrownBy(stack::kafka).isInstanceOf(StackUnavailableException.class);
        assertThatThrownBy(stack::s3).isInstanceOf(StackUnavailableException.class);
    }
}
