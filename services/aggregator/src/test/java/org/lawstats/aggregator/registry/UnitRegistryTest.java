package org.lawstats.aggregator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.ConfigLocation;

class UnitRegistryTest {

    private static UnitRegistry parse(String yaml) {
        return UnitRegistry.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void theSampleRegistryIsNankaiDistrict() {
        UnitRegistry nankai = UnitRegistry.load(new ConfigLocation("classpath:config/units.yml"));

        assertThat(nankai.root().name()).isEqualTo("南开区");
        assertThat(nankai.zone().getId()).isEqualTo("Asia/Shanghai");
        assertThat(nankai.size()).isBetween(15, 30);
        assertThat(nankai.subtree("nk.justice")).containsExactly("nk.justice", "nk.justice.legal-aid");
        assertThat(nankai.subtree("nk")).hasSize(nankai.size());
    }

    @Test
    void aSubtreeHoldsEveryDescendantAndNothingElse() {
        UnitRegistry registry = parse("""
                units:
                  - {id: r, name: 根}
                  - {id: a, name: 甲, parent: r}
                  - {id: a1, name: 甲一, parent: a}
                  - {id: a11, name: 甲一一, parent: a1}
                  - {id: b, name: 乙, parent: r}
                """);

        assertThat(registry.subtree("a")).containsExactlyInAnyOrder("a", "a1", "a11");
        assertThat(registry.covers("a", "a11")).isTrue();
        assertThat(registry.covers("a", "a")).isTrue();
        assertThat(registry.covers("a", "b")).isFalse();
        assertThat(registry.covers("a11", "a"))
                .as("an ancestor is not below its descendant")
                .isFalse();
        assertThat(registry.covers("a", "nowhere")).isFalse();
        assertThat(registry.children("r")).extracting(UnitRegistry.Unit::id).containsExactly("a", "b");
        assertThat(registry.zone().getId()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void aUnitMayNameTheContactsWhoReceiveItsDigestAndATypoStopsTheStart() {
        UnitRegistry registry = parse("""
                units:
                  - {id: r, name: 根, contacts: [fzb@example.gov.cn, 'duty.officer+law@mail.example.gov.cn']}
                  - {id: a, name: 甲, parent: r}
                """);

        assertThat(registry.find("r").orElseThrow().contacts())
                .containsExactly("fzb@example.gov.cn", "duty.officer+law@mail.example.gov.cn");
        assertThat(registry.find("a").orElseThrow().contacts()).isEmpty();
        assertThatThrownBy(() -> parse("units: [{id: r, name: 根, contacts: [fzb@example]}]"))
                .hasMessageContaining("unit r: contact 'fzb@example' is not an e-mail address");
        assertThatThrownBy(() -> parse("units: [{id: r, name: 根, contacts: ['a@b.cn\\nBcc: x@y.cn']}]"))
                .hasMessageContaining("is not an e-mail address");
        assertThatThrownBy(() -> parse("units: [{id: r, name: 根, contacts: fzb@example.gov.cn}]"))
                .hasMessageContaining("contacts must be a list");
    }

    @Test
    void aBrokenRegistryIsRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("units: [{id: r, name: 根}, {id: r, name: 又}]"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("units: [{id: r, name: 根}, {id: a, name: 甲, parent: x}]"))
                .hasMessageContaining("unknown parent");
        assertThatThrownBy(() -> parse("units: [{id: r, name: 根}, {id: s, name: 又}]"))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("units: [{id: 'r r', name: 根}]")).hasMessageContaining("must be");
        assertThatThrownBy(() -> parse("zone: Mars/Olympus\nunits: [{id: r, name: 根}]"))
                .hasMessageContaining("zone");
        assertThatThrownBy(() ->
                        parse("units: [{id: r, name: 根}, {id: a, name: 甲, parent: b}, {id: b, name: 乙, parent: a}]"))
                .hasMessageContaining("cycle");
    }
}
