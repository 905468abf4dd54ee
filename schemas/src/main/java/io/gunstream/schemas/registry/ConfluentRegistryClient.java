package io.gunstream.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A thin client for the Confluent Schema Registry REST API (Confluent, Karapace, Redpanda, Apicurio's
 * {@code /apis/ccompat/v7}), over {@code java.net.http} and Jackson. It caches ids both ways (subject + schema → id,
 * id → schema) without expiry, since registry ids never change meaning, and the latest version of a subject for
 * {@link Settings#latestTtl()}.
 *
 * <p>Several base URLs may be given; a call moves to the next one only when a registry cannot be reached.
 * Lifecycle: thread-safe; {@link #close()} drops the caches.
 */
public final class ConfluentRegistryClient implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";

    /**
     * Client settings.
     *
     * @param urls              base URLs of the registry (one or more)
     * @param connectTimeout    TCP connect timeout
     * @param requestTimeout    timeout of one HTTP request
     * @param cacheCapacity     entries kept in each id cache
     * @param latestTtl         how long the latest version of a subject is cached; zero disables
     * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
     */
    public record Settings(List<URI> urls, Duration connectTimeout, Duration requestTimeout, int cacheCapacity,
                           Duration latestTtl, String basicAuthUserInfo) {

        public Settings {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("at least one schema registry URL is needed");
            }
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(latestTtl, "latestTtl");
            if (cacheCapacity < 1) {
                throw new IllegalArgumentException("cacheCapacity must be at least 1, got " + cacheCapacity);
            }
        }

        /** Defaults for one URL: 5 s connect, 10 s request, 1000 cached ids, latest version cached 60 s, no auth. */
        public static Settings of(final URI url) {
            return new Settings(List.of(url), Duration.ofSeconds(5), Duration.ofSeconds(10), 1000,
                    Duration.ofSeconds(60), null);
        }
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record Expiring(RegisteredSchema value, Instant expiresAt) {
    }

    private final Settings settings;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;
    private final BoundedCache<SubjectSchema, Integer> idBySchema;
    private final BoundedCache<Integer, Schema> schemaById;
    private final BoundedCache<SubjectSchema, RegisteredSchema> lookups;
    private final BoundedCache<String, Expiring> latestBySubject;

    public ConfluentRegistryClient(final Settings settings) {
        this(settings, Clock.systemUTC());
    }

    /** Visible for testing: the clock drives expiry of cached latest versions. */
    ConfluentRegistryClient(final Settings settings, final Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.authorization = settings.basicAuthUserInfo() == null || settings.basicAuthUserInfo().isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        this.idBySchema = new BoundedCache<>(settings.cacheCapacity());
        this.schemaById = new BoundedCache<>(settings.cacheCapacity());
        this.latestBySubject = new BoundedCache<>(settings.cacheCapacity());
        this.lookups = new BoundedCache<>(settings.cacheCapacity());
    }

    public List<URI> urls() {
        return settings.urls();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return idBySchema.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            final JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                    "register a schema under subject '" + subject + "'");
            final int id = requireInt(answer, "id", "register under subject '" + subject + "'");
            schemaById.put(id, schema);
            return id;
        });
    }

    @Override
    public RegisteredSchema lookup(final String subject, final Schema schema) {
        return lookups.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            final JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema),
                    "look up a schema under subject '" + subject + "'");
            final RegisteredSchema found = registered(answer, subject, schema);
            schemaById.putIfAbsent(found.id(), found.schema());
            return found;
        });
    }

    @Override
    public Schema schemaById(final int id) {
        return schemaById.computeIfAbsent(id, key -> {
            final JsonNode answer = call("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
            return parseSchema(answer, "schema id " + id);
        });
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        final Instant now = clock.instant();
        final Expiring cached = latestBySubject.get(subject);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.value();
        }
        final JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                "fetch the latest version of subject '" + subject + "'");
        final RegisteredSchema latest = registered(answer, subject, null);
        schemaById.putIfAbsent(latest.id(), latest.schema());
        if (!settings.latestTtl().isZero()) {
            latestBySubject.put(subject, new Expiring(latest, now.plus(settings.latestTtl())));
        }
        return latest;
    }

    @Override
    public CompatibilityResult testCompatibility(final String subject, final Schema schema) {
        final JsonNode answer;
        try {
            answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema), "check compatibility with subject '" + subject + "'");
        } catch (final SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                // Nothing registered yet: any schema may become version 1.
                return new CompatibilityResult(true, List.of("subject '" + subject + "' has no versions yet"));
            }
            throw e;
        }
        final List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public void setCompatibility(final String subject, final CompatibilityLevel level) {
        final ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        call("PUT", "/config/" + encode(subject), body, "set compatibility " + level + " on subject '" + subject + "'");
    }

    @Override
    public CompatibilityLevel compatibility(final String subject) {
        JsonNode answer;
        try {
            answer = call("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null,
                    "read the compatibility of subject '" + subject + "'");
        } catch (final SchemaRegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            // Registries without defaultToGlobal answer 40408 for a subject without its own level.
            answer = call("GET", "/config", null, "read the global compatibility level");
        }
        final JsonNode level = answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null) {
            throw new SchemaRegistryException(null, 200, -1, "the registry's config answer has no compatibility level: " + answer, null);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    @Override
    public void close() {
        // HttpClient of Java 17 holds no resources that need closing; nothing else is owned.
    }

    private ObjectNode schemaBody(final Schema schema) {
        return json.createObjectNode().put("schema", schema.toString());
    }

    private RegisteredSchema registered(final JsonNode answer, final String subject, final Schema known) {
        final String what = "subject '" + subject + "'";
        final int id = requireInt(answer, "id", what);
        final int version = requireInt(answer, "version", what);
        final Schema schema = known != null ? known : parseSchema(answer, what + " version " + version);
        return new RegisteredSchema(answer.path("subject").asText(subject), id, version, schema);
    }

    private int requireInt(final JsonNode answer, final String field, final String what) {
        final JsonNode node = answer.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new SchemaRegistryException(null, 200, -1,
                    "the registry's answer for " + what + " has no integer '" + field + "': " + answer, null);
        }
        return node.asInt();
    }

    private Schema parseSchema(final JsonNode answer, final String what) {
        final String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(null, 200, -1, what + " is a " + type
                    + " schema, not Avro: the topic holds records of another format; point this serde at Avro topics only", null);
        }
        final JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(null, 200, -1, "the registry's answer for " + what + " has no 'schema': " + answer, null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (final SchemaParseException e) {
            throw new SchemaRegistryException(null, 200, SchemaRegistryException.INVALID_SCHEMA,
                    what + " in the registry is not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    private JsonNode call(final String method, final String pathAndQuery, final JsonNode body, final String action) {
        SchemaRegistryException unreachable = null;
        for (final URI base : settings.urls()) {
            final URI uri = URI.create(stripSlash(base.toString()) + pathAndQuery);
            try {
                return send(base, uri, method, body, action);
            } catch (final SchemaRegistryException e) {
                if (e.httpStatus() != 0) {
                    throw e;
                }
                unreachable = e;
            }
        }
        throw unreachable;
    }

    private JsonNode send(final URI base, final URI uri, final String method, final JsonNode body, final String action) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        final HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (final HttpConnectTimeoutException | ConnectException e) {
            throw new SchemaRegistryException(base, 0, -1, "Schema registry at " + base + " is unreachable (" + e
                    + ") while trying to " + action + ": check schema.registry.url and that the registry is running", e);
        } catch (final HttpTimeoutException e) {
            throw new SchemaRegistryException(base, 0, -1, "Schema registry at " + base + " did not answer within "
                    + settings.requestTimeout().toMillis() + " ms while trying to " + action
                    + ": check the registry's health or raise schema.registry.request.timeout.ms", e);
        } catch (final IOException e) {
            throw new SchemaRegistryException(base, 0, -1, "Schema registry at " + base + " could not be reached ("
                    + e + ") while trying to " + action + ": check schema.registry.url and the network", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(base, 0, -1, "interrupted while trying to " + action + " at " + base, e);
        }
        final int status = response.statusCode();
        final JsonNode answer = parse(response.body());
        if (status / 100 == 2) {
            if (answer == null) {
                throw new SchemaRegistryException(base, status, -1, "Schema registry at " + base + " answered " + status
                        + " with a body that is not JSON while trying to " + action
                        + ": is schema.registry.url the base of a Confluent-compatible API (e.g. .../apis/ccompat/v7 for Apicurio)?", null);
            }
            return answer;
        }
        final int errorCode = answer != null && answer.path("error_code").canConvertToInt() ? answer.get("error_code").asInt() : -1;
        final String registryMessage = answer != null && answer.hasNonNull("message") ? answer.get("message").asText()
                : abbreviate(response.body());
        throw new SchemaRegistryException(base, status, errorCode, "Schema registry at " + base + " refused to " + action
                + " (HTTP " + status + (errorCode >= 0 ? ", error_code " + errorCode : "") + ": " + registryMessage + ")"
                + hint(status, errorCode), null);
    }

    private static String hint(final int status, final int errorCode) {
        return switch (errorCode) {
            case SchemaRegistryException.SUBJECT_NOT_FOUND ->
                    ": the subject does not exist; register the schema first (auto.register.schemas=true) or check subject.name.strategy";
            case SchemaRegistryException.VERSION_NOT_FOUND -> ": the subject has no such version";
            case SchemaRegistryException.SCHEMA_NOT_FOUND ->
                    ": the schema is not registered there; register it, or check that producer and consumer use the same registry";
            case SchemaRegistryException.INCOMPATIBLE_SCHEMA ->
                    ": the schema breaks the subject's compatibility level; evolve it compatibly (e.g. add fields with defaults) or, deliberately, change the subject's compatibility";
            case SchemaRegistryException.INVALID_SCHEMA -> ": the registry could not parse the schema";
            default -> switch (status) {
                case 401, 403 -> ": check basic.auth.user.info";
                case 404 -> ": the path does not exist; is schema.registry.url the base of a Confluent-compatible API (e.g. .../apis/ccompat/v7 for Apicurio)?";
                default -> status >= 500 ? ": the registry failed internally; retry later" : "";
            };
        };
    }

    private JsonNode parse(final String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (final JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(final String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static String stripSlash(final String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
