package io.gunstream.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeTest {

    private static final Path README = Path.of("README.md");

    @Test
    void everySettingsTableIsTheGeneratedOne() throws IOException {
        final String readme = Files.readString(README, StandardCharsets.UTF_8);
        ConfigDocs.components().forEach((name, def) -> {
            assertThat(readme).as("README section for " + name + "; regenerate with ConfigDocs.main")
                    .contains(ConfigDocs.section(name, def));
            def.names().forEach(key -> assertThat(readme).as(name).contains("| `" + key + "` |"));
        });
    }

    @Test
    void manifestListsExactlyTheServiceLoaderEntries() throws Exception {
        final JsonNode manifest = new ObjectMapper().readTree(Path.of("src/main/plugin/manifest.json").toFile());
        final List<String> listed = new ArrayList<>();
        manifest.get("components").forEach(c -> listed.add(c.get("class").asText()));
        final List<String> services = new ArrayList<>();
        for (String service : List.of("org.apache.kafka.connect.sink.SinkConnector",
                "org.apache.kafka.connect.source.SourceConnector", "org.apache.kafka.connect.transforms.Transformation",
                "org.apache.kafka.connect.storage.Converter")) {
            final Path file = Path.of("src/main/resources/META-INF/services", service);
            if (Files.exists(file)) {
                Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty()).forEach(services::add);
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(services);
        for (String className : services) {
            assertThat(Class.forName(className, false, getClass().getClassLoader())).isNotNull();
        }
    }
}
