package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.Topics;
import tools.jackson.databind.JsonNode;

/**
 * The valid half of the hostile corpus: emoji, rare CJK characters (outside the Basic Multilingual Plane), markup and
 * query syntax in text, a UTF-8 byte-order mark. Each is counted, found by search as plain text, and given back
 * escaped; none is a query.
 */
class OddButValidTextIT extends IntegrationTest {
    private static final String U = "t.odd";
    private static final String AT = "2045-03-01T09:00:00+08:00";

    private static String filed(String id, String caseNo, String cause, String summary) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"case.filed\",\"unitId\":\"" + U + "\",\"occurredAt\":\"" + AT
                + "\",\"payload\":{\"caseNo\":" + JSON.writeValueAsString(caseNo) + ",\"kind\":\"LITIGATION\","
                + "\"forum\":\"人民法院\",\"claimant\":\"𠀀某\",\"cause\":" + JSON.writeValueAsString(cause)
                + ",\"summary\":" + JSON.writeValueAsString(summary) + ",\"counselInvolved\":false}}";
    }

    @Test
    void oddButValidTextIsCountedSearchableAndEscaped() {
        List<String> records = List.of(
                filed("odd:1", "(2045)津0104行初1号", "不服𪚥字号登记决定", "申请人😀要求撤销"),
                filed("odd:2", "(2045)津0104行初2号", "<script>alert(1)</script>", "'; DROP TABLE cases; --"),
                filed("odd:3", "*:* OR unitId:t.other", "{\"query\":{\"match_all\":{}}}", "${jndi:ldap://x/a}"),
                filed("odd:4", "(2045)津0104行初4号", "不服行政处罚决定", "第一行\n第二行\t制表"));
        for (String record : records) {
            sendRaw(Topics.CASES, U, record.getBytes(StandardCharsets.UTF_8));
        }
        byte[] withBom =
                ("\uFEFF" + filed("odd:5", "(2045)津0104行初5号", "带字节序标记", "BOM")).getBytes(StandardCharsets.UTF_8);
        sendRaw(Topics.CASES, U, withBom);
        awaitStored("odd:5", 1);

        assertThat(values("2045", U).path("case.litigation.filed").asLong())
                .as("all five are valid and counted, the byte-order mark included")
                .isEqualTo(5);
        // case records become searchable at the cases index's own refresh (1 s)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> search("BOM").path("total").asLong() == 1);
        assertThat(search("𪚥").path("items").get(0).path("caseNo").asString()).isEqualTo("(2045)津0104行初1号");
        assertThat(search("😀").path("total").asLong()).isEqualTo(1);

        JsonNode script = search("script").path("items").get(0);
        assertThat(script.path("cause").asString()).isEqualTo("<script>alert(1)</script>");
        assertThat(script.path("highlight").toString()).contains("&lt;").doesNotContain("<script>");
        assertThat(search("*:*").path("total").asLong())
                .as("punctuation is no searchable text, and never a wildcard over every case")
                .isZero();
        assertThat(search("unitId:t.other")
                        .path("items")
                        .valueStream()
                        .map(i -> i.path("caseNo").asString()))
                .as("query syntax is text: only the case whose number holds it")
                .containsExactly("*:* OR unitId:t.other");
        assertThat(search("match_all").path("total").asLong()).isEqualTo(1);
    }

    private JsonNode search(String q) {
        return JSON.readTree(get("/api/v1/cases?unit=" + U + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                .body());
    }
}
