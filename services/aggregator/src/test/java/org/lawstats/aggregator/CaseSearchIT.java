package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

/** Case records merged from their events, searched in Chinese, within each role's rights. */
class CaseSearchIT extends IntegrationTest {
    private static final String A_NO = "(2044)津0104行初7号";
    private static boolean sent;

    private static EventEnvelope filed(
            String id,
            String unit,
            String caseNo,
            CaseKind kind,
            String claimant,
            String cause,
            String summary,
            String at) {
        return EventEnvelope.of(
                id,
                EventType.CASE_FILED,
                unit,
                at(at),
                new Payload.CaseFiled(caseNo, kind, "天津市南开区人民法院", claimant, cause, summary, true));
    }

    @BeforeEach
    void cases() {
        if (sent) {
            return;
        }
        // Closed before filed: arrival order must not matter.
        send(EventEnvelope.of(
                "cs:a:closed",
                EventType.CASE_CLOSED,
                "t.cases",
                at("2044-05-01T09:00:00+08:00"),
                new Payload.CaseClosed(A_NO, CaseKind.LITIGATION, Payload.CaseClosed.Outcome.REVOKED, null)));
        send(EventEnvelope.of(
                "cs:a:hearing",
                EventType.CASE_HEARING,
                "t.cases",
                at("2044-03-01T09:00:00+08:00"),
                new Payload.CaseHearing(A_NO, CaseKind.LITIGATION, true)));
        send(filed(
                "cs:a:filed",
                "t.cases",
                A_NO,
                CaseKind.LITIGATION,
                "张三丰",
                "不服房屋拆迁补偿决定",
                "张三丰认为补偿标准过低",
                "2044-01-10T09:00:00+08:00"));
        send(filed(
                "cs:b:filed",
                "t.cases",
                "(2044)南开复2号",
                CaseKind.RECONSIDERATION,
                "李四",
                "拆迁安置争议及补偿款发放",
                null,
                "2044-02-10T09:00:00+08:00"));
        send(filed(
                "cs:c:filed",
                "t.cases.sub",
                "(2044)津0104行初9号",
                CaseKind.LITIGATION,
                "王五",
                "不服行政处罚决定",
                "cause:* OR 1=1 <script>",
                "2044-03-10T09:00:00+08:00"));
        send(filed(
                "cs:d:filed",
                "t.tree.b",
                "(2044)津0104行初11号",
                CaseKind.LITIGATION,
                "赵六",
                "不服拆迁补偿决定",
                null,
                "2044-04-10T09:00:00+08:00"));
        awaitStored("cs:d:filed", 1);
        refreshCases();
        sent = true;
    }

