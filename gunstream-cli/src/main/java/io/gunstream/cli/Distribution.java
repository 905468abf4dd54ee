package io.gunstream.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the running distribution lives: {@code bin/gunstream} passes {@code -Dgunstream.home}; otherwise the
 * directory above the {@code lib/} holding this class's jar. {@code plugins/} is the Connect {@code plugin.path}.
 */
public record Distribution(Path home) {

    /** The Connect plugin folder of gun-connector inside {@code plugins/}. */
    public static final String CONNECTOR_PLUGIN = "gunstream-connector";

    public Distribution {
        if (home == null) {
            throw new IllegalArgumentException("home must not be null");
        }
    }

    /** The distribution this JVM runs from. */
    public static Distribution current() {
        final String property = System.getProperty("gunstream.home");
        if (property != null && !property.isBlank()) {
            return new Distribution(Path.of(property).toAbsolutePath().normalize());
        }
        try {
            final Path codeSource = Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // .../lib/gunstream-x.jar → ...; .../target/classes → .../target/gunstream-dist
            final Path parent = codeSource.getParent();
            return new Distribution(Files.isRegularFile(codeSource) && parent != null && parent.getParent() != null
                    ? parent.getParent() : parent.resolve("gunstream-dist"));
        } catch (URISyntaxException | RuntimeException e) {
            return new Distribution(Path.of(".").toAbsolutePath().normalize());
        }
    }

    /** The directory of Connect plugins, checked to hold our connector. */
    public Path pluginPath() {
        final Path plugins = home.resolve("plugins");
        if (!Files.isDirectory(plugins.resolve(CONNECTOR_PLUGIN))) {
            throw new CliException("the Kafka Connect plugins are missing (no " + plugins.resolve(CONNECTOR_PLUGIN)
                    + "); build the distribution with ./gunstream (repository root) or "
                    + "mvn -B -DskipTests package -pl gunstream -am");
        }
        return plugins;
    }
}
