package io.gunstream.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Deploys connectors to a Kafka Connect worker over its REST API: {@code PUT /connectors/{name}/config} (creates or
 * updates, so running it on every start is idempotent), then waits until the connector and all its tasks are RUNNING.
 * Thread-safe; holds no resources.
 */
public final class ConnectorDeployer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI connect;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public ConnectorDeployer(final URI connect) {
        this.connect = URI.create(connect.toString().replaceAll("/+$", ""));
    }

    /**
     * Creates or updates connector {@code name} and waits up to {@code timeout} for it to run.
     *
     * @throws CliException naming the connector and the worker when Connect refuses the config or a task fails
     */
    public void deploy(final String name, final Map<String, String> config, final Duration timeout) {
        final URI uri = URI.create(connect + "/connectors/" + encode(name) + "/config");
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json(config))).build());
            if (response.statusCode() == 200 || response.statusCode() == 201) {
                break;
            }
            // 409: the worker is rebalancing (e.g. right after start); Connect asks to retry
            if (response.statusCode() != 409 || System.nanoTime() > deadline) {
                throw new CliException("Kafka Connect at " + connect + " refused connector " + name + " (HTTP "
                        + response.statusCode() + "): " + message(response.body()));
            }
            pause();
        }
        awaitRunning(name, deadline);
    }

    /** The connector's and its tasks' states, e.g. {@code RUNNING [RUNNING]}; empty when unknown. */
    public String state(final String name) {
        final HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(connect + "/connectors/" + encode(name) + "/status")).timeout(Duration.ofSeconds(10)).GET().build());
        if (response.statusCode() != 200) {
            return "";
        }
        final JsonNode status = parse(response.body());
        final StringBuilder out = new StringBuilder(status.path("connector").path("state").asText());
        out.append(" [");
        status.path("tasks").forEach(t -> out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append(t.path("state").asText()));
        return out.append(']').toString();
    }

    private void awaitRunning(final String name, final long deadline) {
        final URI uri = URI.create(connect + "/connectors/" + encode(name) + "/status");
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            final HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
            if (response.statusCode() == 200) {
                final JsonNode status = parse(response.body());
                final String connectorState = status.path("connector").path("state").asText();
                final JsonNode tasks = status.path("tasks");
                for (final JsonNode task : tasks) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        throw new CliException("connector " + name + " task " + task.path("id").asText() + " FAILED on "
                                + connect + ": " + firstLine(task.path("trace").asText()));
                    }
                }
                if ("FAILED".equals(connectorState)) {
                    throw new CliException("connector " + name + " FAILED on " + connect + ": "
                            + firstLine(status.path("connector").path("trace").asText()));
                }
                boolean allRunning = "RUNNING".equals(connectorState) && tasks.size() > 0;
                for (final JsonNode task : tasks) {
                    allRunning &= "RUNNING".equals(task.path("state").asText());
                }
                if (allRunning) {
                    return;
                }
                last = status.toString();
            }
            pause();
        }
        throw new CliException("connector " + name + " did not reach RUNNING on " + connect + " in time (last status "
                + last + "); see the log file");
    }

    private HttpResponse<String> send(final HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException("Kafka Connect at " + connect + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while talking to Kafka Connect at " + connect, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while deploying connectors", e);
        }
    }

    private static String json(final Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException("connector config is not serialisable: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(final String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String message(final String body) {
        final JsonNode node = parse(body);
        return node.hasNonNull("message") ? node.get("message").asText() : body;
    }

    private static String firstLine(final String text) {
        final int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String encode(final String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
