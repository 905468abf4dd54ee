package io.gunstream.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.wire.WireFormatException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each way a frame can be wrong gives its own typed error, naming where it is. */
class WireCodecRejectTest {

    private final WireCodec codec = new WireCodec();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``|NOT_A_MESSAGE",
            "` {}`|NOT_A_MESSAGE",
            "5|NOT_A_MESSAGE",
            "\"{}\"|NOT_A_MESSAGE",
            "[1]|NOT_A_MESSAGE",
            "[[]]|NOT_A_MESSAGE",
            "[{},null]|NOT_A_MESSAGE",
            "{|MALFORMED_JSON",
            "{}x|MALFORMED_JSON",
            "{}{}|MALFORMED_JSON",
            "[{}|MALFORMED_JSON",
            "{'#':'a'}|MALFORMED_JSON",
            "{\"#\":\"a\",}|MALFORMED_JSON",
            "{\"n\":NaN}|MALFORMED_JSON",
            "{\"n\":01}|MALFORMED_JSON",
            "{\"#\":5}|INVALID_FIELD",
            "{\"@\":null}|INVALID_FIELD",
            "{\"put\":[]}|INVALID_FIELD",
            "{\"put\":\"x\"}|INVALID_FIELD",
            "{\"get\":{}}|INVALID_FIELD",
            "{\"get\":\"alice\"}|INVALID_FIELD",
            "{\"get\":{\"#\":\"a\",\".\":\"\"}}|INVALID_FIELD",
            "{\"##\":1.5}|INVALID_FIELD",
            "{\"##\":\"1\"}|INVALID_FIELD",
            "{\"##\":2147483648}|INVALID_FIELD",
            "{\"err\":{\"x\":1}}|INVALID_FIELD",
            "{\"x\":1e999}|INVALID_FIELD",
            "{\"put\":{\"a\":{\"_\":{\"#\":\"a\",\">\":{},\"%\":1}}}}|INVALID_FIELD",
            "{\"#\":\"a\",\"#\":\"b\"}|DUPLICATE_KEY",
            "{\"x\":{\"k\":1,\"k\":2}}|DUPLICATE_KEY",
            "{\"put\":{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":1},\"a\":{}}}|DUPLICATE_KEY",
            "{\"put\":{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":1,\"x\":2}}}|DUPLICATE_KEY",
            "{\"put\":{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1,\"x\":2}},\"x\":1}}}|DUPLICATE_KEY",
            "{\"get\":{\"#\":\"a\",\".\":\"k\",\".\":{}}}|DUPLICATE_KEY",
    })
    void frameErrorsHaveTheirReason(final String frame, final Reason reason) {
        final String text = frame == null ? "" : frame;
        assertThatThrownBy(() -> codec.read(text)).isInstanceOf(WireFormatException.class)
                .satisfies(e -> assertThat(((WireFormatException) e).reason()).isEqualTo(reason));
        assertThatThrownBy(() -> codec.read(text.getBytes(StandardCharsets.UTF_8))).isInstanceOf(WireFormatException.class)
                .satisfies(e -> assertThat(((WireFormatException) e).reason()).isEqualTo(reason));
    }

    @ParameterizedTest(name = "{0} -> {1} at {2}/{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"a\":{\"_\":{\"#\":\"b\",\">\":{}}}}|SOUL_MISMATCH|a|",
            "{\"a\":{\"_\":{\">\":{}}}}|SOUL_MISMATCH|a|",
            "{\"a\":{\"_\":{\"#\":1,\">\":{}}}}|SOUL_MISMATCH|a|",
            "{\"a\":{\"x\":1}}|NO_META|a|",
            "{\"a\":{\"_\":5}}|NO_META|a|",
            "{\"a\":{\"_\":{\"#\":\"a\"},\"x\":1}}|NO_STATE_MAP|a|",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":[]}}}|NO_STATE_MAP|a|",
            "{\"a\":null}|NO_NODE|a|",
            "{\"a\":[]}|NO_NODE|a|",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{}},\"x\":1}}|MISSING_STATE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":\"5\"}},\"x\":1}}|STATE_NOT_A_NUMBER|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":null}},\"x\":1}}|STATE_NOT_A_NUMBER|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":-1e400}},\"x\":1}}|STATE_NOT_A_NUMBER|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":[1]}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":{\"b\":1}}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":{\"#\":\"b\",\"c\":1}}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":{\"#\":\"\"}}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":{\"#\":5}}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":{}}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":1e999}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}}}}|INVALID_VALUE|a|x",
            "{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"\":1}},\"\":1}}|EMPTY_KEY|a|",
            "{\"\":{\"_\":{\"#\":\"\",\">\":{}}}}|EMPTY_SOUL||",
            "{\"constructor\":{\"_\":{\"#\":\"constructor\",\">\":{}}}}|SOUL_SHADOWS_JS_BUILTIN|constructor|",
            "{\"__proto__\":{\"_\":{\"#\":\"__proto__\",\">\":{}}}}|SOUL_SHADOWS_JS_BUILTIN|__proto__|",
    })
    void graphRuleViolationsNameSoulAndKey(final String put, final GraphRule rule, final String soul, final String key) {
        final String frame = "{\"#\":\"m1\",\"put\":" + put + "}";
        assertThatThrownBy(() -> codec.read(frame)).isInstanceOf(InvalidGraphException.class).satisfies(e -> {
            final InvalidGraphException ige = (InvalidGraphException) e;
            assertThat(ige.rule()).isEqualTo(rule);
            assertThat(ige.soul().orElse(null)).isEqualTo(soul == null ? (rule == GraphRule.EMPTY_SOUL ? "" : null) : soul);
            assertThat(ige.key().orElse(null)).isEqualTo(key == null && rule == GraphRule.EMPTY_KEY ? "" : key);
        });
    }

    @Test
    void getOfReservedKeyOrBuiltinSoulIsRefused() {
        assertThatThrownBy(() -> codec.read("{\"get\":{\"#\":\"a\",\".\":\"_\"}}"))
                .isInstanceOf(InvalidGraphException.class).extracting(e -> ((InvalidGraphException) e).rule())
                .isEqualTo(GraphRule.RESERVED_KEY);
        assertThatThrownBy(() -> codec.read("{\"get\":{\"#\":\"toString\"}}"))
                .isInstanceOf(InvalidGraphException.class).extracting(e -> ((InvalidGraphException) e).rule())
                .isEqualTo(GraphRule.SOUL_SHADOWS_JS_BUILTIN);
    }

    @Test
    void eachLimitHasItsTypedError() {
        final WireLimits small = new WireLimits(200, 2, 2, 2, 8, 10, 8);
        final WireCodec strict = new WireCodec(small);
        assertReason(strict, "{\"x\":\"" + "a".repeat(200) + "\"}", Reason.FRAME_TOO_LARGE);
        assertReason(strict, "{\"x\":\"" + "é".repeat(100) + "\"}", Reason.FRAME_TOO_LARGE); // 108 chars, 208 bytes
        assertReason(strict, "[{},{},{}]", Reason.LIMIT_EXCEEDED);
        assertReason(strict, "{\"put\":{\"a\":" + node("a", "x") + ",\"b\":" + node("b", "x") + ",\"c\":" + node("c", "x") + "}}",
                Reason.LIMIT_EXCEEDED);
        assertReason(strict, "{\"put\":{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1,\"y\":1,\"z\":1}},\"x\":1,\"y\":1,\"z\":1}}}",
                Reason.LIMIT_EXCEEDED);
        assertReason(strict, "{\"put\":{\"a\":" + node("a", "longerkey") + "}}", Reason.LIMIT_EXCEEDED);
        assertReason(strict, "{\"put\":{\"longersoul\":" + node("longersoul", "x") + "}}", Reason.LIMIT_EXCEEDED);
        assertReason(strict, "{\"#\":\"123456789\"}", Reason.LIMIT_EXCEEDED);
        assertReason(strict, "{\"put\":{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":\"12345678901\"}}}", Reason.LIMIT_EXCEEDED);
        assertReason(strict, "{\"x\":[[[[[[[[1]]]]]]]]}", Reason.TOO_DEEP);
        assertReason(codec, "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}", Reason.TOO_DEEP);
        assertThat(strict.read("{\"x\":[[[[[[1]]]]]]}")).hasSize(1); // depth 7 fits
    }

    @Test
    void gunsOwnErrorTextsForDamReplies() {
        final WireCodec tiny = new WireCodec(WireLimits.DEFAULTS.withMaxFrameBytes(10));
        assertThatThrownBy(() -> tiny.read("{\"#\":\"abcdefghij\"}")).isInstanceOf(WireFormatException.class)
                .extracting(e -> ((WireFormatException) e).gunError()).isEqualTo("Message too big!");
        assertThatThrownBy(() -> codec.read("{oops")).isInstanceOf(WireFormatException.class)
                .extracting(e -> ((WireFormatException) e).gunError()).isEqualTo("DAM JSON parse error.");
    }

    @Test
    void utf16LookalikeBytesAreNotReinterpreted() {
        // "{\0\0\0}\0\0\0" is "{}" in UTF-32LE: Jackson would guess that encoding, a WebSocket text frame never is
        assertReason(codec, new byte[] {'{', 0, 0, 0, '}', 0, 0, 0}, Reason.MALFORMED_JSON);
        assertReason(codec, new byte[] {'{', '}', (byte) 0xC3}, Reason.MALFORMED_JSON);
        assertReason(codec, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, Reason.NOT_A_MESSAGE);
    }

    @Test
    void errorsCarryMessageIndexAndId() {
        assertThatThrownBy(() -> codec.read("[{\"#\":\"ok1\"},{\"#\":\"bad\",\"##\":\"x\"}]"))
                .isInstanceOf(WireFormatException.class).satisfies(e -> {
                    final WireFormatException w = (WireFormatException) e;
                    assertThat(w.messageIndex()).hasValue(1);
                    assertThat(w.messageId()).contains("bad");
                    assertThat(w.offset()).isPresent();
                    assertThat(w.getMessage()).contains("INVALID_FIELD", "message 1", "'bad'", "'##'");
                });
    }

    @Test
    void readEachSkipsOnlyTheBadMessagesOfABatch() {
        final String good = "{\"#\":\"g1\",\"put\":{\"a\":" + node("a", "x") + "}}";
        final String badGraph = "{\"#\":\"b1\",\"put\":{\"a\":{\"_\":{\"#\":\"a\",\">\":{\"x\":1}},\"x\":[[1,{\"y\":2}]],\"z\":1},\"q\":5}}";
        final String badField = "{\"put\":{\"a\":[1]},\"#\":\"b2\",\"ok\":true}";
        final ReadResult result = codec.readEach("[" + good + "," + badGraph + "," + badField + ",{\"#\":\"g2\",\"ok\":true}]");
        assertThat(result.messages()).extracting(GunMessage::id).containsExactly("g1", "g2");
        assertThat(result.rejected()).extracting(ReadResult.RejectedMessage::index).containsExactly(1, 2);
        assertThat(result.rejected()).extracting(ReadResult.RejectedMessage::messageId).containsExactly("b1", "b2");
        assertThat(result.rejected().get(0).error()).isInstanceOf(InvalidGraphException.class);
        assertThat(codec.readEach(good).rejected()).isEmpty();
        assertThatThrownBy(() -> codec.readEach("[" + good + ",{\"#\":")).isInstanceOf(WireFormatException.class)
                .extracting(e -> ((WireFormatException) e).reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    private static String node(final String soul, final String key) {
        return "{\"_\":{\"#\":\"" + soul + "\",\">\":{\"" + key + "\":1}},\"" + key + "\":1}";
    }

    private static void assertReason(final WireCodec codec, final String frame, final Reason reason) {
        assertThatThrownBy(() -> codec.read(frame)).as(frame.length() > 80 ? frame.substring(0, 80) : frame)
                .isInstanceOf(WireFormatException.class).extracting(e -> ((WireFormatException) e).reason()).isEqualTo(reason);
        assertReason(codec, frame.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static void assertReason(final WireCodec codec, final byte[] frame, final Reason reason) {
        assertThatThrownBy(() -> codec.read(frame)).isInstanceOf(WireFormatException.class)
                .extracting(e -> ((WireFormatException) e).reason()).isEqualTo(reason);
    }
}
