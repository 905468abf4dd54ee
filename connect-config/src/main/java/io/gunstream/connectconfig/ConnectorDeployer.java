package io.gunstream.connectconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Deploys connector configuration files to a Kafka Connect cluster: fills placeholders, validates each config with
 * {@code PUT /connector-plugins/{class}/config/validate}, creates or updates it with {@code PUT
 * /connectors/{name}/config} (an identical stored config is left alone, so the connector is not restarted), and waits
 * until the connector and all its tasks are RUNNING. Every config is loaded and validated before the first one is
 * applied, so a bad file changes nothing. Stateless apart from its settings; safe to reuse.
 */
public final class ConnectorDeployer {

    /** The Connect REST URL used when none is given. */
    public static final String DEFAULT_CONNECT_URL = "http://127.0.0.1:8083";
    /** How long {@link #deploy} waits for RUNNING by default. */
    public static final Duration DEFAULT_RUNNING_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** How long a FAILED status may still be the one from before a restart this deployer asked for. */
    private static final Duration RESTART_GRACE = Duration.ofSeconds(10);

    private final ConnectRestClient rest;
    private final Duration runningTimeout;
    private final Consumer<String> progress;

    /**
     * @param connectUrl     base URL of the Connect REST API, e.g. http://127.0.0.1:8083
     * @param runningTimeout how long to wait for each connector to be RUNNING
     * @param progress       receives one line per step (System.out::println in the CLI)
     */
    public ConnectorDeployer(final URI connectUrl, final Duration runningTimeout, final Consumer<String> progress) {
        this.rest = new ConnectRestClient(Objects.requireNonNull(connectUrl, "connectUrl"));
        if (runningTimeout == null || runningTimeout.isNegative() || runningTimeout.isZero()) {
            throw new IllegalArgumentException("runningTimeout must be positive, got " + runningTimeout);
        }
        this.runningTimeout = runningTimeout;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Asks the worker who it is ({@code GET /}) before anything else, so an unreachable or wrong URL fails fast with
     * that URL named instead of in the middle of a deployment.
     *
     * @return e.g. {@code Kafka Connect 4.3.1 (Kafka cluster q1Xw...)}
     * @throws ConnectorDeployException the URL cannot be reached or does not answer like a Connect REST API
     */
    public String workerInfo() {
        final ConnectRestClient.Response root = rest.get("");
        if (!root.ok() || !root.body().hasNonNull("version")) {
            throw new ConnectorDeployException(rest.base() + " does not answer like a Kafka Connect REST API (GET / answered "
                    + root.status() + ": " + abbreviate(root.text()) + "); is the URL right?");
        }
        return "Kafka Connect " + root.body().path("version").asText() + " (Kafka cluster "
                + root.body().path("kafka_cluster_id").asText("?") + ")";
    }

    /**
     * Deploys the given files and every {@code *.json} file of the given directories (in name order).
     *
     * @throws ConnectConfigException       a file cannot be read or a placeholder has no value (nothing deployed)
     * @throws ConnectorValidationException Connect rejected a config (nothing deployed)
     * @throws ConnectorDeployException     a REST call failed or a connector did not reach RUNNING in time
     */
    public List<Deployment> deploy(final List<Path> filesOrDirs, final Map<String, String> values) {
        final List<ConnectorConfigFile> configs = new ArrayList<>();
        for (Path file : configFiles(filesOrDirs)) {
            configs.add(ConnectorConfigFile.load(file, values));
        }
        return deployConfigs(configs);
    }

    /** Validates all configs first, then applies them one by one and waits for each to run. */
    public List<Deployment> deployConfigs(final List<ConnectorConfigFile> configs) {
        for (ConnectorConfigFile config : configs) {
            validate(config);
        }
        final List<Deployment> deployments = new ArrayList<>();
        for (ConnectorConfigFile config : configs) {
            deployments.add(apply(config));
        }
        return deployments;
    }

    /** Validates one config with the connector plugin's own checks. */
    public void validate(final ConnectorConfigFile config) {
        progress.accept("validating " + config.name() + " (" + config.connectorClass() + ") from " + config.source());
        final Map<String, String> body = new LinkedHashMap<>(config.config());
        body.put("name", config.name());
        final ConnectRestClient.Response response = rest.put("connector-plugins/"
                + ConnectRestClient.segment(config.connectorClass()) + "/config/validate", body);
        if (!response.ok()) {
            // Connect answers 4xx/5xx when the class is unknown or the request malformed, with its message.
            throw new ConnectorValidationException(config.name(), config.source(),
                    Map.of("connector.class", List.of(message(response))));
        }
        if (response.body().path("error_count").asInt(0) == 0) {
            return;
        }
        final Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode entry : response.body().path("configs")) {
            final JsonNode value = entry.path("value");
            for (JsonNode error : value.path("errors")) {
                errors.computeIfAbsent(value.path("name").asText(""), k -> new ArrayList<>()).add(error.asText());
            }
        }
        throw new ConnectorValidationException(config.name(), config.source(), errors);
    }

