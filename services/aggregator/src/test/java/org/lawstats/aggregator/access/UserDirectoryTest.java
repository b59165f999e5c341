package org.lawstats.aggregator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.registry.UnitRegistry;

class UserDirectoryTest {
    private static final UnitRegistry REGISTRY = UnitRegistry.parse(
            new ByteArrayInputStream(
                    "units: [{id: r, name: 根}, {id: a, name: 甲, parent: r}]".getBytes(StandardCharsets.UTF_8)),
            "test");
    private static final String HASH = "{bcrypt}$2a$04$Pb5u1s2XrUAlj5dddi0LVOi3rxspJq85HAb5ZyzoKh7Vz04LkoOEq";

    private static java.util.Map<String, LawstatsUser> parse(String yaml, boolean demo) {
        return UserDirectory.parse(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test", REGISTRY, demo);
    }

    @Test
    void anOperatorsFileIsStrict() {
        assertThatThrownBy(() -> parse("users: [{username: u, password: secret, roles: [ADMIN]}]", false))
                .hasMessageContaining("plain text is refused");
        assertThatThrownBy(() -> parse("users: [{username: u, password: '" + HASH + "', roles: [BOSS]}]", false))
                .hasMessageContaining("unknown role");
        assertThatThrownBy(() -> parse("users: [{username: u, password: '" + HASH + "', roles: [UNIT_CLERK]}]", false))
                .hasMessageContaining("needs a unit");
        assertThatThrownBy(() ->
                        parse("users: [{username: u, password: '" + HASH + "', roles: [UNIT_CLERK], unit: zz}]", false))
                .hasMessageContaining("not in the unit registry");
    }

    @Test
    void theDemoFileLeavesOutUsersOfUnitsThisRegistryLacks() {
        var users = parse(
                "users: [{username: boss, password: '" + HASH + "', roles: [ADMIN]},"
                        + " {username: far, password: '" + HASH + "', roles: [UNIT_CLERK], unit: zz},"
                        + " {username: near, password: '" + HASH + "', roles: [UNIT_CLERK], unit: a}]",
                true);

        assertThat(users).containsOnlyKeys("boss", "near");
        assertThat(users.get("near").unitBound()).isTrue();
        assertThat(users.get("boss").toString()).doesNotContain("bcrypt");
    }
}
