package io.gunstream.core.sea;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.json.JsJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SEA write rules of gun@0.2020.1241 ({@code check} in sea.js): who may write which soul. Verification only:
 * it never signs. Stateless and thread-safe; one instance can serve a whole relay.
 *
 * <ul>
 *   <li>{@code ~@} and {@code ~@alias}: alias lists, entries must be self-links ({@code check.alias},
 *       {@code check.pubs}).</li>
 *   <li>souls carrying a public key ({@link #pubOf}): every value must be the string
 *       {@code {":": value, "~": signature}} signed by that key over
 *       {@code {"#":soul,".":key,":":value,">":state}}; key {@code pub} of {@code ~<pub>} must equal the pub
 *       ({@code check.pub}). Writes by another key with a certificate ({@code "*"}, {@code "+"}) are refused.</li>
 *   <li>souls containing {@code #}: the key, after its last {@code #}, is the SHA-256 of the value (base64 or hex)
 *       ({@code check.hash}).</li>
 *   <li>other souls: no rule.</li>
 * </ul>
 */
public final class SoulAuthority {

    private static final String ALIAS_ROOT = "~@";

    /**
     * {@code SEA.opt.pub(soul)}: the public key a soul belongs to. Takes the text between the first and second
     * {@code ~} and joins its first two runs of {@code [A-Za-z0-9_-]} with a dot; so {@code ~x.y},
     * {@code ~x.y/profile}, {@code ~x:y} and {@code app~x.y/posts} all belong to {@code x.y}.
     */
    public static Optional<String> pubOf(final String soul) {
        if (soul == null) {
            return Optional.empty();
        }
        final int tilde = soul.indexOf('~');
        if (tilde < 0) {
            return Optional.empty();
        }
        final int next = soul.indexOf('~', tilde + 1);
        final String segment = soul.substring(tilde + 1, next < 0 ? soul.length() : next);
        if (segment.isEmpty()) {
            return Optional.empty();
        }
        final int firstCut = cut(segment, 0);
        if (firstCut < 0) {
            return Optional.empty(); // one run only: JS split gives one part
        }
        final int secondCut = cut(segment, firstCut + 1);
        final String x = segment.substring(0, firstCut);
        final String y = segment.substring(firstCut + 1, secondCut < 0 ? segment.length() : secondCut);
        return Optional.of(x + "." + y);
    }

    /** Which rule governs {@code soul}, in the order sea.js tries them. */
    public static SoulKind kindOf(final String soul) {
        if (ALIAS_ROOT.equals(soul)) {
            return SoulKind.ALIAS_ROOT;
        }
        if (soul.startsWith(ALIAS_ROOT)) {
            return SoulKind.ALIAS;
        }
        if (pubOf(soul).isPresent()) {
            return SoulKind.ACCOUNT;
        }
        if (soul.indexOf('#') >= 0) {
            return SoulKind.CONTENT_HASH;
        }
        return SoulKind.PLAIN;
    }

    /** Checks every field of {@code node}; the result lists the rejected fields (empty: all accepted). */
    public List<SeaVerdict.Rejected> check(final GunNode node) {
        if (kindOf(node.soul()) == SoulKind.PLAIN) {
            return List.of(); // no rule for plain souls: skip the per-field pass (the merge checks every delta)
        }
        final List<SeaVerdict.Rejected> rejected = new ArrayList<>();
        for (final Map.Entry<String, FieldState> field : node.fields().entrySet()) {
            if (check(node.soul(), field.getKey(), field.getValue().value(), field.getValue().state())
                    instanceof SeaVerdict.Rejected r) {
                rejected.add(r);
            }
        }
        return rejected;
    }

    /** Checks one field write: {@code value} with HAM {@code state} at {@code soul}/{@code key}. */
    public SeaVerdict check(final String soul, final String key, final GunValue value, final double state) {
        final SoulKind kind = kindOf(soul);
        return switch (kind) {
            case ALIAS_ROOT -> checkAlias(soul, key, value, ALIAS_ROOT + key, SeaReason.DATA_MISSING);
            case ALIAS -> checkAlias(soul, key, value, key, SeaReason.ALIAS_MISSING);
            case ACCOUNT -> checkAccount(soul, key, value, state, pubOf(soul).orElseThrow());
            case CONTENT_HASH -> checkHash(soul, key, value);
            case PLAIN -> new SeaVerdict.Accepted(soul, key, kind);
        };
    }

    private static SeaVerdict checkAlias(final String soul, final String key, final GunValue value,
                                         final String expectedLink, final SeaReason missing) {
        final SoulKind kind = kindOf(soul);
        if (!truthy(value)) {
            return reject(soul, key, kind, missing, "an alias entry must be a link, got " + value.toJson());
        }
        if (value instanceof GunValue.Link link && link.soul().equals(expectedLink)) {
            return new SeaVerdict.Accepted(soul, key, kind);
        }
        return reject(soul, key, kind, SeaReason.ALIAS_MISMATCH,
                "an alias entry must be the link {\"#\":" + JsJson.quote(expectedLink) + "}, got " + abbreviate(value.toJson()));
    }

    private static SeaVerdict checkAccount(final String soul, final String key, final GunValue value,
                                           final double state, final String pub) {
        final SoulKind kind = SoulKind.ACCOUNT;
        if ("pub".equals(key) && soul.equals("~" + pub)) {
            // gun.js stores the account's own pub unsigned and compares it as is.
            return value instanceof GunValue.Str s && s.value().equals(pub)
                    ? new SeaVerdict.Accepted(soul, key, kind)
                    : reject(soul, key, kind, SeaReason.ACCOUNT_MISMATCH,
                    "key 'pub' of an account must be its public key " + pub + ", got " + abbreviate(value.toJson()));
        }
        if (!(value instanceof GunValue.Str envelopeText)) {
            return reject(soul, key, kind, SeaReason.NOT_SIGNED,
                    "values on a public-key soul must be signed envelope strings {\":\":value,\"~\":signature}, got "
                            + abbreviate(value.toJson()));
        }
        final JsTree envelope;
        try {
            envelope = JsTree.parse(envelopeText.value());
        } catch (final IOException e) {
            return reject(soul, key, kind, SeaReason.NOT_SIGNED, "the value is not a signed envelope (not JSON: "
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(envelope instanceof JsTree.Obj fields) || fields.get(":") == null || !truthy(fields.get("~"))) {
            return reject(soul, key, kind, SeaReason.NOT_SIGNED,
                    "the value is not a signed envelope {\":\":value,\"~\":signature}: " + abbreviate(envelopeText.value()));
        }
        if (truthy(fields.get("*"))) {
            return reject(soul, key, kind, SeaReason.CERTIFICATE_UNSUPPORTED,
                    "the value is signed by another writer (\"*\") under a certificate; gunstream accepts only values"
                            + " signed by the soul's own key " + pub);
        }
        if (!(fields.get("~") instanceof JsTree.Str signatureText)) {
            return reject(soul, key, kind, SeaReason.MALFORMED_SIGNATURE, "the signature \"~\" must be a base64 string");
        }
        final byte[] signature = SeaVerifier.decodeSignature(signatureText.value());
        if (signature == null) {
            return reject(soul, key, kind, SeaReason.MALFORMED_SIGNATURE,
                    "the signature \"~\" must be standard base64 of 64 bytes, got " + abbreviate(signatureText.value()));
        }
        if (state == 0) {
            // SEA.opt.pack needs a truthy state; with 0 gun.js verifies nothing and refuses the write.
            return reject(soul, key, kind, SeaReason.BAD_SIGNATURE, "a signed value cannot have state 0");
        }
        final SeaPublicKey publicKey;
        try {
            publicKey = SeaPublicKey.parse(pub);
        } catch (final SeaException e) {
            return reject(soul, key, kind, e.reason(), e.getMessage());
        }
        if (!SeaVerifier.verifyAny(packedTexts(soul, key, fields.get(":"), state), signature, publicKey)) {
            return reject(soul, key, kind, SeaReason.BAD_SIGNATURE,
                    "the signature does not verify with public key " + pub + " over soul, key, value and state");
        }
        return new SeaVerdict.Accepted(soul, key, kind);
    }

    /**
     * The texts SEA may have hashed and signed for this write: {@code JSON.stringify} of
     * {@code {"#":soul,".":key,":":value,">":state}} (key order of {@code SEA.opt.pack}, which is also sorted
     * order), plus the sorted-key form of the value where gun.js on node (YSON) prints it differently.
     */
    static List<String> packedTexts(final String soul, final String key, final JsTree value, final double state) {
        final String v8 = packed(soul, key, value, state, JsTree.Order.V8);
        if (!value.orderSensitive()) {
            return List.of(v8);
        }
        final String sorted = packed(soul, key, value, state, JsTree.Order.SORTED);
        return sorted.equals(v8) ? List.of(v8) : List.of(v8, sorted);
    }

    private static String packed(final String soul, final String key, final JsTree value, final double state,
                                 final JsTree.Order order) {
        final StringBuilder out = new StringBuilder(soul.length() + key.length() + 64);
        out.append("{\"#\":");
        JsJson.appendQuoted(out, soul);
        out.append(",\".\":");
        JsJson.appendQuoted(out, key);
        out.append(",\":\":");
        value.print(out, order);
        out.append(",\">\":").append(JsJson.number(state)).append('}');
        return out.toString();
    }

    private static SeaVerdict checkHash(final String soul, final String key, final GunValue value) {
        // SEA.work(val, null, cb, {name: 'SHA-256'}): strings are hashed as they are, anything else as JSON.
        final String text = value instanceof GunValue.Str s ? s.value() : value.toJson();
        final byte[] digest = WebBytes.sha256(text);
        final String expected = key.substring(key.lastIndexOf('#') + 1);
        if (expected.equals(Base64.getEncoder().encodeToString(digest)) || hexEquals(expected, digest)) {
            return new SeaVerdict.Accepted(soul, key, SoulKind.CONTENT_HASH);
        }
        return reject(soul, key, SoulKind.CONTENT_HASH, SeaReason.HASH_MISMATCH,
                "the key must end with the SHA-256 of the value (base64 " + Base64.getEncoder().encodeToString(digest)
                        + " or hex), got " + abbreviate(expected));
    }

    private static boolean hexEquals(final String text, final byte[] digest) {
        if (text.length() != digest.length * 2) {
            return false;
        }
        try {
            return java.util.Arrays.equals(HexFormat.of().parseHex(text), digest);
        } catch (final IllegalArgumentException e) {
            return false;
        }
    }

    private static int cut(final String s, final int from) {
        for (int i = from; i < s.length(); i++) {
            final char c = s.charAt(i);
            final boolean word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!word) {
                return i;
            }
        }
        return -1;
    }

    private static boolean truthy(final GunValue value) {
        if (value instanceof GunValue.Bool b) {
            return b.value();
        }
        if (value instanceof GunValue.Num n) {
            return n.value() != 0;
        }
        if (value instanceof GunValue.Str s) {
            return !s.value().isEmpty();
        }
        return value instanceof GunValue.Link;
    }

    private static boolean truthy(final JsTree value) {
        if (value == null) {
            return false;
        }
        if (value instanceof JsTree.Str s) {
            return !s.value().isEmpty();
        }
        if (value instanceof JsTree.Num n) {
            return n.value() != 0 && !Double.isNaN(n.value());
        }
        if (value instanceof JsTree.Bool b) {
            return b.value();
        }
        return !(value instanceof JsTree.Null);
    }

    private static SeaVerdict.Rejected reject(final String soul, final String key, final SoulKind kind,
                                              final SeaReason reason, final String detail) {
        return new SeaVerdict.Rejected(soul, key, kind, reason,
                "SEA " + reason + ": soul " + SeaException.abbreviate(soul) + " key " + SeaException.abbreviate(key)
                        + ": " + detail + " (gun.js: " + reason.gunError() + ")");
    }

    private static String abbreviate(final String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
