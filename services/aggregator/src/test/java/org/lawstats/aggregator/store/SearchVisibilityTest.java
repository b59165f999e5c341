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

        visibility.writing(Set.of("b"));
        assertThat(visibility.unchanged(before, UNITS)).isFalse();
        assertThat(visibility.snapshot(UNITS)).as("write in flight").isEmpty();

        var refreshDuringTheWrite = visibility.pendingNow();
        visibility.written(Set.of("b"));
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

        visibility.writing(Set.of("a"));
        assertThat(visibility.writesUnderway()).as("in flight").isTrue();
        visibility.written(Set.of("a"));
        assertThat(visibility.writesUnderway()).as("not yet searchable").isTrue();

        visibility.visible(visibility.pendingNow());
        assertThat(visibility.writesUnderway()).isFalse();
    }

    @Test
    void otherUnitsStayCacheableWhileOneIsWritten() {
        visibility.exclusive(true);
        var a = visibility.snapshot(List.of("a")).orElseThrow();

        visibility.writing(Set.of("b"));
        visibility.written(Set.of("b"));

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
}
