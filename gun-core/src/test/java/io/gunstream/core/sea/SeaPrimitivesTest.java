package io.gunstream.core.sea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.json.JsJson;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The building blocks of SEA verification, each against what gun.js / the web platform does. */
class SeaPrimitivesTest {

    private static final String ALICE = "YhZJoqRxjNKGfORE3U9iZRQztNS3_ZkDYdI_CDMhpM0.QdOE4MR3v8or0jerH1JrN7kbzZ9zpo6HkAnp6cr8d-U";

    // ---- keys ----

    @Test
    void realGunPubParsesToTheSamePoint() throws Exception {
        final Signer signer = Signer.create();
        final SeaPublicKey parsed = SeaPublicKey.parse(signer.pub);
        assertThat(parsed.pub()).isEqualTo(signer.pub);
        assertThat(parsed.key().getW()).isEqualTo(signer.publicKey.getW());
    }

    @Test
    void pubsThatAreNotTwo32ByteCoordinatesAreMalformed() {
        final String x = ALICE.substring(0, ALICE.indexOf('.'));
        for (final String bad : new String[] {"", "abc.def", x, x + "." + x + "." + x, x + ".", x + "=." + x,
                x.substring(1) + "+." + x, x + "." + x.substring(0, 42) + "/"}) {
            assertThatThrownBy(() -> SeaPublicKey.parse(bad)).as(bad).isInstanceOf(SeaException.class)
                    .extracting(e -> ((SeaException) e).reason()).isEqualTo(SeaReason.MALFORMED_PUBLIC_KEY);
        }
    }

