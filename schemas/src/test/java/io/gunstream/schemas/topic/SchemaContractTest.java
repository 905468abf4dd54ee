package io.gunstream.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** Rules that keep the topic contracts evolvable and documented. */
class SchemaContractTest {

    private static final String[] ORDER = {"GunLink", "GunValue", "GunField", "SourceKind", "Origin", "GunDelta"};

    /** Parses every .avsc of {@code dir}, dependencies first, keyed by full name. */
    private static Map<String, Schema> parse(final Path dir) throws IOException {
        final Schema.Parser parser = new Schema.Parser();
        final List<Path> files = new ArrayList<>();
        for (final String first : ORDER) {
            files.add(dir.resolve(first + ".avsc"));
        }
        try (Stream<Path> all = Files.list(dir)) {
            all.filter(p -> p.toString().endsWith(".avsc")).sorted().filter(p -> !files.contains(p)).forEach(files::add);
        }
        final Map<String, Schema> out = new TreeMap<>();
        for (final Path file : files) {
            final Schema schema = parser.parse(Files.readString(file));
            out.put(schema.getFullName(), schema);
        }
        return out;
    }

    @Test
    void everyTopicHasAGeneratedValueClassMatchingItsAvsc() throws IOException {
        final Map<String, Schema> current = parse(Path.of("src/main/avro"));
        assertThat(GunTopics.ALL).extracting(GunTopics.TopicDefaults::name).doesNotHaveDuplicates()
                .containsExactly("gun.deltas", "gun.changes", "gun.nodes", "gun.entropy", "gun.logs", "gun.rejects",
                        "gun.relays", "gun.entropy.stats.1m");
        for (final GunTopics.TopicDefaults topic : GunTopics.ALL) {
            // Parsing form: the generated copy carries avro.java.string properties the .avsc does not.
            final Schema generated = SpecificData.get().getSchema(topic.valueClass());
            assertThat(SchemaNormalization.toParsingForm(generated)).as(topic.name())
                    .isEqualTo(SchemaNormalization.toParsingForm(current.get(topic.valueClass().getName())));
        }
        assertThat(GunTopics.defaults("gun.nodes")).get().extracting(GunTopics.TopicDefaults::cleanup)
                .isEqualTo(GunTopics.Cleanup.COMPACT);
        assertThat(GunTopics.defaults(GunTopics.DELTAS)).get().extracting(GunTopics.TopicDefaults::valueClass)
                .isEqualTo(GunDelta.class);
    }

    @Test
    void everyOptionalFieldHasADefault() throws IOException {
        final List<String> missing = new ArrayList<>();
        for (final Schema schema : parse(Path.of("src/main/avro")).values()) {
            if (schema.getType() != Schema.Type.RECORD) {
                continue;
            }
            for (final Schema.Field field : schema.getFields()) {
                final boolean optional = field.schema().getType() == Schema.Type.UNION
                        && field.schema().getTypes().get(0).getType() == Schema.Type.NULL;
                // GunValue.value: null there is a Gun value (a delete), and the field is required.
                final boolean gunValue = "GunValue".equals(schema.getName());
                if (optional && !gunValue && !field.hasDefaultValue()) {
                    missing.add(schema.getName() + "." + field.name());
                }
            }
        }
        assertThat(missing).as("optional fields need \"default\": null so they can be added and removed compatibly").isEmpty();
    }

    /**
     * The committed baseline is what has been released; today's schemas must read data written with it
     * (BACKWARD). When a compatible change is made on purpose, copy src/main/avro over the baseline.
     */
    @Test
    void currentSchemasReadDataWrittenWithTheBaseline() throws IOException {
        final Map<String, Schema> baseline = parse(Path.of("src/test/resources/schema-baseline"));
        final Map<String, Schema> current = parse(Path.of("src/main/avro"));
        assertThat(current.keySet()).containsAll(baseline.keySet());
        final List<String> broken = new ArrayList<>();
        baseline.forEach((name, old) -> {
            final SchemaCompatibility.SchemaPairCompatibility pair =
                    SchemaCompatibility.checkReaderWriterCompatibility(current.get(name), old);
            if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                broken.add(name + ": " + pair.getResult().getIncompatibilities());
            }
        });
        assertThat(broken).isEmpty();
    }

    @Test
    void readmeDocumentsEverySettingWithTheGeneratedTable() throws IOException {
        final String readme = Files.readString(Path.of("README.md"));
        final String table = GunAvroSerdeConfig.markdownTable();
        assertThat(readme).as("README.md settings table is out of date; regenerate it with "
                + "GunAvroSerdeConfig.main and paste between the markers:%n%s", table).contains(table);
        final HashSet<String> names = new HashSet<>(GunAvroSerdeConfig.CONFIG.names());
        names.forEach(name -> assertThat(readme).contains("`" + name + "`"));
        GunTopics.ALL.forEach(topic -> assertThat(readme).contains("`" + topic.name() + "`"));
    }
}
