package io.gunstream.core.ham;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link MachineClock} against gun.js's {@code State()} formula, with a wall clock the test moves by hand. */
class MachineClockTest {

    private long wall = 1_700_000_000_000L;
    private final MachineClock clock = new MachineClock(() -> wall, 0);

    @Test
    void firstCallInAMillisecondIsTheWallClock() {
        assertThat(clock.now()).isEqualTo(1_700_000_000_000d);
        wall = 1_700_000_000_005L;
        assertThat(clock.now()).isEqualTo(1_700_000_000_005d);
    }

    @Test
    void repeatedCallsInTheSameMillisecondAddNOver999() {
        assertThat(clock.now()).isEqualTo(wall);
        for (int n = 1; n <= 5; n++) {
            // gun.js: last = t + ((N += 1) / D) + State.drift
            assertThat(clock.now()).isEqualTo(wall + (n / 999d) + 0d);
        }
        wall++;
        assertThat(clock.now()).as("counter resets in a new millisecond").isEqualTo(wall);
    }

    @Test
    void clockGoingBackwardsStaysMonotonicOnTheOldWallTime() {
        clock.now();
        clock.now(); // N = 1
        wall -= 1000; // wall clock jumps back a second
        // gun.js compares last < t; last is ahead, so N keeps counting on the (earlier) t
        assertThat(clock.now()).isEqualTo(wall + (2 / 999d));
        assertThat(clock.now()).isEqualTo(wall + (3 / 999d));
        wall += 2000;
        assertThat(clock.now()).isEqualTo(wall);
    }

    @Test
    void stateIsStrictlyIncreasingWithinOneMillisecond() {
        double previous = clock.now();
        for (int i = 0; i < 998; i++) {
            final double next = clock.now();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void driftIsAnAdditiveOffsetAndLastIncludesIt() {
        final MachineClock ahead = new MachineClock(() -> wall, 2.5);
        assertThat(ahead.now()).isEqualTo(wall + 2.5);
        // last = t + 2.5 is not < t + 1, so the next millisecond still counts N (gun.js does the same)
        wall += 1;
        assertThat(ahead.now()).isEqualTo(wall + (1 / 999d) + 2.5);
        wall += 5;
        assertThat(ahead.now()).isEqualTo(wall + 2.5);
        assertThat(ahead.drift()).isEqualTo(2.5);
    }

    @Test
    void instancesAreIndependent() {
        final MachineClock other = new MachineClock(() -> wall, 0);
        clock.now();
        clock.now();
        assertThat(other.now()).isEqualTo(wall);
    }

    @Test
    void javaTimeClockIsAccepted() {
        final Clock fixed = Clock.fixed(Instant.ofEpochMilli(42), ZoneOffset.UTC);
        final MachineClock fromClock = MachineClock.of(fixed);
        assertThat(fromClock.now()).isEqualTo(42d);
        assertThat(fromClock.now()).isEqualTo(42 + 1 / 999d);
    }

    @Test
    void nonFiniteDriftIsRefused() {
        assertThatThrownBy(() -> new MachineClock(() -> wall, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drift");
    }
}
