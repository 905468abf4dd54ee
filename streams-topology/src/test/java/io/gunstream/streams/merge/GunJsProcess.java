package io.gunstream.streams.merge;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * gun-core's {@code gun-js/ham-oracle.js} (real gun.js, pinned) as a child process: one JSON case per line in, one
 * final graph per line out. Fails loudly when node or the gun.js install is missing: the differential test is
 * never skipped.
 */
final class GunJsProcess implements AutoCloseable {

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private GunJsProcess(final Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
    }

    static GunJsProcess start() {
        final String configured = System.getProperty("gunstream.gunjs.dir");
        final Path dir = configured == null ? Path.of("..", "gun-js").toAbsolutePath().normalize() : Path.of(configured);
        final Path script = dir.resolve("ham-oracle.js");
        if (!Files.isRegularFile(script) || !Files.isRegularFile(dir.resolve("node_modules/gun/package.json"))) {
            throw new AssertionError("gun.js oracle not ready in " + dir + ": run `npm ci` there (gun-core's build does"
                    + " it) or set -Dgunstream.gunjs.dir");
        }
        try {
            return new GunJsProcess(new ProcessBuilder("node", script.toString()).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (final IOException e) {
            throw new AssertionError("cannot start `node " + script + "` (is Node.js 18+ on PATH?): " + e.getMessage(), e);
        }
    }

    List<String> run(final List<String> cases) {
        final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (final String line : cases) {
                    in.write(line);
                    in.write('\n');
                }
                in.flush();
            } catch (final IOException e) {
                throw new UncheckedIOException("writing to the gun.js oracle failed", e);
            }
        });
        final List<String> results = new ArrayList<>(cases.size());
        try {
            for (int i = 0; i < cases.size(); i++) {
                final String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("gun.js oracle exited after " + i + " of " + cases.size() + " cases");
                }
                results.add(line);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("reading from the gun.js oracle failed", e);
        }
        writer.join();
        return results;
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final IOException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
