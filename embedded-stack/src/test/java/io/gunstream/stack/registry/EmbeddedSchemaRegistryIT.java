package io.gunstream.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The registry over real HTTP against a real (in-process KRaft) Kafka; each test uses its own schema topic. */
class EmbeddedSchemaRegistryIT {

    private static final String V1 = """
            {"type":"record","name":"Device","namespace":"io.gunstream.test","fields":[
              {"name":"soul","type":"string"}]}""";
    /** V1 plus a field with a default: BACKWARD compatible. */
    private static final String V2 = """
            {"type":"record","name":"Device","namespace":"io.gunstream.test","fields":[
              {"name":"soul","type":"string"},{"name":"state","type":"double","default":0.0}]}""";
    /** V2 plus a field without a default: a V3 reader cannot read V2 data, so not BACKWARD compatible. */
    private static final String V3 = """
            {"type":"record","name":"Device","namespace":"io.gunstream.test","fields":[
              {"name":"soul","type":"string"},{"name":"state","type":"double","default":0.0},
              {"name":"owner","type":"string"}]}""";
    private static final String VND = "application/vnd.schemaregistry.v1+json";

    @TempDir
    static Path brokerDir;
    private static TestBroker broker;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String topic;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = TestBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void topicPerTest(final TestInfo info) {
        topic = "_schemas-" + info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void registersFetchesByIdAndGivesTheSameIdForTheSameSchema() throws Exception {
        try (EmbeddedSchemaRegistry registry = start()) {
            final Reply first = post(registry, "/subjects/devices-value/versions", schemaBody(V1), VND);
            assertThat(first.status()).isEqualTo(200);
            final int id = first.body().get("id").asInt();

            // Same schema, different whitespace and content type: same id, no new version.
            final Reply again = post(registry, "/subjects/devices-value/versions",
                    schemaBody(new Schema.Parser().parse(V1).toString(true)), "application/json");
            assertThat(again.body().get("id").asInt()).isEqualTo(id);
            assertThat(get(registry, "/subjects/devices-value/versions").body()).hasSize(1);

            // The same schema under another subject keeps its global id.
            assertThat(post(registry, "/subjects/other-value/versions", schemaBody(V1), VND).body().get("id").asInt())
                    .isEqualTo(id);

            final Reply byId = get(registry, "/schemas/ids/" + id);
            assertThat(byId.status()).isEqualTo(200);
            assertThat(new Schema.Parser().parse(byId.body().get("schema").asText())).isEqualTo(new Schema.Parser().parse(V1));
        }
    }

    @Test
    void looksUpSchemasAndListsSubjectsAndVersions() throws Exception {
        try (EmbeddedSchemaRegistry registry = start()) {
            final int id1 = post(registry, "/subjects/devices-value/versions", schemaBody(V1), VND).body().get("id").asInt();
            final int id2 = post(registry, "/subjects/devices-value/versions", schemaBody(V2), VND).body().get("id").asInt();
            assertThat(id2).isNotEqualTo(id1);

            final Reply lookup = post(registry, "/subjects/devices-value", schemaBody(V1), "application/json");
            assertThat(lookup.status()).isEqualTo(200);
            assertThat(lookup.body().get("subject").asText()).isEqualTo("devices-value");
            assertThat(lookup.body().get("version").asInt()).isEqualTo(1);
            assertThat(lookup.body().get("id").asInt()).isEqualTo(id1);
            assertThat(new Schema.Parser().parse(lookup.body().get("schema").asText())).isEqualTo(new Schema.Parser().parse(V1));

            final Reply latest = get(registry, "/subjects/devices-value/versions/latest");
            assertThat(latest.body().get("version").asInt()).isEqualTo(2);
            assertThat(latest.body().get("id").asInt()).isEqualTo(id2);
            assertThat(get(registry, "/subjects/devices-value/versions/1").body().get("id").asInt()).isEqualTo(id1);
            assertThat(json.convertValue(get(registry, "/subjects/devices-value/versions").body(), int[].class))
                    .containsExactly(1, 2);
            assertThat(json.convertValue(get(registry, "/subjects").body(), String[].class)).containsExactly("devices-value");

            // Subject names travel percent-encoded, '/' and '+' included.
            final String odd = "team/a b+c";
            assertThat(post(registry, "/subjects/" + encode(odd) + "/versions", schemaBody(V1), VND).status()).isEqualTo(200);
            assertThat(get(registry, "/subjects/" + encode(odd) + "/versions/latest").body().get("subject").asText()).isEqualTo(odd);
            assertThat(json.convertValue(get(registry, "/subjects").body(), String[].class)).containsExactly("devices-value", odd);

            final Reply notRegistered = post(registry, "/subjects/devices-value", schemaBody(V3), VND);
            assertThat(notRegistered.status()).isEqualTo(404);
            assertThat(notRegistered.body().get("error_code").asInt()).isEqualTo(40403);
            final Reply unknownSubject = get(registry, "/subjects/nope/versions/latest");
            assertThat(unknownSubject.status()).isEqualTo(404);
            assertThat(unknownSubject.body().get("error_code").asInt()).isEqualTo(40401);
            assertThat(get(registry, "/subjects/devices-value/versions/7").body().get("error_code").asInt()).isEqualTo(40402);
        }
    }

    @Test
    void enforcesBackwardCompatibilityByDefault() throws Exception {
        try (EmbeddedSchemaRegistry registry = start()) {
            post(registry, "/subjects/devices-value/versions", schemaBody(V1), VND);

            final Reply compatible = post(registry, "/compatibility/subjects/devices-value/versions/latest", schemaBody(V2), VND);
            assertThat(compatible.status()).isEqualTo(200);
            assertThat(compatible.body().get("is_compatible").asBoolean()).isTrue();
            assertThat(post(registry, "/subjects/devices-value/versions", schemaBody(V2), VND).status()).isEqualTo(200);

            final Reply incompatible = post(registry, "/compatibility/subjects/devices-value/versions/latest?verbose=true",
                    schemaBody(V3), VND);
            assertThat(incompatible.body().get("is_compatible").asBoolean()).isFalse();
            assertThat(incompatible.body().get("messages").toString()).contains("owner");

            final Reply refused = post(registry, "/subjects/devices-value/versions", schemaBody(V3), VND);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().get("error_code").asInt()).isEqualTo(409);
            assertThat(refused.body().get("message").asText()).contains("incompatible").contains("devices-value");
            assertThat(get(registry, "/subjects/devices-value/versions").body()).hasSize(2);
            assertThat(get(registry, "/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        }
    }

    @Test
    void compatibilityNoneOnTheSubjectAllowsAnIncompatibleSchema() throws Exception {
        try (EmbeddedSchemaRegistry registry = start()) {
            post(registry, "/subjects/devices-value/versions", schemaBody(V2), VND);
            final Reply noSubjectLevel = get(registry, "/config/devices-value");
            assertThat(noSubjectLevel.status()).isEqualTo(404);
            assertThat(noSubjectLevel.body().get("error_code").asInt()).isEqualTo(40408);

            final Reply put = put(registry, "/config/devices-value", "{\"compatibility\":\"NONE\"}");
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.body().get("compatibility").asText()).isEqualTo("NONE");
            assertThat(get(registry, "/config/devices-value").body().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(get(registry, "/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

            assertThat(post(registry, "/compatibility/subjects/devices-value/versions/latest", schemaBody(V3), VND)
                    .body().get("is_compatible").asBoolean()).isTrue();
            final Reply registered = post(registry, "/subjects/devices-value/versions", schemaBody(V3), VND);
            assertThat(registered.status()).isEqualTo(200);
            assertThat(get(registry, "/subjects/devices-value/versions/latest").body().get("version").asInt()).isEqualTo(2);

            // FORWARD on another subject: removing a field without default breaks old readers.
            assertThat(put(registry, "/config/fwd", "{\"compatibility\":\"FORWARD\"}").status()).isEqualTo(200);
            post(registry, "/subjects/fwd/versions", schemaBody(V3), VND);
            assertThat(post(registry, "/compatibility/subjects/fwd/versions/latest", schemaBody(V1), VND)
                    .body().get("is_compatible").asBoolean()).isFalse();
            assertThat(put(registry, "/config", "{\"compatibility\":\"SIDEWAYS\"}").body().get("error_code").asInt())
                    .isEqualTo(42203);
        }
    }

    @Test
    void restartOnTheSameKafkaKeepsIdsSubjectsAndConfig() throws Exception {
        final int id1;
        final int id2;
        try (EmbeddedSchemaRegistry registry = start()) {
            id1 = post(registry, "/subjects/a-value/versions", schemaBody(V1), VND).body().get("id").asInt();
            id2 = post(registry, "/subjects/a-value/versions", schemaBody(V2), VND).body().get("id").asInt();
            post(registry, "/subjects/b-value/versions", schemaBody(V1), VND);
            put(registry, "/config/b-value", "{\"compatibility\":\"NONE\"}");
            put(registry, "/config", "{\"compatibility\":\"FULL\"}");
        }
        try (EmbeddedSchemaRegistry registry = start()) {
            assertThat(new Schema.Parser().parse(get(registry, "/schemas/ids/" + id1).body().get("schema").asText()))
                    .isEqualTo(new Schema.Parser().parse(V1));
            assertThat(new Schema.Parser().parse(get(registry, "/schemas/ids/" + id2).body().get("schema").asText()))
                    .isEqualTo(new Schema.Parser().parse(V2));
            assertThat(json.convertValue(get(registry, "/subjects").body(), String[].class))
                    .containsExactly("a-value", "b-value");
            assertThat(post(registry, "/subjects/a-value", schemaBody(V2), VND).body().get("version").asInt()).isEqualTo(2);
            assertThat(post(registry, "/subjects/a-value/versions", schemaBody(V1), VND).body().get("id").asInt()).isEqualTo(id1);
            assertThat(get(registry, "/config/b-value").body().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(get(registry, "/config").body().get("compatibilityLevel").asText()).isEqualTo("FULL");

            // A new schema after the restart gets a fresh id, never one handed out before.
            final int id3 = post(registry, "/subjects/b-value/versions", schemaBody(V3), VND).body().get("id").asInt();
            assertThat(id3).isNotIn(id1, id2);
        }
    }

    @Test
    void malformedSchemaAndUnknownIdsGiveConfluentErrors() throws Exception {
        try (EmbeddedSchemaRegistry registry = start()) {
            final Reply malformed = post(registry, "/subjects/x/versions",
                    schemaBody("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nosuchtype\"}]}"), VND);
            assertThat(malformed.status()).isEqualTo(422);
            assertThat(malformed.body().get("error_code").asInt()).isEqualTo(42201);

            final Reply notJson = post(registry, "/subjects/x/versions", schemaBody("{not json"), VND);
            assertThat(notJson.status()).isEqualTo(422);
            assertThat(notJson.body().get("error_code").asInt()).isEqualTo(42201);

            final Reply protobuf = post(registry, "/subjects/x/versions",
                    "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}", VND);
            assertThat(protobuf.status()).isEqualTo(422);
            assertThat(protobuf.body().get("error_code").asInt()).isEqualTo(42201);

            final Reply unknownId = get(registry, "/schemas/ids/4242");
            assertThat(unknownId.status()).isEqualTo(404);
            assertThat(unknownId.body().get("error_code").asInt()).isEqualTo(40403);
            assertThat(get(registry, "/subjects").body()).isEmpty();
        }
    }

    @Test
    void kafkaUnreachableAtStartFailsClearlyWithinTheDeadline() throws IOException {
        final int closedPort = TestBroker.freePort();
        final Map<String, Object> settings = Map.of(
                SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
                SchemaRegistryConfig.INIT_TIMEOUT_MS_CONFIG, 3_000L);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(settings))
                        .isInstanceOf(SchemaRegistryException.class)
                        .hasMessageContaining("could not reach Kafka at 127.0.0.1:" + closedPort)
                        .hasMessageContaining("kafkastore.init.timeout.ms=3000"));
    }

    @Test
    void portInUseGivesAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final int port = taken.getLocalPort();
            assertThatThrownBy(() -> start(Map.of(SchemaRegistryConfig.LISTENERS_CONFIG, "http://127.0.0.1:" + port)))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("already in use");
        }
    }

    private EmbeddedSchemaRegistry start() {
        return start(Map.of());
    }

    private EmbeddedSchemaRegistry start(final Map<String, Object> extra) {
        final Map<String, Object> settings = new HashMap<>(extra);
        settings.put(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(SchemaRegistryConfig.TOPIC_CONFIG, topic);
        return EmbeddedSchemaRegistry.start(settings);
    }

    private String schemaBody(final String schema) throws IOException {
        return json.writeValueAsString(Map.of("schema", schema));
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply get(final EmbeddedSchemaRegistry registry, final String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(registry, path)).GET().header("Accept", VND).build());
    }

    private Reply post(final EmbeddedSchemaRegistry registry, final String path, final String body, final String contentType)
            throws Exception {
        return send(HttpRequest.newBuilder(uri(registry, path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Reply put(final EmbeddedSchemaRegistry registry, final String path, final String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(registry, path)).header("Content-Type", VND)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Reply send(final HttpRequest request) throws Exception {
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.headers().firstValue("Content-Type")).hasValue(VND);
        return new Reply(response.statusCode(), json.readTree(response.body()));
    }

    private static URI uri(final EmbeddedSchemaRegistry registry, final String path) {
        return URI.create(registry.url() + path);
    }

    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
