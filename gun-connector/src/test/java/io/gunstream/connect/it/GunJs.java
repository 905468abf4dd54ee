package io.gunstream.connect.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real gun.js from the pinned {@code gun-js/} folder, driven through the node scripts in {@code src/test/resources/gun}:
 * a relay ({@link Relay}, a child process) and short-lived clients that write ({@link #write}) or read ({@link #read}).
 */
final class GunJs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GunJs() {
    }

    /** A gun.js relay, {@code Gun({web, multicast:false})}, storage as named in relay.js; {@link #close()} stops it. */
    static final class Relay implements AutoCloseable {
        private final Process process;
        private final int port;

        private Relay(final Process process, final int port) {
            this.process = process;
            this.port = port;
        }

        /** The address as gun.js users write it. */
        String url() {
            return "http://127.0.0.1:" + port + "/gun";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Relay startRelay(final String storage) throws IOException {
        return startRelay(storage, null);
    }

    /** A relay whose radisk files (storage radisk) go to {@code dataDir}. */
    static Relay startRelay(final String storage, final Path dataDir) throws IOException {
        final List<String> args = new ArrayList<>(List.of("relay.js", "--storage", storage));
        if (dataDir != null) {
            args.addAll(List.of("--file", dataDir.toAbsolutePath().toString()));
        }
        final Process process = node(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String line = out.readLine();
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("gun.js relay did not start (first line: " + line + "); is node on the PATH and "
                    + "gun-js/node_modules installed (npm ci)?");
        }
        final Relay relay = new Relay(process, Integer.parseInt(line.substring(6).trim()));
        System.out.println("gun.js relay ready at " + relay.url() + " (storage " + storage + ")");
        return relay;
    }

    /** Runs {@code gun.get(soul).put(data)} for each pair in a fresh gun.js client; returns its output line. */
    static String write(final Relay relay, final Object putsAsJsonArray) throws IOException, InterruptedException {
        return run(List.of("write.js", relay.url(), JSON.writeValueAsString(putsAsJsonArray)));
    }

    /** Reads {@code souls} with a fresh gun.js client: {soul: gun node (with "_" meta) or null}. */
    static JsonNode read(final Relay relay, final String... souls) throws IOException, InterruptedException {
        final List<String> args = new ArrayList<>(List.of("read.js", relay.url()));
        args.addAll(List.of(souls));
        return JSON.readTree(run(args));
    }

    private static String run(final List<String> args) throws IOException, InterruptedException {
        final Process process = node(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("gun.js client " + args + " did not finish");
        }
        return out;
    }

    private static ProcessBuilder node(final List<String> args) throws IOException {
        final Path scripts;
        try {
            scripts = Path.of(GunJs.class.getResource("/gun/relay.js").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        final Path modules = Path.of(System.getProperty("gunstream.gunjs.dir", "../gun-js")).resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("gun"))) {
            throw new IOException("gun.js is not installed in " + modules + ": run npm ci in gun-js/");
        }
        final List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        final ProcessBuilder builder = new ProcessBuilder(command).directory(scripts.toFile());
        builder.environment().put("NODE_PATH", modules.toAbsolutePath().toString());
        return builder;
    }
}
