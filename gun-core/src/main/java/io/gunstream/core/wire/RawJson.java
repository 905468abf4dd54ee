package io.gunstream.core.wire;

import io.gunstream.core.json.JsJson;
import io.gunstream.core.json.JsNumbers;
import java.util.Objects;

/**
 * A JSON value the codec carries without modelling it ({@code ok}, unknown message fields such as gun's debug
 * {@code "FOO":1} or chunk id {@code "%"}, lexical {@code get} options). The text is canonical: no whitespace,
 * object keys sorted, strings and numbers exactly as V8 prints them, so it is written back byte-for-byte as a
 * gun.js peer on Node would write the same value.
 *
 * <p>A final class rather than a record so that only canonical text can exist: instances come from the reader
 * or from the factories here.
 */
public final class RawJson {

    /** {@code true}, the usual {@code ok} of a storage ack. */
    public static final RawJson TRUE = new RawJson("true");
    /** {@code false}. */
    public static final RawJson FALSE = new RawJson("false");
    /** {@code null}. */
    public static final RawJson NULL = new RawJson("null");

    private final String json;

    private RawJson(final String json) {
        this.json = json;
    }

    /** Built by the reader, which produces canonical text only. */
    static RawJson canonical(final String json) {
        return switch (json) {
            case "true" -> TRUE;
            case "false" -> FALSE;
            case "null" -> NULL;
            default -> new RawJson(json);
        };
    }

    public static RawJson of(final boolean value) {
        return value ? TRUE : FALSE;
    }

    /** A JSON number; {@code value} must be finite. */
    public static RawJson of(final double value) {
        return new RawJson(JsNumbers.toJsString(value));
    }

    public static RawJson of(final String value) {
        return new RawJson(JsJson.quote(Objects.requireNonNull(value, "value")));
    }

    /**
     * The object form of a put's {@code ok}: {@code {"/": near, "@": hops}} (gun.js clients send
     * {@code {"/":0,"@":9}}).
     */
    public static RawJson okHops(final double near, final double hops) {
        return new RawJson("{\"/\":" + JsNumbers.toJsString(near) + ",\"@\":" + JsNumbers.toJsString(hops) + "}");
    }

    /** The canonical JSON text. */
    public String json() {
        return json;
    }

    public boolean isTrue() {
        return this == TRUE || "true".equals(json);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof RawJson r && r.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }
}
