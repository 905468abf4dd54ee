package io.gunstream.relay.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionMemoryTest {

    @Test
    void remembersByPidSurvivesASaveAndLoadAndExpires(@TempDir final Path dir) {
        final AtomicLong now = new AtomicLong(1000);
        final Path file = dir.resolve("subs");
        final SubscriptionMemory memory = new SubscriptionMemory(60_000, now::get, file);
        memory.remember("pidA", Set.of("a/1", "with\ttab"));
        memory.remember("pidB", Set.of("b"));
        memory.save();

        final SubscriptionMemory loaded = new SubscriptionMemory(60_000, now::get, file);
        assertThat(loaded.recall("pidA")).containsExactlyInAnyOrder("a/1", "with\ttab");
        assertThat(loaded.recall("pidA")).isEmpty();
        now.addAndGet(61_000);
        assertThat(loaded.recall("pidB")).isEmpty();
    }
}
