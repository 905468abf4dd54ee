package io.gunstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.cli.up.ReadyLine;
import io.gunstream.cli.up.UpPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GunstreamCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            final int exit = GunstreamCommand.run(args);
            return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void readyLineIsExactlyTheDesignContract() {
        assertThat(new ReadyLine(8765, 8080, 9092, 8083, 5432, 9000, "gunstream").toString()).isEqualTo(
                "READY relay=ws://127.0.0.1:8765/gun query=http://127.0.0.1:8080 kafka=127.0.0.1:9092 "
                        + "connect=http://127.0.0.1:8083 postgres=jdbc:postgresql://127.0.0.1:5432/gunstream s3=http://127.0.0.1:9000");
    }

    @Test
    void upHelpShowsTheContractFlagsWithTheirDefaults() {
        final Run help = run("up", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--data-dir=DIR", "default ./data", "--ephemeral", "--relay-port=PORT", "default 8765",
                "--query-port=PORT", "default 8080", "--kafka-port=PORT", "default 9092", "--connect-port=PORT", "default 8083",
                "--pg-port=PORT", "default 5432", "--s3-port=PORT", "default 9000");
    }

    @Test
    void serviceHelpListsEverySettingWithItsDefaultFromTheConfigDefs() {
        final Run streams = run("streams", "--help");
        assertThat(streams.exit()).isZero();
        assertThat(streams.out()).contains("application.id = gunstream-streams", "bootstrap.servers = (required)",
                "soul.rules = devices/*/entropy/** -> entropy, logs/** -> log, ** -> realtime", "query.port = 8080", "streams.*");
        final Run relay = run("relay", "--help");
        assertThat(relay.exit()).isZero();
        assertThat(relay.out()).contains("relay.port = 8765", "relay.path = /gun", "ack.timeout.ms = 10000", "producer.*");
    }

    @Test
    void queryNeedsASoulOrAPrefixAndNamesAnUnreachableApi() throws IOException {
        assertThat(run("query").exit()).isEqualTo(2);
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final Run unreachable = run("query", "devices/d1", "--url", "http://127.0.0.1:" + port);
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err().strip()).startsWith("gunstream query: the query API at http://127.0.0.1:" + port)
                .contains("--url").doesNotContain("\n");
    }

    @Test
    void connectDeployHelpListsItsSettingsAndEveryPlaceholderOfTheBundledFilesWithDefaults() {
        final Run help = run("connect", "deploy", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--connect-url=URL", "--config=FILE", "-D=KEY=VALUE", "[CONNECTOR...]",
                "connect.url = http://127.0.0.1:8083",
                "connectors = jdbc-sink-state,jdbc-sink-entropy-stats,jdbc-sink-logs,storj-sink-entropy,storj-sink-logs",
                "running.timeout.ms = 120000",
                // generated from connect-config's files: required ones, defaults, secrets typed as passwords
                "PG_PASSWORD = (required)   (password)", "PG_HOST = 127.0.0.1", "LEGACY_TABLES = (required)",
                "S3_ENDPOINT = https://gateway.storjshare.io", "S3_SECRET_KEY = (required)   (password)",
                "STATE_COLUMN_TYPES = \"\"", "Used by debezium-postgres-source, jdbc-sink-state,", "Fills the ${NAME} placeholders",
                "Exit codes:");
        assertThat(run("connect").exit()).as("connect without a subcommand").isEqualTo(2);
    }

    @Test
    void connectDeployChecksItsInputsBeforeItTalksToConnect() {
        final Run unknown = run("connect", "deploy", "no-such-sink");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err().strip()).startsWith("gunstream connect deploy: connector no-such-sink is neither")
                .contains("jdbc-sink-state, jdbc-sink-entropy-stats").doesNotContain("\n");

        final Run missing = run("connect", "deploy", "jdbc-sink-logs", "-D", "PG_PASWORD=typo");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("ignoring PG_PASWORD: not a setting, and no connector config has such a placeholder");
        assertThat(missing.err().strip()).startsWith("gunstream connect deploy: no value for placeholder ${PG_PASSWORD}")
                .contains("jdbc-sink-logs.json").doesNotContain("\n");

        final Run badSetting = run("connect", "deploy", "-D", "running.timeout.ms=0");
        assertThat(badSetting.exit()).isEqualTo(1);
        assertThat(badSetting.err()).contains("bad setting", "running.timeout.ms");
    }

    @Test
    void connectDeployNamesAnUnreachableConnectAndTheFlagWinsOverTheFileAndMinusD(@TempDir final Path dir) throws IOException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final Path file = Files.writeString(dir.resolve("deploy.properties"),
                "connect.url=http://127.0.0.1:1\nPG_PASSWORD=from-file\n");
        final Run run = run("connect", "deploy", "--config", file.toString(), "-D", "connect.url=http://127.0.0.1:2",
                "--connect-url", "http://127.0.0.1:" + port, "jdbc-sink-state");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("gunstream connect deploy: Kafka Connect at http://127.0.0.1:" + port
                + " cannot be reached").contains("--connect-url").doesNotContain("\n");
    }

    @Test
    void aTakenPortIsNamedByItsFlagBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final int port = taken.getLocalPort();
            assertThatThrownBy(() -> new UpPorts(0, 0, 0, 0, port, 0).requireFree()).isInstanceOf(CliException.class)
                    .hasMessageStartingWith("port " + port + " (--pg-port) is in use").hasMessageContaining("--pg-port ");
        }
        assertThatThrownBy(() -> new UpPorts(9000, 0, 0, 0, 0, 9000)).hasMessageContaining("--relay-port and --s3-port");
        assertThatThrownBy(() -> new UpPorts(70000, 0, 0, 0, 0, 0)).hasMessageContaining("--relay-port");
    }
}
