package io.gunstream.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gunstream.stack.net.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void letTheServerUserIn() throws IOException {
        // JUnit's temp dir is 0700; as root the server runs as nobody and must be able to enter it.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void createsTableInsertsAndSelectsOverJdbc() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            System.out.printf("FIGURE postgres start, temporary data dir (initdb included): %d ms%n",
                    pg.startupTime().toMillis());
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/gunstream");
            assertThat(pg.user()).isEqualTo("gunstream");
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE souls (soul text PRIMARY KEY, state double precision)");
                s.execute("INSERT INTO souls VALUES ('a', 1.5), ('b', 2)");
                assertThat(strings(s, "SELECT soul || '=' || state FROM souls ORDER BY soul")).containsExactly("a=1.5", "b=2");
                assertThat(strings(s, "SELECT current_database()")).containsExactly("gunstream");
                assertThat(strings(s, "SELECT upper('ünïcode')")).containsExactly("ÜNÏCODE");
            }
        }
    }

    @Test
    void walLevelIsLogicalAndPgoutputSlotCanBeCreated() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Connection c = connect(pg); Statement s = c.createStatement()) {
            assertThat(strings(s, "SHOW wal_level")).containsExactly("logical");
            assertThat(strings(s, "SELECT slot_name FROM pg_create_logical_replication_slot('s', 'pgoutput')"))
                    .containsExactly("s");
            assertThat(strings(s, "SELECT plugin FROM pg_replication_slots WHERE slot_name = 's'")).containsExactly("pgoutput");
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "not-the-password"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void restartOnSameDataDirKeepsRowsAndReplicationSlots() throws Exception {
        final Path dataDir = tmp.resolve("pg");
        final int firstPort;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDir(dataDir).start()) {
            System.out.printf("FIGURE postgres first start, new data dir (initdb included): %d ms%n",
                    pg.startupTime().toMillis());
            firstPort = pg.port();
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id int PRIMARY KEY, v text)");
                s.execute("INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
                s.execute("CREATE PUBLICATION gun_pub FOR TABLE kept");
                s.execute("SELECT pg_create_logical_replication_slot('kept_slot', 'pgoutput')");
            }
        }
        assertThat(LoopbackPorts.isFree(firstPort)).as("port freed on close").isTrue();
        assertThat(dataDir.resolve("PG_VERSION")).as("persistent data dir survives close").exists();

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDir(dataDir).port(firstPort).start()) {
            System.out.printf("FIGURE postgres restart, existing data dir: %d ms%n", pg.startupTime().toMillis());
            assertThat(pg.port()).isEqualTo(firstPort);
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                assertThat(strings(s, "SELECT v FROM kept ORDER BY id")).containsExactly("one", "two");
                assertThat(strings(s, "SELECT slot_name FROM pg_replication_slots")).containsExactly("kept_slot");
                assertThat(strings(s, "SELECT pubname FROM pg_publication")).containsExactly("gun_pub");
            }
        }
    }

    @Test
    void serverNeverRunsAsRoot() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            final List<String> uids = Files.readAllLines(Path.of("/proc/" + pg.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("Uid:")).toList();
            assertThat(uids).hasSize(1);
            // real, effective, saved and filesystem uid
            final String[] ids = uids.get(0).substring(4).trim().split("\\s+");
            final int jvmUid = UnixIds.currentUid();
            final String expected = Integer.toString(jvmUid == 0 ? PostgresLauncher.UNPRIVILEGED_ID : jvmUid);
            assertThat(ids).containsOnly(expected);
            if (jvmUid == 0) {
                assertThat(UnixIds.uidOf(pg.dataDir())).isEqualTo(PostgresLauncher.UNPRIVILEGED_ID);
            }
        }
    }

    @Test
    void closeStopsServerFreesPortDeletesTemporaryDirAndIsIdempotent() {
        final EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        final ProcessHandle server = ProcessHandle.of(pg.pid()).orElseThrow();
        assertThat(pg.temporaryDataDir()).isTrue();
        pg.close();
        assertThat(server.isAlive()).isFalse();
        assertThat(LoopbackPorts.isFree(pg.port())).isTrue();
        assertThat(pg.dataDir()).doesNotExist();
        pg.close();
    }

    @Test
    void takenPortFailsWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LoopbackPorts.HOST))) {
            assertThatThrownBy(() -> EmbeddedPostgres.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(EmbeddedPostgresException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("in use")
                    .hasMessageContaining("choose another port");
        }
    }

    @Test
    void nonEmptyDirWithoutClusterIsRefused() throws Exception {
        final Path dir = Files.createDirectories(tmp.resolve("not-a-cluster"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDir(dir).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("not empty");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void dataDirThatIsAFileIsRefused() throws Exception {
        final Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDir(file).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void otherCredentialsOnExistingDataDirAreExplained() {
        final Path dataDir = tmp.resolve("pg");
        EmbeddedPostgres.builder().dataDir(dataDir).start().close();
        assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDir(dataDir).credentials("gunstream", "other").start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("initialised with other credentials");
    }

    @Test
    void asRootADataDirTheServerUserCannotReachIsExplained() throws Exception {
        assumeThat(UnixIds.currentUid()).as("only the root JVM runs the server as another user").isZero();
        final Path closed = Files.createDirectories(tmp.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDir(closed.resolve("pg")).start())
                .isInstanceOf(EmbeddedPostgresException.class)
                .hasMessageContaining("chmod o+x " + closed);
    }

    static Connection connect(final PostgresService pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    static List<String> strings(final Statement statement, final String query) throws SQLException {
        final List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
