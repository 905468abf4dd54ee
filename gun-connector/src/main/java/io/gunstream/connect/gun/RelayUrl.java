package io.gunstream.connect.gun;

import java.net.URI;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * A gun.js relay address as users write it for gun.js ({@code http://host:8765/gun}) and the WebSocket URI a peer
 * connects to: {@code http} becomes {@code ws}, {@code https} becomes {@code wss} (gun.js {@code src/websocket.js}),
 * and an empty path becomes {@code /gun}.
 *
 * @param id        the address as configured (trimmed); written into {@code origin.relay_id} of source deltas
 * @param webSocket where the peer connects
 */
public record RelayUrl(String id, URI webSocket) {

    public RelayUrl {
        if (id == null || id.isBlank() || webSocket == null) {
            throw new IllegalArgumentException("relay id and WebSocket URI are required");
        }
    }

    /** Parses {@code text} ({@code http(s)://} or {@code ws(s)://}); bad input is a {@link ConfigException} naming {@code key}. */
    public static RelayUrl parse(final String key, final String text) {
        final String trimmed = text == null ? "" : text.trim();
        final URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, text, "not a URL: " + e.getMessage());
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        final String wsScheme = switch (scheme) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default -> throw new ConfigException(key, text,
                    "must be an http(s):// or ws(s):// URL of a gun.js relay, e.g. http://127.0.0.1:8765/gun");
        };
        if (uri.getHost() == null) {
            throw new ConfigException(key, text, "has no host");
        }
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
                ? "/gun" : uri.getRawPath();
        final String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        final String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return new RelayUrl(trimmed, URI.create(wsScheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path + query));
    }

    /** True when {@code relayId} (e.g. a delta's origin relay id) names this relay, in any of its spellings. */
    public boolean sameRelay(final String relayId) {
        if (relayId == null) {
            return false;
        }
        if (relayId.trim().equals(id)) {
            return true;
        }
        try {
            return parse("relay id", relayId).webSocket().equals(webSocket);
        } catch (ConfigException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
