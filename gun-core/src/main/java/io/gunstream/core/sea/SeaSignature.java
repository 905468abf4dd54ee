package io.gunstream.core.sea;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A signed SEA message {@code {"m": message, "s": signature}}, as {@code SEA.sign} returns it (wire text
 * {@code SEA{"m":...,"s":"..."}}).
 *
 * <p>What SEA signs: {@code SHA-256(text)} with ECDSA P-256/SHA-256 (so the text is hashed twice), where text is
 * {@code m} itself when {@code m} is a string, else {@code JSON.stringify(m)}. See {@link #signedTexts()}.
 *
 * @param messageJson {@code m} as JSON text, printed as {@code JSON.stringify} prints the parsed value
 * @param signature   {@code s}: standard base64 of the 64-byte r||s signature, as given (not yet decoded)
 */
public record SeaSignature(String messageJson, String signature) {

    private static final String PREFIX = "SEA";

    public SeaSignature {
        Objects.requireNonNull(messageJson, "messageJson");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * Parses {@code SEA{"m":...,"s":"..."}} or the same JSON without the {@code SEA} prefix (both are accepted by
     * {@code SEA.verify}). JSON is read with {@code JSON.parse} rules.
     *
     * @throws SeaException {@link SeaReason#MALFORMED_MESSAGE} if the text is not such an object,
     *                      {@link SeaReason#MALFORMED_SIGNATURE} if {@code s} is missing or not a string
     */
    public static SeaSignature parse(final String text) {
        if (text == null) {
            throw new SeaException(SeaReason.MALFORMED_MESSAGE, "SEA text is missing");
        }
        final String json = text.startsWith("SEA{") ? text.substring(PREFIX.length()) : text;
        final JsTree tree;
        try {
            tree = JsTree.parse(json);
        } catch (final IOException e) {
            throw new SeaException(SeaReason.MALFORMED_MESSAGE,
                    "SEA text " + SeaException.abbreviate(text) + " is not JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof JsTree.Obj object) || object.get("m") == null) {
            throw new SeaException(SeaReason.MALFORMED_MESSAGE,
                    "SEA text " + SeaException.abbreviate(text) + " must be an object with a message 'm'");
        }
        if (!(object.get("s") instanceof JsTree.Str s)) {
            throw new SeaException(SeaReason.MALFORMED_SIGNATURE,
                    "SEA text " + SeaException.abbreviate(text) + " has no string signature 's'");
        }
        return new SeaSignature(object.get("m").stringify(JsTree.Order.V8), s.value());
    }

    /**
     * The texts whose SHA-256 may have been signed: the string itself if {@code m} is a string; otherwise
     * {@code JSON.stringify(m)} and, if it differs, the sorted-key form gun.js produces on node (YSON).
     */
    public List<String> signedTexts() {
        final JsTree message;
        try {
            message = JsTree.parse(messageJson);
        } catch (final IOException e) {
            throw new SeaException(SeaReason.MALFORMED_MESSAGE,
                    "SEA message " + SeaException.abbreviate(messageJson) + " is not JSON: " + e.getMessage(), e);
        }
        return signedTexts(message);
    }

    static List<String> signedTexts(final JsTree message) {
        if (message instanceof JsTree.Str s) {
            return List.of(s.value());
        }
        final String v8 = message.stringify(JsTree.Order.V8);
        if (!message.orderSensitive()) {
            return List.of(v8);
        }
        final String sorted = message.stringify(JsTree.Order.SORTED);
        return sorted.equals(v8) ? List.of(v8) : List.of(v8, sorted);
    }

    /** The wire text {@code SEA{"m":...,"s":"..."}}. */
    public String toWire() {
        final StringBuilder out = new StringBuilder(PREFIX).append("{\"m\":").append(messageJson).append(",\"s\":");
        io.gunstream.core.json.JsJson.appendQuoted(out, signature);
        return out.append('}').toString();
    }
}
