package io.gunstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP surface before a streams app is attached, and the client's error contract; real Jetty, no Kafka. */
class QueryServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private QueryServer server;

    @BeforeEach
    void bind() {
        server = QueryServer.bind(new QueryConfig(Map.of(QueryConfig.PORT_CONFIG, 0)));
    }

    @AfterEach
    void close() {
        server.close();
        server.close(); // idempotent
    }

    @Test
    void bindsAFreePortAndAdvertisesIt() {
        assertThat(server.hostInfo().port()).isPositive();
        assertThat(server.applicationServer()).isEqualTo("127.0.0.1:" + server.hostInfo().port());
        assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + server.hostInfo().port()));
    }

    @Test
    void answers503UntilAStreamsAppIsAttached() throws Exception {
        final HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"state\":\"NOT_ATTACHED\",\"server\":\"" + server.applicationServer() + "\"}");

        final HttpResponse<String> node = get("/nodes/devices%2Fd1");
        assertThat(node.statusCode()).isEqualTo(503);
        assertThat(node.body()).contains("no streams app attached");
        assertThat(node.headers().firstValue(Forwarder.SERVED_BY_HEADER)).contains(server.applicationServer());
    }

    @Test
    void refusesBadRequestsWithJsonErrors() throws Exception {
        final HttpResponse<String> badUtf8 = get("/nodes/a%C3");
        assertThat(badUtf8.statusCode()).isEqualTo(400);
        assertThat(badUtf8.body()).startsWith("{\"error\":").contains("UTF-8");
        assertThat(get("/nodes?prefix=a&limit=0").statusCode()).isEqualTo(400);
        final HttpResponse<String> unknown = get("/things");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).startsWith("{\"error\":").contains("/nodes/{soul}");
        final HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.url().resolve("/nodes/x"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void aTakenPortIsATypedErrorNamingIt() {
        final int port = server.hostInfo().port();
        assertThatThrownBy(() -> QueryServer.bind(new QueryConfig(Map.of(QueryConfig.PORT_CONFIG, port))))
                .isInstanceOf(QueryServerException.class).hasMessageContaining(":" + port).hasMessageContaining(QueryConfig.PORT_CONFIG);
    }

    @Test
    void clientErrorsCarryStatusAndRetriability() {
        final GunQueryClient client = new GunQueryClient(server.url(), Duration.ofSeconds(5));
        assertThat(client.healthy()).isFalse();
        assertThatThrownBy(() -> client.node("devices/d1")).isInstanceOfSatisfying(GunQueryException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.isRetriable()).isTrue();
            assertThat(e.uri().getRawPath()).isEqualTo("/nodes/devices%2Fd1");
        });

        final int port = server.hostInfo().port();
        server.close();
        final GunQueryClient unreachable = new GunQueryClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
        assertThatThrownBy(() -> unreachable.prefix("devices/", 10)).isInstanceOfSatisfying(GunQueryException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.isRetriable()).isTrue();
            assertThat(e.getMessage()).contains("127.0.0.1:" + port);
        });
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.url().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
