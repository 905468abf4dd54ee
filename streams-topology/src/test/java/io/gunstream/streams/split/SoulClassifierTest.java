package io.gunstream.streams.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoulClassifierTest {

    private final SoulClassifier defaults = SoulClassifier.parse(SoulClassifier.DEFAULT_RULES);

    @Test
    void defaultRulesSplitEntropyLogsAndRealtime() {
        assertThat(defaults.classify("devices/d1/entropy/s42")).isEqualTo(SoulClass.ENTROPY);
        assertThat(defaults.classify("devices/d1/entropy")).isEqualTo(SoulClass.ENTROPY);
        assertThat(defaults.classify("logs/2026/11/25")).isEqualTo(SoulClass.LOG);
        assertThat(defaults.classify("devices/d1")).isEqualTo(SoulClass.REALTIME);
        assertThat(defaults.classify("devices/d1/status")).isEqualTo(SoulClass.REALTIME);
        assertThat(defaults.classify("profiles/alice")).isEqualTo(SoulClass.REALTIME);
        assertThat(defaults.classify("~abc.def")).isEqualTo(SoulClass.REALTIME);
    }

    @Test
    void firstMatchWins() {
        final SoulClassifier rules = SoulClassifier.parse("logs/audit/** -> realtime\nlogs/** -> log");
        assertThat(rules.classify("logs/audit/1")).isEqualTo(SoulClass.REALTIME);
        assertThat(rules.classify("logs/app/1")).isEqualTo(SoulClass.LOG);
    }

    @Test
    void soulsNoRuleMatchesAreRealtime() {
        assertThat(SoulClassifier.parse("logs/** -> log").classify("anything")).isEqualTo(SoulClass.REALTIME);
    }

    @Test
    void singleStarMatchesExactlyOneSegment() {
        final SoulPattern pattern = SoulPattern.parse("devices/*/entropy/**");
        assertThat(pattern.matches("devices/entropy")).isFalse();
        assertThat(pattern.matches("devices/a/b/entropy/x")).isFalse();
        assertThat(pattern.matches("devices/a/entropy/x/y/z")).isTrue();
    }

    @Test
    void sourceIsThePartBeforeTheDoubleStar() {
        assertThat(defaults.sourceOf("devices/d1/entropy/s42")).isEqualTo("devices/d1/entropy");
        assertThat(defaults.sourceOf("logs/app/1")).isEqualTo("logs");
        assertThat(defaults.sourceOf("plain")).isEqualTo("plain");
    }

    @Test
    void badRulesNameTheRule() {
        assertThatThrownBy(() -> SoulClassifier.parse("logs/** => log"))
                .hasMessageContaining("logs/** => log");
        assertThatThrownBy(() -> SoulClassifier.parse("logs/** -> archive"))
                .hasMessageContaining("archive");
    }

    @Test
    void matchesLikeASegmentListMatcherOnRandomSoulsAndPatterns() {
        final String[] parts = {"a", "b", "", "ab", "*", "**", "é"};
        final java.util.Random random = new java.util.Random(3);
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            final String soul = randomPath(random, parts, 0, 6).replace("*", "s");
            final String pattern = randomPath(random, parts, 1, 4);
            if (pattern.isBlank()) {
                continue; // not a pattern (parse refuses it)
            }
            final boolean expected = reference(List.of(pattern.split("/", -1)), 0, List.of(soul.split("/", -1)), 0);
            assertThat(SoulPattern.parse(pattern).matches(soul)).as("%s ~ %s", soul, pattern).isEqualTo(expected);
            matched += expected ? 1 : 0;
        }
        assertThat(matched).as("both outcomes are exercised").isBetween(1_000, 19_000);
    }

    private static String randomPath(final java.util.Random random, final String[] parts, final int min, final int max) {
        final int n = min + random.nextInt(max - min + 1);
        final java.util.StringJoiner path = new java.util.StringJoiner("/");
        for (int i = 0; i < Math.max(n, 1); i++) {
            path.add(parts[random.nextInt(parts.length)]);
        }
        return n == 0 ? "" : path.toString();
    }

    /** The glob rules on segment lists, written the plain way: * is one segment, ** any number. */
    private static boolean reference(final List<String> pattern, final int p, final List<String> soul, final int s) {
        if (p == pattern.size()) {
            return s == soul.size();
        }
        if (pattern.get(p).equals("**")) {
            for (int skip = s; skip <= soul.size(); skip++) {
                if (reference(pattern, p + 1, soul, skip)) {
                    return true;
                }
            }
            return false;
        }
        return s < soul.size() && (pattern.get(p).equals("*") || pattern.get(p).equals(soul.get(s)))
                && reference(pattern, p + 1, soul, s + 1);
    }
}
