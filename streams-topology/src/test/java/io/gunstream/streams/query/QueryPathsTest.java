package io.gunstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryPathsTest {

    @Test
    void encodesEverythingButUnreservedSoSoulsSurviveProxies() {
        assertThat(QueryPaths.encode("devices/d1 x?y#z%.~_-")).isEqualTo("devices%2Fd1%20x%3Fy%23z%25%2E~_-");
        assertThat(QueryPaths.encode("\u00e9\ud83d\ude00")).isEqualTo("%C3%A9%F0%9F%98%80");
    }

    @Test
    void decodesPathsKeepingPlusAndQueriesTurningPlusIntoSpace() {
        final String soul = "devices/d1 + x?y#z%/\u00e9\ud83d\ude00/../.";
        assertThat(QueryPaths.decode(QueryPaths.encode(soul), false)).isEqualTo(soul);
        assertThat(QueryPaths.decode("a+b/c%2Fd", false)).isEqualTo("a+b/c/d");
        assertThat(QueryPaths.decode("\u00e9/\ud83d\ude00", false)).isEqualTo("\u00e9/\ud83d\ude00");
        assertThat(QueryPaths.parseQuery("prefix=a+b%2Fc&limit=5&limit=6&flag"))
                .containsEntry("prefix", "a b/c").containsEntry("limit", "5").containsEntry("flag", "");
    }

    @Test
    void refusesBrokenEscapes() {
        assertThatThrownBy(() -> QueryPaths.decode("a%2", false)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> QueryPaths.decode("a%zz", false)).hasMessageContaining("bad percent-escape");
        assertThatThrownBy(() -> QueryPaths.decode("a%C3", false)).hasMessageContaining("not UTF-8");
    }

    @Test
    void soulOrderIsCodePointOrderNotUtf16Order() {
        // U+FF5E sorts after U+1F600 in UTF-16 units (0xFF5E > 0xD83D), before it by code point, as RocksDB sorts.
        assertThat(SoulOrder.compare("\uff5e", "\ud83d\ude00")).isNegative();
        assertThat("\uff5e".compareTo("\ud83d\ude00")).isPositive();
        assertThat(SoulOrder.compare("a", "ab")).isNegative();
        assertThat(SoulOrder.compare("ab", "ab")).isZero();
    }
}
