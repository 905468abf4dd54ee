package io.gunstream.streams.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
