package org.lawstats.aggregator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lawstats.aggregator.registry.UnitRegistry;

class UserDirectoryTest {
    private static final UnitRegistry REGISTRY = UnitRegistry.parse(
            new ByteArrayInputStream(
                    "units: [{id: r, name: 根}, {id: a, name: 甲, parent: r}]".getBytes(StandardCharsets.UTF_8)),
            "test");
    private static final String HASH = "{bcrypt}$2a$04$Pb5u1s2XrUAlj5dddi0LVOi3rxspJq85HAb5ZyzoKh7Vz04LkoOEq";

    private static Map<String, LawstatsUser> parse(String yaml) {
        return parse(yaml, 4);
    }

    private static Map<String, LawstatsUser> parse(String yaml, int minCost) {
        return UserDirectory.parse(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test", REGISTRY, minCost);
    }

    @Test
    void anOperatorsFileIsStrict() {
        assertThatThrownBy(() -> parse("users: [{username: u, password: secret, roles: [ADMIN]}]"))
                .hasMessageContaining("plain text");
        assertThatThrownBy(() -> parse("users: [{username: u, password: '" + HASH + "', roles: [BOSS]}]"))
                .hasMessageContaining("unknown role");
        assertThatThrownBy(() -> parse("users: [{username: u, password: '" + HASH + "', roles: [UNIT_CLERK]}]"))
                .hasMessageContaining("needs a unit");
        assertThatThrownBy(
                        () -> parse("users: [{username: u, password: '" + HASH + "', roles: [UNIT_CLERK], unit: zz}]"))
                .hasMessageContaining("not in the unit registry");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{noop}secret",
                "{sha256}97d170e1550eee4afc0af065b78cda302a97674c",
                "{MD5}5ebe2294ecd0e0f08eab7690d2a6ee69",
                "{pbkdf2}5d923b44a6d129f3ddf3e3c8d29412723dcbde72445e8ef6bf3b508fbf17fa4ed4d6b99ca763d8dc",
                "{bcrypt}not-a-hash",
                "$2a$10$QQrmLlkfH5y994uTVZv05u5013zNtFvVY787LhdncmZ0ROeMuiMvy"
            })
    void onlyBcryptPasswordsAreAccepted(String password) {
        assertThatThrownBy(() -> parse("users: [{username: u, password: '" + password + "', roles: [ADMIN]}]"))
                .hasMessageContaining("must be a bcrypt hash");
    }

    @Test
    void aBcryptCostBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> parse("users: [{username: u, password: '" + HASH + "', roles: [ADMIN]}]", 10))
                .hasMessageContaining("cost 04")
                .hasMessageContaining("at least 10");
    }

    @Test
    void aFileThatSaysItIsTheDemoLeavesOutUsersOfUnitsThisRegistryLacks() {
        var users = parse("demo: true\nusers: [{username: boss, password: '" + HASH + "', roles: [ADMIN]},"
                + " {username: far, password: '" + HASH + "', roles: [UNIT_CLERK], unit: zz},"
                + " {username: near, password: '" + HASH + "', roles: [UNIT_CLERK], unit: a}]");

        assertThat(users).containsOnlyKeys("boss", "near");
        assertThat(users.get("near").unit()).isEqualTo("a");
        assertThat(users.get("boss").toString()).doesNotContain("bcrypt");
    }
}
