package io.gunstream.relay.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void allowsOneSecondsWorthThenRefillsWithTime() {
        final AtomicLong now = new AtomicLong();
        final TokenBucket bucket = new TokenBucket(10, now::get);
        int allowed = 0;
        for (int i = 0; i < 25; i++) {
            allowed += bucket.tryAcquire() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(10);
        now.addAndGet(500_000_000L);
        allowed = 0;
        for (int i = 0; i < 25; i++) {
            allowed += bucket.tryAcquire() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(5);
    }
}
