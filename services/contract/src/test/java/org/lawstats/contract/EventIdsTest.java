package org.lawstats.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    private static final Set<String> UNITS = Set.of("nk", "nk.justice", "nk.justice.a", "t.cred:a", "x", "x:y");
    private static final Predicate<String> IS_UNIT = UNITS::contains;

    @Test
    void anEventIdBelongsToTheUnitWhoseIdItBeginsWithFollowedByAColon() {
        assertThat(EventIds.owner("nk.justice:train:2024-0001", IS_UNIT)).hasValue("nk.justice");
        assertThat(EventIds.owner("nk.justice.a:ledger:training.completed:00ff", IS_UNIT))
                .hasValue("nk.justice.a");
        assertThat(EventIds.owner("t.cred:a:1", IS_UNIT))
                .as("a unit id holding a colon")
                .hasValue("t.cred:a");
    }

    @Test
    void theLongestUnitWinsSoThatNoEventIdHasTwoOwners() {
        assertThat(EventIds.owner("x:y:1", IS_UNIT)).hasValue("x:y");
        assertThat(EventIds.owner("x:z:1", IS_UNIT)).hasValue("x");
    }

    @Test
    void anEventIdOfNoUnitHasNoOwner() {
        assertThat(EventIds.owner("ledger:training.completed:00ff", IS_UNIT)).isEmpty();
        assertThat(EventIds.owner("nk.justice", IS_UNIT))
                .as("the unit's id alone is no eventId of it")
                .isEmpty();
        assertThat(EventIds.owner("nk.justicex:1", IS_UNIT)).isEmpty();
        assertThat(EventIds.owner(":1", IS_UNIT)).isEmpty();
        assertThat(EventIds.owner(null, IS_UNIT)).isEmpty();
    }

    @Test
    void aWriterMayWriteTheEventIdsOfTheUnitsWithinItsRightsOnly() {
        Predicate<String> justiceSubtree = unit -> unit.equals("nk.justice") || unit.startsWith("nk.justice.");

        assertThat(EventIds.mayWrite("nk.justice:train:1", IS_UNIT, justiceSubtree))
                .isTrue();
        assertThat(EventIds.mayWrite("nk.justice.a:train:1", IS_UNIT, justiceSubtree))
                .isTrue();
        assertThat(EventIds.mayWrite("nk:train:1", IS_UNIT, justiceSubtree)).isFalse();
        assertThat(EventIds.mayWrite("ledger:training.completed:00ff", IS_UNIT, justiceSubtree))
                .isFalse();
    }

    @Test
    void anEventIdIsMadeWithItsUnitFirstAndWithinTheIdRule() {
        assertThat(EventIds.of("nk.justice", "train:2024-0001")).isEqualTo("nk.justice:train:2024-0001");
        assertThatThrownBy(() -> EventIds.of("nk.justice", "x".repeat(128)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventIds.of("nk.justice", "a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
