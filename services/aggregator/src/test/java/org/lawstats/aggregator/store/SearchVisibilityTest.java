package org.lawstats.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchVisibilityTest {
    private final List<Object> published = new ArrayList<>();
    private final SearchVisibility visibility =
            new SearchVisibility(null, new EventIndexInitializer(null, properties()), properties(), published::add);

    private static StoreProperties properties() {
        return new StoreProperties("events", "t", "cases", "c", Duration.ofMillis(200));
    }

    private static final List<String> UNITS = List.of("a", "b");

    @Test
    void nothingIsCacheableUnlessThisProcessIsTheOnlyWriter() {
        assertThat(visibility.snapshot(UNITS)).isEmpty();

        visibility.exclusive(true);

        assertThat(visibility.snapshot(UNITS)).isPresent();
    }

    @Test
    void aWriteVoidsEarlierSnapshotsAndBlocksCachingUntilARefreshAfterItEnds() {
        visibility.exclusive(true);
        var before = visibility.snapshot(UNITS).orElseThrow();

        var write = visibility.writing(Set.of("b"));
        assertThat(visibility.unchanged(before, UNITS)).isFalse();
        assertThat(visibility.snapshot(UNITS)).as("write in flight").isEmpty();

        var refreshDuringTheWrite = visibility.pendingNow();
        visibility.written(write, null);
        visibility.visible(refreshDuringTheWrite);
        assertThat(visibility.snapshot(UNITS))
                .as("a refresh that began before the write ended proves nothing")
                .isEmpty();

        visibility.visible(visibility.pendingNow());
        assertThat(visibility.snapshot(UNITS)).isPresent();
        assertThat(published).last().isEqualTo(new EventsVisible(Set.of("b")));
    }

    @Test
    void writesAreUnderwayFromTheirStartUntilARefreshAfterTheirEnd() {
        visibility.exclusive(true);
        assertThat(visibility.writesUnderway()).isFalse();

        var write = visibility.writing(Set.of("a"));
        assertThat(visibility.writesUnderway()).as("in flight").isTrue();
        visibility.written(write, null);
        assertThat(visibility.writesUnderway()).as("not yet searchable").isTrue();

        visibility.visible(visibility.pendingNow());
        assertThat(visibility.writesUnderway()).isFalse();
    }

    @Test
    void otherUnitsStayCacheableWhileOneIsWritten() {
        visibility.exclusive(true);
        var a = visibility.snapshot(List.of("a")).orElseThrow();

        visibility.written(visibility.writing(Set.of("b")), null);

        assertThat(visibility.unchanged(a, List.of("a"))).isTrue();
        assertThat(visibility.snapshot(List.of("a"))).isPresent();
    }

    @Test
    void losingExclusivityVoidsEverything() {
        visibility.exclusive(true);
        var a = visibility.snapshot(UNITS).orElseThrow();

        visibility.exclusive(true);

        assertThat(visibility.unchanged(a, UNITS))
                .as("a rebalance happened in between")
                .isFalse();
    }

    @Test
    void aWriteThatHadItsUnitsAloneTellsTheirStateBeforeAndAfterWithItsChanges() {
        visibility.exclusive(true);
        var change = new StoredChange("a", null, null);

        var write = visibility.writing(Set.of("a"));
        visibility.written(write, List.of(change));

        EventsWritten written = (EventsWritten) published.getLast();
        assertThat(written.changes()).containsExactly(change);
        assertThat(written.before().get("a").generations()).containsExactly(0L);
        assertThat(written.after().get("a").sameAs(currentOf("a"))).isTrue();
    }

    @Test
    void aUnitWrittenByTwoOverlappingWritesIsNotTold() {
        visibility.exclusive(true);

        var first = visibility.writing(Set.of("a", "b"));
        var second = visibility.writing(Set.of("b"));
        visibility.written(second, List.of());
        visibility.written(first, List.of());

        assertThat(published)
                .filteredOn(EventsWritten.class::isInstance)
                .map(e -> ((EventsWritten) e).after().keySet())
                .as("the second began while the first was writing b: neither had b alone")
                .containsExactly(Set.of("a"));
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownOrThatOutlivedAnInvalidationTellsNothing() {
        visibility.exclusive(true);

        visibility.written(visibility.writing(Set.of("a")), null);
        var write = visibility.writing(Set.of("a"));
        visibility.invalidateAll();
        visibility.written(write, List.of());

        assertThat(published)
                .noneMatch(e -> e instanceof EventsWritten w && !w.after().isEmpty());
    }

    @Test
    void aUnitIsSettledInItsStateBeforeAWriteUntilTheWriteEndsAndInTheStateAfterItOnceTold() {
        visibility.exclusive(true);
        var before = currentOf("a");

        var write = visibility.writing(Set.of("a"));
        assertThat(visibility.settled(before, "a")).as("one write in flight").isTrue();
        assertThat(visibility.unchanged(before, List.of("a"))).isFalse();
        published.clear();
        visibility.written(write, List.of());

        var after = ((EventsWritten) published.getLast()).after().get("a");
        assertThat(visibility.settled(after, "a")).isTrue();
        assertThat(visibility.settled(before, "a")).as("the write has ended").isFalse();
    }

    @Test
    void twoWritesOfAUnitAtOnceOrAFailedWriteLeaveNothingSettled() {
        visibility.exclusive(true);
        var before = currentOf("a");

        var first = visibility.writing(Set.of("a"));
        var second = visibility.writing(Set.of("a"));
        assertThat(visibility.settled(before, "a")).isFalse();
        visibility.written(second, List.of());
        visibility.written(first, List.of());
        var now = currentOf("a");
        visibility.written(visibility.writing(Set.of("a")), null);

        assertThat(visibility.settled(now, "a"))
                .as("a write whose outcome is unknown")
                .isFalse();
    }

    private SearchVisibility.Snapshot currentOf(String unit) {
        visibility.visible(visibility.pendingNow());
        return visibility.snapshot(List.of(unit)).orElseThrow();
    }
}
