package io.gunstream.connect.gun.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final long NOW = 1_000_000;
    private static final long SETTLE = 10_000;

    @Test
    void aNewerFieldEmittedFirstDoesNotCoverAnOlderOneNotYetEmitted() {
        // gun.js sends a flat put (state S+0.001) before the nested put written just before it (state S).
        final OffsetTracker tracker = new OffsetTracker(RootOffset.NONE, SETTLE, 100);
        tracker.emitted("d/1", Map.of("name", NOW + 0.001), NOW + 5, true);
        final RootOffset committed = tracker.offset();
        assertThat(committed.isNew("d/1", "name", NOW + 0.001)).isFalse();
        assertThat(committed.isNew("d", "d2", NOW)).isTrue();
        assertThat(committed.isNew("d/2", "temp", NOW)).isTrue();
    }

    @Test
    void theFloorFollowsTheSettleWindowOnlyWhileSettled() {
        final OffsetTracker tracker = new OffsetTracker(RootOffset.NONE, SETTLE, 100);
        tracker.emitted("a", Map.of("x", (double) NOW - 20_000), NOW, false);
        assertThat(tracker.offset().floor()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(tracker.offset().fields()).containsOnlyKeys(RootOffset.pair("a", "x"));
        tracker.emitted("a", Map.of("y", (double) NOW), NOW + 1, true);
        assertThat(tracker.offset().floor()).isEqualTo(NOW + 1 - SETTLE);
        // Folded into the floor: exact entries are kept only above it.
        assertThat(tracker.offset().fields()).containsOnlyKeys(RootOffset.pair("a", "y"));
        assertThat(tracker.offset().isNew("a", "x", NOW - 20_000)).isFalse();
        assertThat(tracker.offset().isNew("b", "z", NOW - SETTLE + 2)).isTrue();
    }

    @Test
    void startsFromTheStoredOffsetAndKeepsTheNewestStateOfAField() {
        final OffsetTracker tracker = new OffsetTracker(new RootOffset(10, Map.of(RootOffset.pair("a", "x"), 50.0)), 0, 100);
        tracker.emitted("a", Map.of("x", 40.0), 30, false);
        assertThat(tracker.offset().fields()).containsEntry(RootOffset.pair("a", "x"), 50.0);
        tracker.emitted("a", Map.of("x", 60.0), 30, false);
        assertThat(tracker.offset().fields()).containsEntry(RootOffset.pair("a", "x"), 60.0);
    }

    @Test
    void beyondTheCapFoldsTheOldestWhenSettledAndRecordsNothingNewWhileCatchingUp() {
        final OffsetTracker catchingUp = new OffsetTracker(RootOffset.NONE, SETTLE, 4);
        for (int i = 0; i < 6; i++) {
            catchingUp.emitted("s" + i, Map.of("k", (double) NOW + i), NOW, false);
        }
        // Not recorded: re-emitted after a restart rather than covered by a floor that may hide unreceived fields.
        assertThat(catchingUp.offset().fields()).hasSize(4);
        assertThat(catchingUp.offset().floor()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(catchingUp.offset().isNew("s5", "k", NOW + 5)).isTrue();

        catchingUp.emitted("s6", Map.of("k", (double) NOW + 6), NOW, true);
        final RootOffset settled = catchingUp.offset();
        assertThat(settled.fields()).hasSize(3).containsOnlyKeys(RootOffset.pair("s2", "k"), RootOffset.pair("s3", "k"),
                RootOffset.pair("s6", "k"));
        assertThat(settled.floor()).isEqualTo(NOW + 1);
    }
}
