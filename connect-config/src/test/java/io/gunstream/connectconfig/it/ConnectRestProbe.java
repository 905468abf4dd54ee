package io.gunstream.connectconfig.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads what the worker holds, independently of the deployer under test. */
final class ConnectRestProbe {

    private final URI base;

    ConnectRestProbe(final URI base) {
        this.base = base;
    }

    List<String> connectors() throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/connectors")).GET().build(), HttpResponse.BodyHandlers.ofString());
        final JsonNode names = new ObjectMapper().readTree(response.body());
        final List<String> list = new ArrayList<>();
        names.forEach(n -> list.add(n.asText()));
        return list;
    }

    /** Deletes a connector (so its tasks stop before a service they talk to goes away). */
    void delete(final String connector) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/connectors/" + connector)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new IllegalStateException("DELETE /connectors/" + connector + ": " + response.statusCode() + " "
                    + response.body());
        }
    }
}
