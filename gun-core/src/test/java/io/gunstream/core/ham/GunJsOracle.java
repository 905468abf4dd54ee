package io.gunstream.core.ham;

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
 * A long-running {@code node gun-js/ham-oracle.js} process: real gun@0.2020.1241 merging delta sequences, one JSON
 * line in and one out per case. Missing node or a missing gun install fails loudly (never skips): the
 * differential test is the proof that HamMerge equals gun.js.
 */
final class GunJsOracle implements AutoCloseable {

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private GunJsOracle(final Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
    }

    static GunJsOracle start() {
        final Path dir = gunJsDir();
        final Path script = dir.resolve("ham-oracle.js");
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("gun.js oracle script not found: " + script + " (set -Dgunstream.gunjs.dir)");
        }
        if (!Files.isRegularFile(dir.resolve("node_modules/gun/package.json"))) {
            throw new AssertionError("gun.js is not installed in " + dir + ": run `npm ci` there (mvn verify does it"
                    + " when node_modules is missing)");
        }
        requireNode();
        try {
            final Process p = new ProcessBuilder("node", script.toString())
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new GunJsOracle(p);
        } catch (IOException e) {
            throw new AssertionError("cannot start node " + script + ": " + e.getMessage(), e);
        }
    }

    /** Sends every case line, then reads one result line per case (writing on another thread so pipes never fill up). */
    List<String> run(final List<String> caseLines) {
        final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (final String line : caseLines) {
                    in.write(line);
                    in.write('\n');
                }
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing to gun.js oracle failed", e);
            }
        });
        final List<String> results = new ArrayList<>(caseLines.size());
        try {
            for (int i = 0; i < caseLines.size(); i++) {
                final String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("gun.js oracle exited after " + i + " of " + caseLines.size()
                            + " cases (see its stderr above); exit " + exitCode());
                }
                results.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading from gun.js oracle failed", e);
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
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static void requireNode() {
        final String version;
        try {
            final Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("node not found on PATH: install Node.js 18+ (e.g. `apt-get install nodejs npm`)"
                    + " — the differential HAM test runs real gun.js and is never skipped", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking node", e);
        }
        final int major = version.startsWith("v") ? Integer.parseInt(version.substring(1, version.indexOf('.'))) : 0;
        if (major < 18) {
            throw new AssertionError("node " + version + " is too old: install Node.js 18+");
        }
    }

    private static Path gunJsDir() {
        final String configured = System.getProperty("gunstream.gunjs.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // IDE runs without the surefire property: look upwards for the repository's gun-js folder
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("gun-js/ham-oracle.js"))) {
                return p.resolve("gun-js");
            }
        }
        throw new AssertionError("gun-js folder not found: set -Dgunstream.gunjs.dir=<repo>/gun-js");
    }
}
