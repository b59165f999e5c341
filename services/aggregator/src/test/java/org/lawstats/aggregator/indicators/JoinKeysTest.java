package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JoinKeysTest {
    private final JoinKeys join = new JoinKeys();

    @Test
    void countedEventsAreUnmatchedUntilTheirKeyHasAMatch() {
        assertThat(join.counted(key("R1"), 10, 1)).isTrue();
        assertThat(join.counted(key("R1"), 11, 1)).isTrue();

        assertThat(join.matched(key("R1"), 1))
                .as("matched now: both months move")
                .containsExactlyInAnyOrder(10, 11);
        assertThat(join.counted(key("R1"), 12, 1))
                .as("a later request of a matched key")
                .isFalse();
        assertThat(join.matched(key("R1"), 1))
                .as("a second match changes nothing")
                .isNull();
    }

    @Test
    void losingTheLastMatchMakesTheKeysEventsUnmatchedAgain() {
        join.counted(key("R1"), 10, 2);
        join.matched(key("R1"), 2);

        assertThat(join.matched(key("R1"), -1)).isNull();
        assertThat(join.matched(key("R1"), -1)).containsExactly(10, 10);
    }

    @Test
    void aMatchBeforeAnyCountedEventMovesNothingYet() {
        assertThat(join.matched(key("R1"), 1)).isEmpty();
        assertThat(join.counted(key("R1"), 10, 1)).isFalse();
    }

    @Test
    void removingWhatIsNotHeldIsRefusedRatherThanGuessed() {
        join.counted(key("R1"), 10, 1);

        assertThatThrownBy(() -> join.counted(key("R1"), 11, -1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> join.matched(key("R2"), -1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyKeysStayApartAsTheTableGrows() {
        for (int i = 0; i < 10_000; i++) {
            join.counted(key("R" + i), i % 36, 1);
        }
        for (int i = 0; i < 10_000; i += 2) {
            assertThat(join.matched(key("R" + i), 1)).containsExactly(i % 36);
        }

        assertThat(join.size()).isEqualTo(10_000);
        assertThat(join.counted(key("R1"), 0, 0)).isTrue();
        assertThat(join.counted(key("R2"), 0, 0)).isFalse();
    }

    private static byte[] key(String requestId) {
        return ("unit\0" + requestId).getBytes(StandardCharsets.UTF_8);
    }
}