    @Test
    void pointOffTheCurveIsRejected() throws Exception {
        final Signer signer = Signer.create();
        final BigInteger y = signer.publicKey.getW().getAffineY().add(BigInteger.ONE);
        final String offCurve = signer.pub.substring(0, signer.pub.indexOf('.') + 1) + coordinate(y);
        assertThatThrownBy(() -> SeaPublicKey.parse(offCurve)).isInstanceOf(SeaException.class)
                .hasMessageContaining("not a point on the P-256 curve")
                .extracting(e -> ((SeaException) e).reason()).isEqualTo(SeaReason.PUBLIC_KEY_NOT_ON_CURVE);
        // x = y = p - 1 .. all ones: coordinates beyond the field are refused too
        final String huge = coordinate(BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
        assertThatThrownBy(() -> SeaPublicKey.parse(huge + "." + huge))
                .extracting(e -> ((SeaException) e).reason()).isEqualTo(SeaReason.PUBLIC_KEY_NOT_ON_CURVE);
    }

    // ---- souls ----

    @Test
    void pubOfFollowsSeaOptPub() {
        assertThat(SoulAuthority.pubOf("~" + ALICE)).contains(ALICE);
        assertThat(SoulAuthority.pubOf("~" + ALICE + "/profile")).contains(ALICE);
        assertThat(SoulAuthority.pubOf("app~" + ALICE + "/posts")).contains(ALICE);
        assertThat(SoulAuthority.pubOf("~ab:cd")).contains("ab.cd");
        assertThat(SoulAuthority.pubOf("~ab.cd.ef")).contains("ab.cd");
        assertThat(SoulAuthority.pubOf("~.ab")).contains(".ab");
        assertThat(SoulAuthority.pubOf("~abc")).isEmpty();
        assertThat(SoulAuthority.pubOf("~")).isEmpty();
        assertThat(SoulAuthority.pubOf("~~ab.cd")).isEmpty();
        assertThat(SoulAuthority.pubOf("plain")).isEmpty();
        assertThat(SoulAuthority.kindOf("~@")).isEqualTo(SoulKind.ALIAS_ROOT);
        assertThat(SoulAuthority.kindOf("~@alice")).isEqualTo(SoulKind.ALIAS);
        assertThat(SoulAuthority.kindOf("~" + ALICE + "#x")).isEqualTo(SoulKind.ACCOUNT);
        assertThat(SoulAuthority.kindOf("posts#")).isEqualTo(SoulKind.CONTENT_HASH);
        assertThat(SoulAuthority.kindOf("posts")).isEqualTo(SoulKind.PLAIN);
    }

    @Test
    void signedWriteVerifiesOnlyForItsSoulKeyValueAndState() throws Exception {
        final Signer signer = Signer.create();
        final String soul = "~" + signer.pub;
        final double state = 1795612530348.001;
        final GunValue value = signer.signPut(soul, "name", "\"Alice\"", state);
        final SoulAuthority authority = new SoulAuthority();
        assertThat(authority.check(soul, "name", value, state).accepted()).isTrue();
        assertThat(authority.check(soul, "nick", value, state)).extracting(v -> ((SeaVerdict.Rejected) v).reason())
                .isEqualTo(SeaReason.BAD_SIGNATURE);
        assertThat(authority.check(soul, "name", value, 1795612530348.002).accepted()).isFalse();
        assertThat(authority.check("~" + Signer.create().pub, "name", value, state).accepted()).isFalse();
    }

    @Test
    void nodeCheckListsEachRejectedField() throws Exception {
        final Signer signer = Signer.create();
        final String soul = "~" + signer.pub;
        final GunNode node = GunNode.builder(soul)
                .put("pub", 5, GunValue.of(signer.pub))
                .put("name", 5, signer.signPut(soul, "name", "\"Alice\"", 5))
                .put("age", 5, GunValue.of(30))
                .put("forged", 5, signer.signPut(soul, "other", "1", 5))
                .build();
        final List<SeaVerdict.Rejected> rejected = new SoulAuthority().check(node);
        assertThat(rejected).extracting(SeaVerdict.Rejected::key).containsExactly("age", "forged");
        assertThat(rejected).extracting(SeaVerdict.Rejected::reason).containsExactly(SeaReason.NOT_SIGNED, SeaReason.BAD_SIGNATURE);
        assertThat(rejected.get(1).message()).contains(soul.substring(0, 20)).contains("'forged'").contains("Unverified data.");
    }

    @Test
    void accountPubMustBeThePubItself() throws Exception {
        final Signer signer = Signer.create();
        final SoulAuthority authority = new SoulAuthority();
        assertThat(authority.check("~" + signer.pub, "pub", GunValue.of(signer.pub), 1).accepted()).isTrue();
        final SeaVerdict other = authority.check("~" + signer.pub, "pub", GunValue.of(ALICE), 1);
        assertThat(((SeaVerdict.Rejected) other).gunError()).isEqualTo("Account not same!");
    }

    @Test
    void contentHashIsOverTheRawStringOrTheJsonOfOtherValues() {
        final SoulAuthority authority = new SoulAuthority();
        final String hash = Base64.getEncoder().encodeToString(WebBytes.sha256("hello"));
        assertThat(authority.check("#", hash, GunValue.of("hello"), 1).accepted()).isTrue();
        assertThat(authority.check("#", "x#" + hash, GunValue.of("hello"), 1).accepted()).isTrue();
        assertThat(authority.check("#", hash + "#", GunValue.of("hello"), 1).accepted()).isFalse();
        final String hex = java.util.HexFormat.of().formatHex(WebBytes.sha256("true"));
        assertThat(authority.check("#", hex, GunValue.of(true), 1).accepted()).isTrue();
        assertThat(authority.check("#", hex, GunValue.of("true"), 1).accepted()).isTrue();
        assertThat(authority.check("#", hex, GunValue.of("TRUE"), 1))
                .extracting(v -> ((SeaVerdict.Rejected) v).reason()).isEqualTo(SeaReason.HASH_MISMATCH);
    }

    // ---- signature format and the double hash ----

    @Test
    void seaSignsTheSha256OfTheTextNotTheTextItself() throws Exception {
        final Signer signer = Signer.create();
        final SeaPublicKey pub = SeaPublicKey.parse(signer.pub);
        final String doubleHashed = signer.sign(WebBytes.sha256("hello"));
        final String singleHashed = signer.sign(WebBytes.utf8("hello"));
        assertThat(SeaVerifier.verify("hello", doubleHashed, pub)).isTrue();
        assertThat(SeaVerifier.verify("hello", singleHashed, pub)).isFalse();
        assertThat(SeaVerifier.verify("SEA{\"m\":\"hello\",\"s\":" + JsJson.quote(doubleHashed) + "}", signer.pub)).isTrue();
    }

    @Test
    void wireTextParsesWithAndWithoutPrefix() {
        final SeaSignature sig = SeaSignature.parse("SEA{\"s\":\"abc=\", \"m\": {\"b\":1.0,\"a\":[1e2]}}");
        assertThat(sig.messageJson()).isEqualTo("{\"b\":1,\"a\":[100]}");
        assertThat(sig.signature()).isEqualTo("abc=");
        assertThat(sig.signedTexts()).containsExactly("{\"b\":1,\"a\":[100]}", "{\"a\":[100],\"b\":1}");
        assertThat(SeaSignature.parse(sig.toWire())).isEqualTo(sig);
        assertThat(SeaSignature.parse("{\"m\":\"x\",\"s\":\"y\"}").signedTexts()).containsExactly("x");
    }

    @Test
    void malformedWireTextsAreTypedErrors() {
        assertThatThrownBy(() -> SeaSignature.parse("SEA{\"m\":\"hello\",\"s\":"))
                .extracting(e -> ((SeaException) e).reason()).isEqualTo(SeaReason.MALFORMED_MESSAGE);
        assertThatThrownBy(() -> SeaSignature.parse("SEA{\"s\":\"x\"}"))
                .extracting(e -> ((SeaException) e).reason()).isEqualTo(SeaReason.MALFORMED_MESSAGE);
        assertThatThrownBy(() -> SeaSignature.parse("SEA{\"m\":1,\"s\":2}"))
                .extracting(e -> ((SeaException) e).reason()).isEqualTo(SeaReason.MALFORMED_SIGNATURE);
        assertThat(SeaVerifier.verify("SEA{'m':1}", ALICE)).isFalse();
        assertThat(SeaVerifier.verify("SEA{\"m\":1,\"s\":\"AAAA\"}", "not-a-key")).isFalse();
    }

    // ---- JSON as V8 re-prints it ----

    @Test
    void jsonIsReprintedAsJsonStringifyDoes() throws IOException {
        assertThat(JsTree.parse("{\"b\":1,\"10\":2,\"a\":3,\"2\":4,\"b\":5}").stringify(JsTree.Order.V8))
                .isEqualTo("{\"2\":4,\"10\":2,\"b\":5,\"a\":3}");
        assertThat(JsTree.parse("{\"b\":1,\"10\":2,\"a\":3,\"2\":4}").stringify(JsTree.Order.SORTED))
                .isEqualTo("{\"10\":2,\"2\":4,\"a\":3,\"b\":1}");
        assertThat(JsTree.parse("{\"4294967295\":1,\"01\":2,\"4294967294\":3}").stringify(JsTree.Order.V8))
                .isEqualTo("{\"4294967294\":3,\"4294967295\":1,\"01\":2}");
        assertThat(JsTree.parse("[1.0, -0, 1e21, 1E-7, 1e400, 123456789012345678901234567890]").stringify(JsTree.Order.V8))
                .isEqualTo("[1,0,1e+21,1e-7,null,1.2345678901234568e+29]");
        assertThat(JsTree.parse("\"\\u0041\\ud800\\/\"").stringify(JsTree.Order.V8)).isEqualTo("\"A\\ud800/\"");
        for (final String bad : new String[] {"{\"a\":1} x", "{'a':1}", "[NaN]", "[01]", "/*c*/1", "{\"a\":1,}", "\"\t\"", ""}) {
            assertThatThrownBy(() -> JsTree.parse(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }

    // ---- web platform bytes ----

    @Test
    void base64DecodesLikeAtob() {
        assertThat(WebBytes.forgivingBase64("aGk=")).containsExactly('h', 'i');
        assertThat(WebBytes.forgivingBase64("aGk")).containsExactly('h', 'i');
        assertThat(WebBytes.forgivingBase64(" a G\nk = ")).containsExactly('h', 'i');
        assertThat(WebBytes.forgivingBase64("")).isEmpty();
        assertThat(WebBytes.forgivingBase64("a")).isNull();
        assertThat(WebBytes.forgivingBase64("aG-_")).isNull();
        assertThat(WebBytes.forgivingBase64("a=Gk")).isNull();
        assertThat(WebBytes.forgivingBase64("aGk==")).isNull();
    }

    @Test
    void textEncoderReplacesLoneSurrogates() {
        assertThat(WebBytes.utf8("a\ud800b")).containsExactly(0x61, 0xEF, 0xBF, 0xBD, 0x62);
        assertThat(WebBytes.utf8("\udc00")).containsExactly(0xEF, 0xBF, 0xBD);
        assertThat(WebBytes.utf8("é😀")).containsExactly(0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80);
    }

    private static String coordinate(final BigInteger value) {
        final byte[] raw = value.toByteArray();
        final byte[] fixed = new byte[32];
        System.arraycopy(raw, Math.max(0, raw.length - 32), fixed, Math.max(0, 32 - raw.length), Math.min(32, raw.length));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    /** Test-only SEA signer on the JDK (gunstream's main code never signs). */
    private record Signer(KeyPair pair, ECPublicKey publicKey, String pub) {
        static Signer create() throws Exception {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            final KeyPair pair = generator.generateKeyPair();
            final ECPublicKey key = (ECPublicKey) pair.getPublic();
            return new Signer(pair, key, coordinate(key.getW().getAffineX()) + "." + coordinate(key.getW().getAffineY()));
        }

        /** ECDSA P-256/SHA-256 over {@code bytes}, raw r||s in base64, as WebCrypto signs. */
        String sign(final byte[] bytes) throws Exception {
            final Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(pair.getPrivate());
            ecdsa.update(bytes);
            return Base64.getEncoder().encodeToString(ecdsa.sign());
        }

        /** The graph value check.pub produces for a put of {@code valueJson}. */
        GunValue signPut(final String soul, final String key, final String valueJson, final double state) throws Exception {
            final String packed = "{\"#\":" + JsJson.quote(soul) + ",\".\":" + JsJson.quote(key) + ",\":\":" + valueJson
                    + ",\">\":" + JsJson.number(state) + "}";
            return GunValue.of("{\":\":" + valueJson + ",\"~\":" + JsJson.quote(sign(WebBytes.sha256(packed))) + "}");
        }
    }
}
