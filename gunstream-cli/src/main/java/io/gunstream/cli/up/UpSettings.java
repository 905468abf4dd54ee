package io.gunstream.cli.up;

import io.gunstream.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code gunstream up} was asked for: the data dir root (for {@code --ephemeral} a temporary one, deleted on
 * exit), the ports and the Connect plugin path. Layout under the root: {@code kafka/ postgres/ s3/} (the embedded
 * stack's), {@code streams/} (state stores), {@code relay/} (remembered subscriptions), {@code logs/}.
 */
public record UpSettings(Path root, boolean ephemeral, UpPorts ports, Path pluginPath) {

    public UpSettings {
        if (root == null || ports == null || pluginPath == null) {
            throw new IllegalArgumentException("root, ports and pluginPath are required");
        }
    }

    void createDir(final Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException("cannot create " + dir + ": " + e.getMessage() + " (choose another --data-dir)", e);
        }
    }
}
