package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

/**
 * A revision that moves a case event to another case number or kind leaves the old record: it is no longer found,
 * opened or counted, whatever the order the revisions arrive in. Case numbers hold any character and still open.
 */
class CaseRevisionIT extends IntegrationTest {
    private static final String U = "t.moved";

    private static EventEnvelope filed(String id, String caseNo, CaseKind kind, String at) {
        return EventEnvelope.of(
                id,
                EventType.CASE_FILED,
                U,
                at(at),
                new Payload.CaseFiled(caseNo, kind, "天津市南开区人民法院", "郑某", "不服行政处罚", null, false));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private int detail(String kind, String caseNo) {
        return getAs("adviser", "/api/v1/cases/" + U + "/" + kind + "/" + encode(caseNo))
                .statusCode();
    }

    private List<String> caseNos(String query) {
        JsonNode body = JSON.readTree(getAs("adviser", "/api/v1/cases?unit=" + U + "&size=100&" + query)
                .body());
        List<String> caseNos = new ArrayList<>();
        body.path("items").forEach(item -> caseNos.add(item.path("caseNo").asString()));
        return caseNos;
    }

    @Test
    void aRevisionThatChangesTheCaseNumberLeavesTheOldRecord() {
        EventEnvelope first = filed("moved:no:1", "（2046）津0104行初1号", CaseKind.LITIGATION, "2046-01-05T09:00:00+08:00");
        send(first);
        awaitStored("moved:no:1", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> detail("LITIGATION", "（2046）津0104行初1号") == 200);

        send(first.revised(
                2,
                first.occurredAt(),
                new Payload.CaseFiled(
                        "（2046）津0104行初2号", CaseKind.LITIGATION, "天津市南开区人民法院", "郑某", "不服行政处罚", null, false)));
        awaitStored("moved:no:1", 2);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(caseNos("q=" + encode("行初")))
                        .contains("（2046）津0104行初2号")
                        .doesNotContain("（2046）津0104行初1号"));
        assertThat(detail("LITIGATION", "（2046）津0104行初1号")).isEqualTo(404);
        assertThat(detail("LITIGATION", "（2046）津0104行初2号")).isEqualTo(200);
        assertThat(caseNos("status=OPEN")).doesNotContain("（2046）津0104行初1号");
    }

    @Test
    void aRevisionThatChangesTheKindLeavesTheOldRecord() {
        EventEnvelope first = filed("moved:kind:1", "南开复3号", CaseKind.LITIGATION, "2046-02-05T09:00:00+08:00");
        send(first);
        awaitStored("moved:kind:1", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> detail("LITIGATION", "南开复3号") == 200);

        send(first.revised(
                2,
                first.occurredAt(),
                new Payload.CaseFiled("南开复3号", CaseKind.RECONSIDERATION, "南开区人民政府", "郑某", "不服行政处罚", null, false)));
        awaitStored("moved:kind:1", 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> detail("RECONSIDERATION", "南开复3号") == 200);
        assertThat(detail("LITIGATION", "南开复3号")).isEqualTo(404);
        // searches see the records once the index has refreshed (each second)
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(caseNos("kind=LITIGATION")).doesNotContain("南开复3号"));
    }

    @Test
    void anEarlierRevisionArrivingAfterTheMoveNeverShowsTheOldNumber() {
        EventEnvelope first =
                filed("moved:late:1", "（2046）津0104行初5号", CaseKind.LITIGATION, "2046-03-05T09:00:00+08:00");
        EventEnvelope moved = first.revised(
                2,
                first.occurredAt(),
                new Payload.CaseFiled(
                        "（2046）津0104行初6号", CaseKind.LITIGATION, "天津市南开区人民法院", "郑某", "不服行政处罚", null, false));
        send(moved);
        awaitStored("moved:late:1", 2);
        send(first);
        // a later event of the same partition: once it is stored, the late first revision has been handled
        send(filed("moved:late:marker", "（2046）津0104行初7号", CaseKind.LITIGATION, "2046-03-06T09:00:00+08:00"));
        awaitStored("moved:late:marker", 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> detail("LITIGATION", "（2046）津0104行初7号") == 200);
        assertThat(detail("LITIGATION", "（2046）津0104行初5号")).isEqualTo(404);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(caseNos(""))
                        .contains("（2046）津0104行初6号", "（2046）津0104行初7号")
                        .doesNotContain("（2046）津0104行初5号"));
    }

    @Test
    void aCaseNumberWithSlashesPercentSignsAndSemicolonsOpens() {
        String caseNo = "2046/行初;8号 100%";
        send(filed("moved:odd:1", caseNo, CaseKind.LITIGATION, "2046-04-05T09:00:00+08:00"));
        awaitStored("moved:odd:1", 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> detail("LITIGATION", caseNo) == 200);
        JsonNode one = JSON.readTree(getAs("adviser", "/api/v1/cases/" + U + "/LITIGATION/" + encode(caseNo))
                .body());
        assertThat(one.path("caseNo").asString()).isEqualTo(caseNo);
    }

    @Test
    void aDateInToMeansTheWholeDay() {
        // 23:30 on 31 December in the registry's zone
        send(filed("moved:eve:1", "（2046）津0104行初9号", CaseKind.LITIGATION, "2046-12-31T23:30:00+08:00"));
        awaitStored("moved:eve:1", 1);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(caseNos("from=2046-12-31&to=2046-12-31")).containsExactly("（2046）津0104行初9号"));
        assertThat(caseNos("to=2046-12-30")).doesNotContain("（2046）津0104行初9号");
        assertThat(caseNos("from=2047-01-01")).doesNotContain("（2046）津0104行初9号");
    }
}
