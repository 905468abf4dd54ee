package io.gunstream.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.wire.WireFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 frames mutated from the recorded gun.js frames (fixed seed): byte and character flips, truncations,
 * insertions of brackets, quotes, huge numbers, deep nesting, wrong types and unicode junk, as text and as
 * UTF-8 bytes (including invalid UTF-8). Only typed errors or valid messages may come out, and every valid
 * result must write and re-read to itself.
 */
class WireCodecFuzzTest {

    private static final long SEED = 0x6a11_5eed_2026L;
    private static final int CASES = 100_000;

    private static final String[] TOKENS = {
        "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\ud800", "\\udc00", "\\u0000", "\\n", "1e999", "-1e999", "-0",
        "1.5e-7", "1e21", "99999999999999999999999999", "0.1", "2147483648", "null", "true", "false", "\"_\"", "\"#\"",
        "\">\"", "{\"#\":\"x\"}", "{\"#\":\"\"}", "[1,2]", "{}", "[]", "\"constructor\"", "\"__proto__\"", "\"\"", "NaN",
        " ", "\t\n", "\u0000", "\ud800", "\udfff", "é", "\ud83d\ude00", "\u2028", "\ufeff", "\"put\":", "\"get\":",
        "\"##\":", "\"ok\":", "\"@\":", "\"dam\":", "\"FOO\":", ",\"x\":1", ",\"_\":{}", "[".repeat(40), "{\"a\":".repeat(40),
        "9".repeat(1200), "\"" + "x".repeat(300) + "\"",
    };
    private static final String STRUCTURAL = "{}[]\":,\\#_>@.0123456789-e ";
    private static final byte[][] BAD_BYTES = {
        {(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0}, {(byte) 0xF4, (byte) 0x90},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
    };

    private final WireCodec codec = new WireCodec();
    private final WireCodec small = new WireCodec(new WireLimits(2048, 4, 3, 6, 48, 64, 10));
    private final Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    private int valid;
    private int graphErrors;

    @Test
    void mutatedFramesGiveOnlyTypedErrorsOrValidMessages() {
        final List<String> corpus = corpus();
        final Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            final String base = corpus.get(random.nextInt(corpus.size()));
            final WireCodec target = i % 4 == 3 ? small : codec;
            if (i % 3 == 2) {
                check(target, mutateBytes(base.getBytes(StandardCharsets.UTF_8), random), i);
            } else {
                check(target, mutate(base, random), i);
            }
        }
        System.out.println("fuzz: " + CASES + " frames, valid " + valid + ", graph-rule errors " + graphErrors + ", " + reasons);
        assertThat(reasons).doesNotContainKey(Reason.UNEXPECTED);
        assertThat(reasons.keySet()).contains(Reason.MALFORMED_JSON, Reason.NOT_A_MESSAGE, Reason.INVALID_FIELD,
                Reason.DUPLICATE_KEY, Reason.LIMIT_EXCEEDED, Reason.TOO_DEEP, Reason.FRAME_TOO_LARGE);
        assertThat(valid).as("valid mutants").isGreaterThan(5_000);
        assertThat(graphErrors).as("graph-rule rejections").isGreaterThan(1_000);
    }

    private void check(final WireCodec target, final Object frame, final int caseNo) {
        final List<GunMessage> messages;
        try {
            messages = frame instanceof String s ? target.read(s) : target.read((byte[]) frame);
        } catch (final WireFormatException e) {
            reasons.merge(e.reason(), 1, Integer::sum);
            checkEachAgrees(target, frame, caseNo, e);
            return;
        } catch (final InvalidGraphException e) {
            graphErrors++;
            checkEachAgrees(target, frame, caseNo, e);
            return;
        } catch (final Throwable t) {
            throw new AssertionError("case " + caseNo + ": untyped " + t + " for frame " + show(frame), t);
        }
        valid++;
        try {
            final String written = codec.write(messages);
            final List<GunMessage> again = codec.read(written);
            assertThat(again).as("case %d re-read of %s", caseNo, written).isEqualTo(messages);
            assertThat(codec.write(again)).isEqualTo(written);
            final ReadResult each = frame instanceof String s ? target.readEach(s) : target.readEach((byte[]) frame);
            assertThat(each.messages()).isEqualTo(messages);
            assertThat(each.rejected()).isEmpty();
        } catch (final RuntimeException e) {
            throw new AssertionError("case " + caseNo + ": valid frame failed to round-trip: " + show(frame), e);
        }
    }

