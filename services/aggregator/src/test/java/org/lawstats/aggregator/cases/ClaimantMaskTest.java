package org.lawstats.aggregator.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ClaimantMaskTest {

    @Test
    void theClaimantKeepsItsFirstCharacter() {
        assertThat(ClaimantMask.mask("张三丰")).isEqualTo("张**");
        assertThat(ClaimantMask.mask("𠀀𪚥王")).isEqualTo("𠀀**");
        assertThat(ClaimantMask.mask("王")).isEqualTo("王");
    }

    @Test
    void theWholeNameAndEveryPartOfItAfterTheFirstCharacterAreHiddenInAText() {
        assertThat(shown("张三丰不服拆迁决定，三丰称", "张三丰")).isEqualTo("张**不服拆迁决定，**称");
        assertThat(shown("张三诉区政府", "张三")).isEqualTo("张*诉区政府");
        // spaces inside a name are characters of it too: "i " and " l" are hidden wherever they are
        assertThat(shown("LI LEI and lei", "Li Lei")).isEqualTo("L******and****");
    }

    @Test
    void markupInANameIsHiddenLikeAnyOtherCharacter() {
        String claimant = "m>拆迁</em>Z";
        String cause = "拆迁Z style=position:fixed;inset:0 onmouseover=alert(1) x 拆迁";

        assertThat(shown(cause, claimant)).doesNotContain("拆迁", ">Z").startsWith("**");
    }

    private static String shown(String text, String claimant) {
        return ClaimantMask.shown(ClaimantMask.hide(text, claimant));
    }

    @Test
    void aHiddenTextKeepsTheCharactersAroundTheNameApartForTheAnalyzer() {
        String hidden = ClaimantMask.hide("马马郎郎", "Z马郎");

        assertThat(hidden).doesNotContain("*").contains(Character.toString(ClaimantMask.PLACEHOLDER));
        assertThat(ClaimantMask.shown(hidden)).isEqualTo("马**郎");
    }

    @Test
    void thePlaceholderInAUnitsTextIsNeverShownAsHidden() {
        String text = "罕见字" + Character.toString(ClaimantMask.PLACEHOLDER);

        assertThat(ClaimantMask.shown(ClaimantMask.hide(text, "张三"))).isEqualTo("罕见字\uFFFD");
        assertThat(ClaimantMask.shown(ClaimantMask.hide(text, null))).isEqualTo("罕见字\uFFFD");
    }

    @Test
    void nullAndEmptyStayAsTheyAre() {
        assertThat(shown(null, "张三")).isNull();
        assertThat(shown("文本", null)).isEqualTo("文本");
        assertThat(ClaimantMask.mask(null)).isNull();
    }

    @Test
    void aCaseEventIsMaskedInItsDataClaimantAndTextsAlike() {
        var json = JsonMapper.builder().build();
        var filed = (ObjectNode) json.readTree("""
                {"eventId":"e1","type":"case.filed","payload":{"caseNo":"1","claimant":"欧阳修文",
                 "cause":"欧阳修文不服处罚","summary":"修文称","forum":"法院"}}""");
        var closed = (ObjectNode) json.readTree("""
                {"eventId":"e2","type":"case.closed","payload":{"caseNo":"1","summary":"欧阳修文撤诉"}}""");

        ClaimantMask.maskEvent(filed, null);
        ClaimantMask.maskEvent(closed, "欧阳修文");

        assertThat(filed.path("payload").path("claimant").asString()).isEqualTo("欧***");
        assertThat(filed.path("payload").path("cause").asString()).isEqualTo("欧***不服处罚");
        assertThat(filed.path("payload").path("summary").asString()).isEqualTo("**称");
        assertThat(closed.path("payload").path("summary").asString()).isEqualTo("欧***撤诉");
        assertThat(closed.path("payload").has("claimant")).isFalse();
    }
}
