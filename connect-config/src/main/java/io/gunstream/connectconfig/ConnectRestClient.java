package io.gunstream.connectconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The few Connect REST calls the deployer makes; JSON in and out, with the status code kept for the caller. */
final class ConnectRestClient {

    record Response(int status, JsonNode body, String text) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    ConnectRestClient(final URI base) {
        final String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    URI base() {
        return base;
    }

    static String segment(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Response get(final String path) {
        return send(request(path).GET().build());
    }

    Response put(final String path, final Object body) {
        final String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new ConnectorDeployException("cannot encode request body for " + path, e);
        }
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response post(final String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
    }

    private Response send(final HttpRequest request) {
        final HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectorDeployException("Kafka Connect at " + base + " cannot be reached (" + request.method()
                    + " " + request.uri().getPath() + "): " + e + "; is the worker running and the URL right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorDeployException("interrupted during " + request.method() + " " + request.uri(), e);
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.nullNode();
        }
        return new Response(response.statusCode(), body, response.body());
    }
}