    /** Creates or updates one (already validated) connector and waits until it and its tasks are RUNNING. */
    public Deployment apply(final ConnectorConfigFile config) {
        final String path = "connectors/" + ConnectRestClient.segment(config.name());
        final Map<String, String> desired = new LinkedHashMap<>(config.config());
        desired.put("name", config.name());
        final ConnectRestClient.Response current = rest.get(path + "/config");
        final Deployment.Outcome outcome;
        if (current.status() == 404) {
            outcome = Deployment.Outcome.CREATED;
        } else if (!current.ok()) {
            throw new ConnectorDeployException("GET " + path + "/config at " + rest.base() + " answered "
                    + current.status() + ": " + message(current));
        } else if (asMap(current.body()).equals(desired)) {
            outcome = Deployment.Outcome.UNCHANGED;
        } else {
            outcome = Deployment.Outcome.UPDATED;
        }
        if (outcome != Deployment.Outcome.UNCHANGED) {
            final ConnectRestClient.Response put = rest.put(path + "/config", desired);
            if (!put.ok()) {
                throw new ConnectorDeployException("PUT " + path + "/config at " + rest.base() + " answered "
                        + put.status() + " for " + config.source() + ": " + message(put));
            }
        }
        progress.accept(config.name() + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT));
        final int tasks = awaitRunning(config.name(), outcome);
        return new Deployment(config.name(), outcome, tasks);
    }

    /**
     * Polls the status until the connector and all its tasks (at least one) are RUNNING; after a change it must be
     * seen RUNNING twice in a row, because the status of the previous generation may still be on display. For the
     * same reason a FAILED state seen after an update may belong to the previous config (a worker that restarts
     * resumes its connectors with their stored configs before a deployment replaces them): the failed parts are
     * restarted once, and only a second FAILED is reported.
     */
    private int awaitRunning(final String name, final Deployment.Outcome outcome) {
        final boolean changed = outcome != Deployment.Outcome.UNCHANGED;
        final long start = System.nanoTime();
        final long deadline = start + runningTimeout.toNanos();
        final String path = "connectors/" + ConnectRestClient.segment(name) + "/status";
        String lastLine = "";
        int runningPolls = 0;
        boolean restarted = outcome != Deployment.Outcome.UPDATED;
        long restartPendingUntil = 0;
        while (true) {
            final ConnectRestClient.Response status = rest.get(path);
            if (status.ok()) {
                final JsonNode body = status.body();
                final boolean failed = hasFailed(body);
                if (failed && !restarted) {
                    progress.accept(name + ": FAILED, as it ran under its previous config; restarting it with the new one");
                    final ConnectRestClient.Response restart = rest.post("connectors/" + ConnectRestClient.segment(name)
                            + "/restart?includeTasks=true&onlyFailed=true");
                    if (!restart.ok()) {
                        throw new ConnectorDeployException("POST restart of " + name + " at " + rest.base()
                                + " answered " + restart.status() + ": " + message(restart));
                    }
                    restarted = true;
                    // the old FAILED may show until the worker has recorded the restart
                    restartPendingUntil = System.nanoTime() + RESTART_GRACE.toNanos();
                    runningPolls = 0;
                    pause(name);
                    continue;
                }
                if (failed && System.nanoTime() < restartPendingUntil) {
                    pause(name);
                    continue;
                }
                restartPendingUntil = failed ? restartPendingUntil : 0;
                final String connectorState = body.at("/connector/state").asText("UNASSIGNED");
                if ("FAILED".equals(connectorState)) {
                    throw new ConnectorDeployException("connector " + name + " FAILED: "
                            + body.at("/connector/trace").asText("(no trace)"));
                }
                int running = 0;
                final List<String> taskStates = new ArrayList<>();
                for (JsonNode task : body.path("tasks")) {
                    final String state = task.path("state").asText();
                    if ("FAILED".equals(state)) {
                        throw new ConnectorDeployException("connector " + name + " task " + task.path("id").asInt()
                                + " FAILED on " + task.path("worker_id").asText() + ": "
                                + task.path("trace").asText("(no trace)"));
                    }
                    running += "RUNNING".equals(state) ? 1 : 0;
                    taskStates.add(state);
                }
                final String line = name + ": connector " + connectorState + ", tasks " + running + "/"
                        + taskStates.size() + " RUNNING";
                if (!line.equals(lastLine)) {
                    progress.accept(line);
                    lastLine = line;
                }
                final boolean allRunning = "RUNNING".equals(connectorState) && !taskStates.isEmpty()
                        && running == taskStates.size();
                runningPolls = allRunning ? runningPolls + 1 : 0;
                if (runningPolls >= (changed ? 2 : 1)) {
                    progress.accept(name + " RUNNING (" + running + " task" + (running == 1 ? "" : "s") + ") after "
                            + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
                    return running;
                }
            } else if (status.status() != 404) {
                throw new ConnectorDeployException("GET " + path + " at " + rest.base() + " answered "
                        + status.status() + ": " + message(status));
            }
            if (System.nanoTime() > deadline) {
                throw new ConnectorDeployException("connector " + name + " not RUNNING after "
                        + runningTimeout.toSeconds() + " s (last status: " + (lastLine.isEmpty() ? "none" : lastLine)
                        + "); see the worker log, or raise the timeout");
            }
            pause(name);
        }
    }

    private static void pause(final String name) {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorDeployException("interrupted while waiting for " + name + " to run", e);
        }
    }

    private static boolean hasFailed(final JsonNode status) {
        if ("FAILED".equals(status.at("/connector/state").asText())) {
            return true;
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Files as given, directories expanded to their {@code *.json} files in name order. */
    public static List<Path> configFiles(final List<Path> filesOrDirs) {
        final List<Path> files = new ArrayList<>();
        for (Path path : filesOrDirs) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> list = Files.list(path)) {
                    list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new ConnectConfigException("cannot list connector configs in " + path + ": " + e, e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new ConnectConfigException("connector config " + path + " does not exist");
            }
        }
        return files;
    }

    private static Map<String, String> asMap(final JsonNode node) {
        final Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static String abbreviate(final String text) {
        final String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private static String message(final ConnectRestClient.Response response) {
        final String message = response.body().path("message").asText("");
        return message.isEmpty() ? "HTTP " + response.status() + " " + response.text() : message;
    }
}
