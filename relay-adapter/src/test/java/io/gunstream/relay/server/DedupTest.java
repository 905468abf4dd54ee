package io.gunstream.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DedupTest {

    @Test
    void anIdIsADuplicateForNineSecondsLikeGunDup() {
        final AtomicLong now = new AtomicLong(1_000_000);
        final Dedup dedup = new Dedup(now::get);
        assertThat(dedup.firstSeen("abc")).isTrue();
        now.addAndGet(8_999);
        assertThat(dedup.firstSeen("abc")).isFalse();
        now.addAndGet(9_001);
        assertThat(dedup.firstSeen("abc")).isTrue();
        dedup.track("mine");
        assertThat(dedup.firstSeen("mine")).isFalse();
    }
}