    /** readEach must refuse the same frames at frame level, and otherwise report at least one rejected message. */
    private static void checkEachAgrees(final WireCodec target, final Object frame, final int caseNo,
                                        final IllegalArgumentException strictError) {
        try {
            final ReadResult each = frame instanceof String s ? target.readEach(s) : target.readEach((byte[]) frame);
            assertThat(each.rejected()).as("case %d: read refused (%s) but readEach rejected nothing: %s",
                    caseNo, strictError.getMessage(), show(frame)).isNotEmpty();
        } catch (final WireFormatException | InvalidGraphException e) {
            if (e instanceof WireFormatException w && w.reason() == Reason.UNEXPECTED) {
                fail("case " + caseNo + ": " + e + " for " + show(frame));
            }
        } catch (final Throwable t) {
            throw new AssertionError("case " + caseNo + ": readEach threw untyped " + t + " for " + show(frame), t);
        }
    }

    private static String mutate(final String base, final Random r) {
        final StringBuilder s = new StringBuilder(base);
        final int ops = 1 + r.nextInt(3);
        for (int op = 0; op < ops; op++) {
            final int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
            switch (r.nextInt(7)) {
                case 0 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, randomChar(r));
                    }
                }
                case 1 -> s.setLength(at);
                case 2, 3 -> s.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 4 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(12)));
                case 5 -> {
                    final int end = Math.min(s.length(), at + 1 + r.nextInt(40));
                    s.insert(at, s.substring(at, end));
                }
                default -> swapScalar(s, r);
            }
        }
        return s.toString();
    }

    /** Replaces one quoted string or number of the frame by a token of another type. */
    private static void swapScalar(final StringBuilder s, final Random r) {
        if (s.length() == 0) {
            return;
        }
        int start = r.nextInt(s.length());
        while (start < s.length() && s.charAt(start) != ':' && s.charAt(start) != ',') {
            start++;
        }
        if (start >= s.length() - 1) {
            return;
        }
        start++;
        int end = start;
        if (s.charAt(start) == '"') {
            end = s.indexOf("\"", start + 1);
            end = end < 0 ? s.length() : end + 1;
        } else {
            while (end < s.length() && "-+.0123456789eE".indexOf(s.charAt(end)) >= 0) {
                end++;
            }
        }
        if (end > start) {
            s.replace(start, end, TOKENS[r.nextInt(TOKENS.length)]);
        }
    }

    private static byte[] mutateBytes(final byte[] base, final Random r) {
        final List<Byte> bytes = new ArrayList<>(base.length + 8);
        for (final byte b : base) {
            bytes.add(b);
        }
        final int ops = 1 + r.nextInt(3);
        for (int op = 0; op < ops; op++) {
            final int at = bytes.isEmpty() ? 0 : r.nextInt(bytes.size() + 1);
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (at < bytes.size()) {
                        bytes.set(at, (byte) r.nextInt(256));
                    }
                }
                case 1 -> {
                    while (bytes.size() > at) {
                        bytes.remove(bytes.size() - 1);
                    }
                }
                case 2 -> {
                    final byte[] junk = BAD_BYTES[r.nextInt(BAD_BYTES.length)];
                    for (int j = junk.length - 1; j >= 0; j--) {
                        bytes.add(at, junk[j]);
                    }
                }
                default -> {
                    final byte[] token = TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                    for (int j = token.length - 1; j >= 0; j--) {
                        bytes.add(at, token[j]);
                    }
                }
            }
        }
        final byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static char randomChar(final Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> STRUCTURAL.charAt(r.nextInt(STRUCTURAL.length()));
            case 1 -> (char) r.nextInt(0x20);
            case 2 -> (char) (0xD800 + r.nextInt(0x800)); // surrogates, often lone
            default -> (char) r.nextInt(0x10000);
        };
    }

    private static List<String> corpus() {
        final List<String> corpus = new ArrayList<>(WireCodecFramesTest.recordedFrames());
        corpus.add("[" + String.join(",", corpus.stream().filter(f -> f.startsWith("{")).toList()) + "]");
        corpus.add("{\"#\":\"u1\",\"put\":{\"é/😀\":{\"_\":{\"#\":\"é/😀\",\">\":{\"Name\":1.5,\"a\\\"b\":-3,\"10\":2}},"
                + "\"Name\":\"\\ud800 lone\",\"a\\\"b\":{\"#\":\"x\"},\"10\":1e21},\"n\":{\"_\":{\"#\":\"n\",\">\":{\"z\":0}},\"z\":null}}}");
        corpus.add("{\"#\":\"g\",\"get\":{\"#\":\"s\",\".\":{\"*\":\"pre\"},\"%\":100},\"%\":\"next\",\"DBG\":{\"a\":[1,{\"b\":true}]}}");
        corpus.add("{\"dam\":\"mob\",\"peers\":{\"http://a/gun\":{\"url\":\"http://a/gun\"}},\"err\":\"x\"}");
        return corpus;
    }

    private static String show(final Object frame) {
        final String text = frame instanceof String s ? s : new String((byte[]) frame, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
