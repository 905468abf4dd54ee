package io.gunstream.relay.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The relay's plain HTTP routes: {@code GET /health} (status and counters as JSON) and {@code GET /gun.js}
 * (the gun.js client bundle copied into the jar at build time, as the node relay serves it).
 */
final class HttpRoutes extends Handler.Abstract {

    static final String GUN_JS_RESOURCE = "static/gun.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Map<String, Object>> health;
    private final byte[] gunJs;

    HttpRoutes(final Supplier<Map<String, Object>> health) {
        this.health = health;
        this.gunJs = load();
    }

    private static byte[] load() {
        try (InputStream in = HttpRoutes.class.getResourceAsStream(GUN_JS_RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (final IOException e) {
            return null;
        }
    }

    boolean servesGunJs() {
        return gunJs != null;
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) throws Exception {
        final String path = Request.getPathInContext(request);
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return false;
        }
        if ("/health".equals(path)) {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.putAll(health.get());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
            return true;
        }
        if ("/gun.js".equals(path) && gunJs != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/javascript; charset=utf-8");
            response.write(true, ByteBuffer.wrap(gunJs), callback);
            return true;
        }
        response.setStatus(HttpStatus.NOT_FOUND_404);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(("Not found: " + path + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