    private static void refreshCases() {
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            TestInfrastructure.get().elasticsearchUri() + "/lawstats-cases/_refresh"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode search(String user, String query) {
        HttpResponse<String> response = getAs(user, "/api/v1/cases?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> caseNos(JsonNode results) {
        return results.path("items")
                .valueStream()
                .map(i -> i.path("caseNo").asString())
                .toList();
    }

    @Test
    void aRunOfChineseCharactersMatchesOnlyAsAContiguousSubstring() {
        JsonNode results = search("adviser", "unit=t.cases&" + q("拆迁补偿"));

        assertThat(caseNos(results)).containsExactly(A_NO);
        assertThat(results.path("total").asLong()).isEqualTo(1);
        assertThat(results.path("items")
                        .get(0)
                        .path("highlight")
                        .path("cause")
                        .get(0)
                        .asString())
                .contains("<em>拆迁补偿</em>");
    }

    @Test
    void everyTermMustMatchSomewhere() {
        assertThat(caseNos(search("adviser", "unit=t.cases&" + q("拆迁 补偿"))))
                .containsExactlyInAnyOrder(A_NO, "(2044)南开复2号");
        assertThat(caseNos(search("adviser", "unit=t.cases&" + q("拆迁 处罚")))).isEmpty();
        assertThat(caseNos(search("adviser", "unit=t.cases&" + q("行初9号")))).containsExactly("(2044)津0104行初9号");
    }

    @Test
    void theRecordIsMergedWhateverTheArrivalOrder() {
        JsonNode a =
                search("adviser", "unit=t.cases&" + q("拆迁补偿")).path("items").get(0);

        assertThat(a.path("status").asString()).isEqualTo("CLOSED");
        assertThat(a.path("outcome").asString()).isEqualTo("REVOKED");
        assertThat(a.path("headAppeared").asBoolean()).isTrue();
        assertThat(a.path("filedAt").asString()).startsWith("2044-01-10");
        assertThat(a.path("claimant").asString()).isEqualTo("张三丰");
    }

    @Test
    void filtersAndNewestFirstWithoutQuery() {
        assertThat(caseNos(search("adviser", "unit=t.cases"))).containsExactly("(2044)津0104行初9号", "(2044)南开复2号", A_NO);
        assertThat(caseNos(search("adviser", "unit=t.cases&kind=RECONSIDERATION")))
                .containsExactly("(2044)南开复2号");
        assertThat(caseNos(search("adviser", "unit=t.cases&status=CLOSED"))).containsExactly(A_NO);
        assertThat(caseNos(search("adviser", "unit=t.cases.sub"))).containsExactly("(2044)津0104行初9号");
        assertThat(caseNos(search("adviser", "unit=t.cases&from=2044-02-01&to=2044-03-01")))
                .containsExactly("(2044)南开复2号");
        assertThat(caseNos(search("adviser", "unit=t.cases&size=1&page=1"))).containsExactly("(2044)南开复2号");
        assertThat(search("adviser", "unit=t.cases&size=1&page=1").path("total").asLong())
                .isEqualTo(3);
    }

    @Test
    void aLeaderSeesTheClaimantMaskedEverywhereAndCannotSearchByIt() {
        JsonNode a = search("leader", "unit=t.cases&" + q("补偿标准")).path("items").get(0);

        assertThat(a.path("claimant").asString()).isEqualTo("张**");
        assertThat(a.path("summary").asString()).isEqualTo("张**认为补偿标准过低");
        assertThat(a.path("highlight").path("summary").get(0).asString())
                .doesNotContain("三丰")
                .contains("张**");
        // 李四 appears only as B's claimant: the leader cannot find B by it, the adviser can.
        assertThat(caseNos(search("leader", "unit=t.cases&" + q("李四")))).isEmpty();
        assertThat(caseNos(search("adviser", "unit=t.cases&" + q("李四")))).containsExactly("(2044)南开复2号");
    }

    @Test
    void aClerkSeesOnlyItsOwnSubtreeWithClaimants() {
        JsonNode own = search("clerk", q("拆迁补偿"));

        assertThat(caseNos(own)).containsExactly("(2044)津0104行初11号");
        assertThat(own.path("items").get(0).path("claimant").asString()).isEqualTo("赵六");
        assertThat(getAs("clerk", "/api/v1/cases?unit=t.cases").statusCode()).isEqualTo(403);
        assertThat(getAs("clerk", "/api/v1/cases/t.cases/LITIGATION/" + URLEncoder.encode(A_NO, StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(403);
        assertThat(getAs("emitter", "/api/v1/cases").statusCode()).isEqualTo(403);
        assertThat(getAs(null, "/api/v1/cases").statusCode()).isEqualTo(401);
    }

    @Test
    void oneCaseByItsKeyAndARetractedClosingReopensIt() {
        String caseNo = "(2044)津0104行初8号";
        send(filed(
                "cs:e:filed",
                "t.known",
                caseNo,
                CaseKind.LITIGATION,
                "钱七",
                "不服行政许可决定",
                null,
                "2044-06-01T09:00:00+08:00"));
        EventEnvelope closed = EventEnvelope.of(
                "cs:e:closed",
                EventType.CASE_CLOSED,
                "t.known",
                at("2044-07-01T09:00:00+08:00"),
                new Payload.CaseClosed(caseNo, CaseKind.LITIGATION, Payload.CaseClosed.Outcome.UPHELD, "维持"));
        send(closed);
        awaitStored("cs:e:closed", 1);
        String path = "/api/v1/cases/t.known/LITIGATION/" + URLEncoder.encode(caseNo, StandardCharsets.UTF_8);

        JsonNode e = JSON.readTree(getAs("leader", path).body());
        assertThat(e.path("status").asString()).isEqualTo("CLOSED");
        assertThat(e.path("history").valueStream().map(step -> step.path("type").asString()))
                .containsExactly("case.filed", "case.closed");
        assertThat(e.path("summary").asString()).isEqualTo("维持");
        assertThat(e.path("claimant").asString()).isEqualTo("钱*");

        send(closed.retractedAt(2));
        awaitStored("cs:e:closed", 2);

        JsonNode reopened = JSON.readTree(getAs("adviser", path).body());
        assertThat(reopened.path("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.path("closedAt").isNull()).isTrue();
        assertThat(reopened.path("claimant").asString()).isEqualTo("钱七");
        assertThat(reopened.path("history")
                        .valueStream()
                        .map(step -> step.path("type").asString()))
                .as("the withdrawn closing is no longer part of the story")
                .containsExactly("case.filed");
        assertThat(getAs("adviser", "/api/v1/cases/t.known/LITIGATION/nope").statusCode())
                .isEqualTo(404);
        assertThat(getAs("adviser", "/api/v1/cases/t.known/APPEAL/x").statusCode())
                .isEqualTo(400);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            q=cause%3A*%20OR%201%3D1 | 200
            q=%22%29%28%5B%5D%7B%7D%5C%2F | 200
            q=* | 200
            size=100000 | 400
            size=0 | 400
            page=-1 | 400
            page=abc | 400
            status=DONE | 400
            kind=x | 400
            from=yesterday | 400
            unit=t.nowhere | 400
            q=a%20a%20a%20a%20a%20a%20a%20a%20a%20a%20a%20b | 200
            """)
    void hostileParametersGetAJsonAnswerNeverAStackTrace(String query, int status) {
        HttpResponse<String> response = getAs("adviser", "/api/v1/cases?" + query);

        // Query syntax is text to search for, never Elasticsearch's: it finds what it says, or is refused by name.
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception", "at org.", "co.elastic", "query_shard");
    }

    @Test
    void pathTricksInTheCaseKeyFindNothing() {
        // A case number and a unit are text (one segment each, whatever they hold): no such case. A control character
        // in the path is refused before any lookup.
        Map<String, Integer> answers = new LinkedHashMap<>();
        answers.put("/api/v1/cases/t.cases/LITIGATION/..%2F..%2F_cluster", 404);
        answers.put("/api/v1/cases/..%2Ft.cases/LITIGATION/x", 404);
        answers.put("/api/v1/cases/t.cases/LITIGATION/%00", 400);
        answers.put("/api/v1/cases/t.cases/LITIGATION/_search", 404);
        answers.forEach((path, status) -> {
            HttpResponse<String> response = getAs("adviser", path);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
            assertThat(response.body()).doesNotContain("Exception", "co.elastic");
        });
    }
}
