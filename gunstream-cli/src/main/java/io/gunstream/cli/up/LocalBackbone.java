package io.gunstream.cli.up;

import io.gunstream.cli.CliException;
import io.gunstream.cli.Progress;
import io.gunstream.cli.StopSignal;
import io.gunstream.connectconfig.Deployment;
import io.gunstream.relay.server.GunRelay;
import io.gunstream.stack.EmbeddedStack;
import io.gunstream.stack.EmbeddedStackException;
import io.gunstream.stack.StackComponent;
import io.gunstream.streams.app.GunStreamsApp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code gunstream up} runs, in one JVM: the embedded stack (Kafka broker, schema registry, PostgreSQL,
 * S3 endpoint, Connect worker with our plugin and Debezium's), the streams app with its query API, a relay, and the
 * connectors deployed into the worker.
 *
 * <p>Lifecycle: {@link #start} brings the parts up in dependency order, printing one progress line each, and checks
 * for a stop request between parts; if a part fails or a stop is requested, the parts already up are stopped again
 * in reverse order before it throws. {@link #close()} stops everything in reverse order (relay, streams app, stack)
 * and is idempotent.
 */
public final class LocalBackbone implements AutoCloseable {

    /** Thrown by {@link #start} when SIGINT/SIGTERM arrived while starting; what had started is stopped. */
    public static final class StartAborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartAborted(final String signal) {
            super("start-up aborted by " + signal);
        }
    }

    private final Progress progress;
    private final Deque<Part> parts = new ArrayDeque<>();
    private ReadyLine ready;

    private record Part(String name, AutoCloseable service) {
    }

    private LocalBackbone(final Progress progress) {
        this.progress = progress;
    }

    /** Starts every part; see the class comment. */
    public static LocalBackbone start(final UpSettings settings, final Progress progress, final StopSignal stop) {
        final LocalBackbone backbone = new LocalBackbone(progress);
        try {
            backbone.startAll(settings, stop);
            return backbone;
        } catch (RuntimeException | Error e) {
            backbone.close();
            throw e;
        }
    }

    private void startAll(final UpSettings settings, final StopSignal stop) {
        final UpPorts ports = settings.ports();
        progress.step("starting the embedded stack: Kafka broker, schema registry, PostgreSQL, S3 endpoint, Kafka Connect"
                + " (plugins " + settings.pluginPath() + ")");
        final long stackBegin = System.nanoTime();
        final EmbeddedStack stack = startStack(settings);
        parts.push(new Part("embedded stack", stack));
        progress.step("embedded stack up in " + millisSince(stackBegin) + " ms: kafka=" + stack.kafka().bootstrapServers()
                + " registry=" + stack.schemaRegistry().url() + " postgres=" + stack.postgres().jdbcUrl()
                + " s3=" + stack.s3().endpoint() + " connect=" + stack.connect().restUrl());
        checkStop(stop);

        progress.step("starting the streams app (HAM merge, entropy/log split, query API on port " + ports.query() + ")");
        final long streamsBegin = System.nanoTime();
        final Map<String, Object> streamsSettings = new HashMap<>();
        streamsSettings.put("bootstrap.servers", stack.kafka().bootstrapServers());
        streamsSettings.put("schema.registry.url", stack.schemaRegistry().url().toString());
        streamsSettings.put("state.dir", settings.root().resolve("streams").toString());
        // one instance: a standby would have nowhere to live
        streamsSettings.put("num.standby.replicas", 0);
        // Static membership: Streams does not leave its consumer group on close, so a restarted instance with a new
        // member id waited for the old one's session to expire (~30 s on a quick restart); a stable instance id takes
        // the old member's place at once.
        streamsSettings.put("streams.main.consumer.group.instance.id", "gunstream-up");
        streamsSettings.put("query.listen.host", ReadyLine.HOST);
        streamsSettings.put("query.port", ports.query());
        final GunStreamsApp streams;
        try {
            streams = GunStreamsApp.start(streamsSettings, Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            throw new CliException("the streams app did not start: " + rootMessage(e) + " [query API port: --query-port "
                    + ports.query() + "; state in " + settings.root().resolve("streams") + "]", e);
        }
        parts.push(new Part("streams app", streams));
        progress.step("streams app RUNNING in " + millisSince(streamsBegin) + " ms, query API " + streams.queryUrl());
        checkStop(stop);

        progress.step("starting the relay on port " + ports.relay());
        final long relayBegin = System.nanoTime();
        final Map<String, Object> relaySettings = new HashMap<>();
        relaySettings.put("bootstrap.servers", stack.kafka().bootstrapServers());
        relaySettings.put("schema.registry.url", stack.schemaRegistry().url().toString());
        relaySettings.put("relay.host", ReadyLine.HOST);
        relaySettings.put("relay.port", ports.relay());
        // a stable id: origins written before a restart still name this relay
        relaySettings.put("relay.id", "gunstream-up");
        relaySettings.put("query.url", streams.queryUrl().toString());
        relaySettings.put("subscriptions.file", settings.root().resolve("relay").resolve("subscriptions.json").toString());
        final GunRelay relay;
        try {
            settings.createDir(settings.root().resolve("relay"));
            relay = GunRelay.start(relaySettings);
        } catch (RuntimeException e) {
            throw new CliException("the relay did not start: " + rootMessage(e) + " [relay port: --relay-port "
                    + ports.relay() + "]", e);
        }
        parts.push(new Part("relay", relay));
        progress.step("relay up in " + millisSince(relayBegin) + " ms at " + relay.url());
        checkStop(stop);

        final URI connect = stack.connect().restUrl();
        progress.step("deploying connectors: " + String.join(", ", LocalConnectors.FILES));
        final long connectorsBegin = System.nanoTime();
        final List<Deployment> deployed = LocalConnectors.deploy(stack, progress);
        progress.step("connectors RUNNING in " + millisSince(connectorsBegin) + " ms: " + deployed.stream()
                .map(d -> d.name() + " (" + d.outcome().name().toLowerCase(java.util.Locale.ROOT) + ")")
                .collect(java.util.stream.Collectors.joining(", ")));

        ready = new ReadyLine(relay.url().getPort(), streams.queryUrl().getPort(), port(stack.kafka().bootstrapServers()),
                connect.getPort(), stack.postgres().port(), stack.s3().endpoint().getPort(), stack.postgres().database());
    }

    private EmbeddedStack startStack(final UpSettings settings) {
        final UpPorts ports = settings.ports();
        final EmbeddedStack.Builder builder = EmbeddedStack.builder()
                .dataDir(settings.root())
                .kafkaPort(ports.kafka()).connectPort(ports.connect()).pgPort(ports.pg()).s3Port(ports.s3())
                .connectPluginPath(settings.pluginPath())
                // the command stops the parts itself, in order (relay and streams before the broker)
                .shutdownHook(false);
        if (settings.ephemeral()) {
            builder.pgSetting("fsync", "off");
        }
        try {
            return builder.start();
        } catch (EmbeddedStackException e) {
            final String flag = e.component().map(UpPorts::flagOf).orElse(null);
            final String what = e.component().map(StackComponent::displayName).orElse("the data dir");
            throw new CliException(what + " did not start: " + rootMessage(e) + " ["
                    + (flag == null ? "" : "port: " + flag + "; ") + "data dir " + settings.root() + "]", e);
        }
    }

    /** The line to print once everything is up. */
    public ReadyLine ready() {
        if (ready == null) {
            throw new IllegalStateException("not started");
        }
        return ready;
    }

    private void checkStop(final StopSignal stop) {
        if (stop.requested()) {
            throw new StartAborted(stop.name());
        }
    }

    @Override
    public void close() {
        while (!parts.isEmpty()) {
            final Part part = parts.pop();
            final long begin = System.nanoTime();
            try {
                part.service().close();
                progress.step("stopped " + part.name() + " in " + millisSince(begin) + " ms");
            } catch (Exception e) {
                progress.step("stopping " + part.name() + " failed: " + rootMessage(e));
            }
        }
    }

    private static int port(final String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1).split(",")[0]);
    }

    private static long millisSince(final long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** The innermost message that says something; services wrap their causes with context already. */
    static String rootMessage(final Throwable e) {
        if (e instanceof EmbeddedStackException && e.getCause() != null && e.getCause().getMessage() != null) {
            return e.getCause().getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
