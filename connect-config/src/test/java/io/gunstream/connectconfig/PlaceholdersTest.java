package io.gunstream.connectconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholdersTest {

    private static final Map<String, String> REQUIRED = Map.of("PG_PASSWORD", "pw", "LEGACY_TABLES", "public.people",
            "S3_ACCESS_KEY", "ak", "S3_SECRET_KEY", "sk", "GUN_RELAYS", "http://relay-a:8765/gun", "GUN_ROOTS", "devices");

    @Test
    void valuesWinOverDefaultsAndDefaultsFillTheRest() {
        assertThat(Placeholders.fill("jdbc:postgresql://${PG_HOST:-127.0.0.1}:${PG_PORT:-5432}/x",
                Map.of("PG_HOST", "db.internal"), "f.json")).isEqualTo("jdbc:postgresql://db.internal:5432/x");
        assertThat(Placeholders.fill("${EMPTY:-}|${A}", Map.of("A", "a"), "f.json")).isEqualTo("|a");
    }

    @Test
    void declaredListsEachPlaceholderOnceWithItsDefaultOrNoneWhenRequired() {
        assertThat(Placeholders.declared("${PG_HOST:-127.0.0.1} ${PG_PASSWORD} ${EMPTY:-} ${PG_HOST:-other} ${topic}"))
                .containsExactly(Map.entry("PG_HOST", java.util.Optional.of("127.0.0.1")),
                        Map.entry("PG_PASSWORD", java.util.Optional.empty()),
                        Map.entry("EMPTY", java.util.Optional.of("")));
    }

    @Test
    void lowerCaseTemplatesOfConnectorsAreNotPlaceholders() {
        assertThat(Placeholders.fill("gun.${table}/${topic}", Map.of(), "f.json")).isEqualTo("gun.${table}/${topic}");
    }

    @Test
    void valuesAreInsertedLiterallyEvenWithDollarsAndBackslashes() {
        assertThat(Placeholders.fill("${PG_PASSWORD}", Map.of("PG_PASSWORD", "a$1\\b${X}"), "f.json"))
                .isEqualTo("a$1\\b${X}");
    }

    @Test
    void missingPlaceholdersAreAllNamedWithTheFile() {
        assertThatThrownBy(() -> Placeholders.fill("${B} ${A:-x} ${C}", Map.of(), "conf/x.json"))
                .isInstanceOf(ConnectConfigException.class)
                .hasMessageContaining("${B}, ${C}").hasMessageContaining("conf/x.json").hasMessageNotContaining("${A}");
    }

    @Test
    void everyBundledConfigFillsWithTheRequiredValuesAndKeepsNoPlaceholder() {
        for (String file : ConnectorConfigFile.BUNDLED) {
            final ConnectorConfigFile config = ConnectorConfigFile.loadBundled(file, REQUIRED);
            assertThat(config.name()).as(file).startsWith("gunstream-");
            assertThat(config.config().values()).as(file).noneMatch(v -> !Placeholders.names(v).isEmpty());
            assertThat(config.config()).as(file).containsKey("tasks.max").doesNotContainKey("name");
        }
        final ConnectorConfigFile state = ConnectorConfigFile.loadBundled("jdbc-sink-state.json", REQUIRED);
        assertThat(state.config()).containsEntry("connection.url",
                        "jdbc:postgresql://127.0.0.1:5432/gunstream?currentSchema=gun")
                .containsEntry("connection.password", "pw")
                .containsEntry("collection.name.format", "gun.${topic}")
                .containsEntry("errors.deadletterqueue.topic.name", "gun.dlq.jdbc-sink-state");
    }

    @Test
    void theGunSinkSkipsExactlyTheRelaysTheGunSourceStamps() {
        final Map<String, String> source = ConnectorConfigFile.loadBundled("gun-source.json", REQUIRED).config();
        final Map<String, String> sink = ConnectorConfigFile.loadBundled("gun-sink.json", REQUIRED).config();
        // The source stamps origin.relay_id with the relay URL as written in gun.relays; the sink's loop prevention
        // compares with its own gun.relays. One placeholder for both keeps them equal.
        assertThat(sink.get("gun.relays")).isEqualTo(source.get("gun.relays")).isEqualTo("http://relay-a:8765/gun");
        assertThat(sink).containsEntry("gun.loop.prevention", "true")
                .containsEntry("topics", "gun.changes")
                .containsEntry("errors.deadletterqueue.topic.name", "gun.dlq.gun-sink");
        assertThat(source).containsEntry("topic", "gun.deltas").containsEntry("gun.roots", "devices");
        // Both connectors encode/decode the Confluent-framed GunDelta themselves: a Struct converter would fail the sink.
        assertThat(List.of(source, sink)).allSatisfy(config -> assertThat(config)
                .containsEntry("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter"));
    }

    @Test
    void theReadmeDocumentsEveryShippedFileAndEveryPlaceholder() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/connectors"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("files in connectors/ = ConnectorConfigFile.BUNDLED")
                    .containsExactlyInAnyOrderElementsOf(ConnectorConfigFile.BUNDLED);
        }
        final String readme = Files.readString(Path.of("README.md"));
        final String configurations = section(readme, "## The configurations", "### Production defaults");
        final String placeholders = section(readme, "### Placeholders", "## The deployer");
        for (String file : ConnectorConfigFile.BUNDLED) {
            assertThat(configurations).as("README configurations table").contains("| `" + file + "` |");
            Placeholders.declared(ConnectorConfigFile.bundledText(file)).forEach((name, defaultValue) ->
                    assertThat(placeholders).as("README placeholders table, %s of %s", name, file)
                            .contains("`" + name + "`"));
        }
    }

    private static String section(final String text, final String from, final String to) {
        final int start = text.indexOf(from);
        final int end = text.indexOf(to, start);
        assertThat(start).as(from).isNotNegative();
        assertThat(end).as(to).isGreaterThan(start);
        return text.substring(start, end);
    }

    @Test
    void aBundledConfigWithoutItsSecretNamesThePlaceholderAndTheFile() {
        final Map<String, String> values = new HashMap<>(REQUIRED);
        values.remove("PG_PASSWORD");
        assertThatThrownBy(() -> ConnectorConfigFile.loadBundled("debezium-postgres-source.json", values))
                .isInstanceOf(ConnectConfigException.class)
                .hasMessageContaining("${PG_PASSWORD}").hasMessageContaining("debezium-postgres-source.json");
    }

    @Test
    void filesAndDirectoriesExpandToJsonFilesInNameOrder(@TempDir final Path dir) throws Exception {
        Files.writeString(dir.resolve("b.json"), "{\"name\":\"b\",\"config\":{\"connector.class\":\"X\",\"n\":3}}");
        Files.writeString(dir.resolve("a.json"), "{\"name\":\"${N}\",\"config\":{\"connector.class\":\"X\"}}");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        assertThat(ConnectorDeployer.configFiles(java.util.List.of(dir)))
                .containsExactly(dir.resolve("a.json"), dir.resolve("b.json"));
        assertThat(ConnectorConfigFile.load(dir.resolve("a.json"), Map.of("N", "named")).name()).isEqualTo("named");
        assertThat(ConnectorConfigFile.load(dir.resolve("b.json"), Map.of()).config()).containsEntry("n", "3");
        assertThatThrownBy(() -> ConnectorDeployer.configFiles(java.util.List.of(dir.resolve("none.json"))))
                .isInstanceOf(ConnectConfigException.class).hasMessageContaining("none.json");
    }

    @Test
    void aFileThatIsNotAConnectorConfigIsRefusedWithItsName(@TempDir final Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"config\":{\"connector.class\":\"X\"}}");
        assertThatThrownBy(() -> ConnectorConfigFile.load(dir.resolve("bad.json"), Map.of()))
                .isInstanceOf(ConnectConfigException.class).hasMessageContaining("bad.json").hasMessageContaining("name");
        Files.writeString(dir.resolve("broken.json"), "{");
        assertThatThrownBy(() -> ConnectorConfigFile.load(dir.resolve("broken.json"), Map.of()))
                .isInstanceOf(ConnectConfigException.class).hasMessageContaining("broken.json");
    }
}
