package org.lawstats.aggregator.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.access.Role.Right;
import org.lawstats.aggregator.registry.UnitRegistry;

class UnitAccessTest {
    private static final UnitRegistry REGISTRY = UnitRegistry.parse(
            new ByteArrayInputStream(("units: [{id: r, name: 根}, {id: a, name: 甲, parent: r},"
                            + " {id: a.x, name: 甲下, parent: a}, {id: b, name: 乙, parent: r}]")
                    .getBytes(StandardCharsets.UTF_8)),
            "test");
    private static final UnitAccess ACCESS = new UnitAccess(REGISTRY);

    private static LawstatsUser user(String unit, Role... roles) {
        return new LawstatsUser("u", "{bcrypt}x", Set.of(roles), unit);
    }

    @Test
    void aUnitBoundRoleKeepsItsScopeWhateverOtherRolesTheUserHolds() {
        LawstatsUser leadingEmitter = user("a", Role.LEADER, Role.UNIT_EMITTER);

        assertThat(ACCESS.may(leadingEmitter, Right.EMIT, "a.x")).isTrue();
        assertThat(ACCESS.may(leadingEmitter, Right.EMIT, "b")).isFalse();
        assertThat(ACCESS.may(leadingEmitter, Right.EMIT, "r")).isFalse();
        assertThat(ACCESS.may(leadingEmitter, Right.READ, "b")).isTrue();
        assertThat(ACCESS.seesClaimant(leadingEmitter, "a")).isFalse();
    }

    @Test
    void aLeaderWhoIsAlsoAClerkSeesClaimantsOfItsOwnSubtreeOnly() {
        LawstatsUser leadingClerk = user("a", Role.LEADER, Role.UNIT_CLERK);

        assertThat(ACCESS.seesClaimant(leadingClerk, "a.x")).isTrue();
        assertThat(ACCESS.seesClaimant(leadingClerk, "b")).isFalse();
        assertThat(ACCESS.may(leadingClerk, Right.READ, "b")).isTrue();
        assertThat(ACCESS.defaultUnit(leadingClerk, Right.READ)).isEqualTo("r");
    }

    @Test
    void eachRoleAloneHasTheRightsOfApiMd() {
        assertThat(ACCESS.may(user(null, Role.ADMIN), Right.EMIT, "b")).isTrue();
        assertThat(ACCESS.may(user(null, Role.LEADER), Right.EMIT, "b")).isFalse();
        assertThat(ACCESS.seesClaimant(user(null, Role.ADVISER), "b")).isTrue();
        assertThat(ACCESS.may(user("a", Role.UNIT_CLERK), Right.READ, "b")).isFalse();
        assertThat(ACCESS.defaultUnit(user("a", Role.UNIT_CLERK), Right.READ)).isEqualTo("a");
        assertThat(ACCESS.may(user("a", Role.UNIT_EMITTER), Right.READ, "a")).isFalse();
    }

    @Test
    void anEventCarriesTheHighestUnitItsEmitterSpeaksFor() {
        LawstatsUser emitter = user("a", Role.UNIT_EMITTER);

        assertThat(ACCESS.authority(emitter, Right.EMIT, "a.x")).isEqualTo("a");
        assertThat(ACCESS.authority(emitter, Right.EMIT, "a")).isEqualTo("a");
        assertThat(ACCESS.authority(emitter, Right.EMIT, "b")).isNull();
        assertThat(ACCESS.authority(user(null, Role.ADMIN), Right.EMIT, "a.x"))
                .as("a right everywhere: no narrower authority")
                .isEmpty();
    }

    @Test
    void aUnitBoundEmitterWritesOnlyTheEventIdsOfItsSubtreeWhateverOtherRolesItHolds() {
        LawstatsUser leadingEmitter = user("a", Role.LEADER, Role.UNIT_EMITTER);

        assertThat(ACCESS.mayWriteEventId(leadingEmitter, "a:train:1")).isTrue();
        assertThat(ACCESS.mayWriteEventId(leadingEmitter, "a.x:ledger:training.completed:00ff"))
                .isTrue();
        assertThat(ACCESS.mayWriteEventId(leadingEmitter, "b:train:1")).isFalse();
        assertThat(ACCESS.mayWriteEventId(leadingEmitter, "r:train:1")).isFalse();
        assertThat(ACCESS.mayWriteEventId(leadingEmitter, "ledger:training.completed:00ff"))
                .as("an eventId of no unit")
                .isFalse();
        assertThat(ACCESS.mayWriteEventId(user(null, Role.ADMIN), "ledger:training.completed:00ff"))
                .as("an admin is bound to no unit")
                .isTrue();
    }
}
