package io.gunstream.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the Confluent Schema Registry REST subset that serdes and operators use to {@link Registry}. Request
 * bodies are JSON whatever the declared content type ({@code application/vnd.schemaregistry.v1+json},
 * {@code application/json}, ...); answers are {@code application/vnd.schemaregistry.v1+json}.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final Registry registry;
    private final ObjectMapper json;

    RegistryHttpHandler(final Registry registry, final ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = route(exchange.getRequestMethod(), segments(exchange.getRequestURI().getRawPath()),
                        query(exchange.getRequestURI().getRawQuery()), exchange);
            } catch (RegistryError e) {
                status = e.httpStatus();
                body = json.createObjectNode().put("error_code", e.errorCode()).put("message", e.getMessage());
                if (status >= 500) {
                    log.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e.getCause());
                }
            } catch (RuntimeException e) {
                status = 500;
                body = json.createObjectNode().put("error_code", 50001).put("message", "Internal error: " + e);
                log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            }
            final byte[] bytes = body instanceof RawText raw ? raw.text().getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A body answered as is (the raw schema endpoints), not as a JSON string. */
    private record RawText(String text) {
    }

    private Object route(final String method, final List<String> path, final Map<String, String> query,
                         final HttpExchange exchange) throws IOException {
        final int n = path.size();
        final String first = n > 0 ? path.get(0) : "";
        if (n == 0) {
            return expect(method, "GET", json.createObjectNode());
        }
        switch (first) {
            case "schemas" -> {
                if (n == 2 && path.get(1).equals("types")) {
                    expect(method, "GET", null);
                    return List.of("AVRO");
                }
                if ((n == 3 || n == 4) && path.get(1).equals("ids") && (n == 3 || path.get(3).equals("schema"))) {
                    expect(method, "GET", null);
                    final String schema = registry.schemaById(parseId(path.get(2)));
                    return n == 4 ? new RawText(schema) : json.createObjectNode().put("schema", schema);
                }
            }
            case "subjects" -> {
                if (n == 1) {
                    expect(method, "GET", null);
                    return registry.subjects();
                }
                final String subject = path.get(1);
                if (n == 2) {
                    expect(method, "POST", null);
                    final JsonNode req = body(exchange);
                    return versionJson(registry.lookup(subject, text(req, "schema"), text(req, "schemaType")));
                }
                if (n == 3 && path.get(2).equals("versions")) {
                    if (method.equals("GET")) {
                        return registry.versionNumbers(subject);
                    }
                    expect(method, "POST", null);
                    final JsonNode req = body(exchange);
                    return json.createObjectNode().put("id", registry.register(subject, text(req, "schema"), text(req, "schemaType")));
                }
                if ((n == 4 || n == 5) && path.get(2).equals("versions") && (n == 4 || path.get(4).equals("schema"))) {
                    expect(method, "GET", null);
                    final RegistryState.SubjectVersion v = registry.version(subject, path.get(3));
                    return n == 5 ? new RawText(v.schema()) : versionJson(v);
                }
            }
            case "compatibility" -> {
                if ((n == 4 || n == 5) && path.get(1).equals("subjects") && path.get(3).equals("versions")) {
                    expect(method, "POST", null);
                    final JsonNode req = body(exchange);
                    final List<String> problems = registry.compatibility(path.get(2), n == 5 ? path.get(4) : null,
                            text(req, "schema"), text(req, "schemaType"));
                    final ObjectNode answer = json.createObjectNode().put("is_compatible", problems.isEmpty());
                    if ("true".equals(query.get("verbose"))) {
                        answer.putPOJO("messages", problems);
                    }
                    return answer;
                }
            }
            case "config" -> {
                if (n == 1 || n == 2) {
                    final String subject = n == 2 ? path.get(1) : null;
                    switch (method) {
                        case "GET" -> {
                            final CompatibilityLevel level = subject == null ? registry.globalLevel()
                                    : registry.subjectLevel(subject, "true".equals(query.get("defaultToGlobal")));
                            return json.createObjectNode().put("compatibilityLevel", level.name());
                        }
                        case "PUT" -> {
                            final JsonNode req = body(exchange);
                            final String wanted = req.hasNonNull("compatibility") ? text(req, "compatibility") : text(req, "compatibilityLevel");
                            return json.createObjectNode().put("compatibility", registry.setLevel(subject, wanted).name());
                        }
                        case "DELETE" -> {
                            if (subject != null) {
                                return json.createObjectNode().put("compatibilityLevel", registry.deleteSubjectLevel(subject).name());
                            }
                        }
                        default -> { }
                    }
                    throw RegistryError.methodNotAllowed("HTTP 405 Method Not Allowed: " + method + " " + String.join("/", path));
                }
            }
            default -> { }
        }
        throw RegistryError.notFound("HTTP 404 Not Found");
    }

    private ObjectNode versionJson(final RegistryState.SubjectVersion v) {
        return json.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema());
    }

    private JsonNode body(final HttpExchange exchange) throws IOException {
        final byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw RegistryError.badRequest("Request body larger than " + MAX_BODY_BYTES + " bytes", null);
        }
        try {
            final JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw RegistryError.badRequest("Request body must be a JSON object", null);
            }
            return node;
        } catch (IOException e) {
            throw RegistryError.badRequest("Malformed JSON body: " + e.getMessage(), e);
        }
    }

    private static String text(final JsonNode req, final String field) {
        final JsonNode value = req.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static <T> T expect(final String method, final String wanted, final T result) {
        if (!wanted.equals(method)) {
            throw RegistryError.methodNotAllowed("HTTP 405 Method Not Allowed: " + method + " (expected " + wanted + ")");
        }
        return result;
    }

    private static int parseId(final String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("Schema " + text + " not found");
        }
    }

    /** Path segments, percent-decoded one by one so an encoded '/' stays inside a subject name. */
    private static List<String> segments(final String rawPath) {
        final List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(final String rawQuery) {
        final Map<String, String> out = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                final int eq = pair.indexOf('=');
                final String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
