package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lawstats.aggregator.deadlines.DeadlineRecount;
import org.lawstats.aggregator.deadlines.OfficialCalendar;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/deadlines} on the real broker and server (api.md § Deadlines): the time limits the events make,
 * in any arrival order, met, missed, overdue, reopened by a retracted reply, and as the caller may see them; on days
 * the test chooses (the application's clock), inside the calendar and in a year whose notice it does not hold yet.
 */
class DeadlinesIT extends IntegrationTest {
    private static final String U = "t.deadline";
    /** A unit of its own for the matters made relative to a chosen day: they never touch U's counts. */
    private static final String TODAY = "t.today";
    /** A day inside the official calendar on which the 2024 matters are as the assertions say. */
    private static final LocalDate LATER = LocalDate.of(2025, 6, 2);

    private static EventEnvelope received(String requestId, String at) {
        return received(U, requestId, at);
    }

    private static EventEnvelope received(String unit, String requestId, String at) {
        return EventEnvelope.of(
                "dl:" + requestId + ":r",
                EventType.DISCLOSURE_RECEIVED,
                unit,
                OffsetDateTime.parse(at),
                new Payload.DisclosureReceived(
                        requestId,
                        Payload.DisclosureReceived.Channel.MAIL,
                        Payload.DisclosureReceived.ApplicantType.CITIZEN,
                        "申请公开征收补偿方案"));
    }

    private static EventEnvelope replied(String requestId, String at) {
        return EventEnvelope.of(
                "dl:" + requestId + ":p",
                EventType.DISCLOSURE_REPLIED,
                U,
                OffsetDateTime.parse(at),
                new Payload.DisclosureReplied(
                        requestId, Payload.DisclosureReplied.Outcome.DISCLOSED, OffsetDateTime.parse(at), false));
    }

    private static EventEnvelope filed(String id, String caseNo, CaseKind kind, String servedAt) {
        return EventEnvelope.of(
                "dl:" + id + ":f",
                EventType.CASE_FILED,
                U,
                OffsetDateTime.parse(servedAt),
                new Payload.CaseFiled(
                        caseNo, kind, "某法院", "李四", "不服行政处罚决定", null, false, OffsetDateTime.parse(servedAt)));
    }

    private static EventEnvelope answered(String id, String caseNo, CaseKind kind, String at) {
        return EventEnvelope.of(
                "dl:" + id + ":a",
                EventType.CASE_ANSWERED,
                U,
                OffsetDateTime.parse(at),
                new Payload.CaseAnswered(caseNo, kind));
    }

    private static boolean sent;

    @Autowired
    OfficialCalendar calendar;

    @BeforeEach
    void sendTheMattersOnce() {
        clock.setToday(LATER);
        if (sent) {
            return;
        }
        sent = true;
        // Replies before their requests, on other partitions: a record gathers its events whatever their order.
        sendTo(replied("missed", "2024-11-01T10:00:00+08:00"), 1);
        sendTo(received("missed", "2024-09-27T09:00:00+08:00"), 2);
        sendTo(received("met", "2024-09-27T09:00:00+08:00"), 0);
        sendTo(replied("met", "2024-10-30T17:00:00+08:00"), 1);
        sendTo(received("overdue", "2024-09-27T09:00:00+08:00"), 0);
        EventEnvelope reopened = replied("reopened", "2024-10-10T10:00:00+08:00");
        sendTo(received("reopened", "2024-09-27T09:00:00+08:00"), 0);
        sendTo(reopened, 1);
        sendTo(reopened.retractedAt(2), 2);
        sendTo(filed("lit", "(2024)津0104行初9号", CaseKind.LITIGATION, "2024-09-20T10:00:00+08:00"), 0);
        sendTo(answered("lit", "(2024)津0104行初9号", CaseKind.LITIGATION, "2024-10-09T10:00:00+08:00"), 2);
        sendTo(filed("rec", "津复〔2024〕9号", CaseKind.RECONSIDERATION, "2024-09-27T10:00:00+08:00"), 1);
        awaitFiguresSettled();
        refresh();
    }

    private Map<String, JsonNode> byRef(String query, String user) {
        return byRef(U, query, user);
    }

    private Map<String, JsonNode> byRef(String unit, String query, String user) {
        var response = getAs(user, "/api/v1/deadlines?unit=" + unit + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> items = new HashMap<>();
        JSON.readTree(response.body())
                .path("items")
                .forEach(item -> items.put(item.path("ref").asString(), item));
        return items;
    }

    @Test
    void everyMatterHasItsDueDateAndStatus() {
        Map<String, JsonNode> items = byRef("&size=200", "adviser");

        assertThat(items.get("missed").path("dueOn").asString()).isEqualTo("2024-10-30");
        assertThat(items.get("missed").path("status").asString()).isEqualTo("MISSED");
        assertThat(items.get("missed").path("metOn").asString()).isEqualTo("2024-11-01");
        assertThat(items.get("met").path("status").asString()).isEqualTo("MET");
        assertThat(items.get("overdue").path("status").asString()).isEqualTo("OVERDUE");
        assertThat(items.get("overdue").path("workingDaysLeft").asInt()).isNegative();
        assertThat(items.get("reopened").path("status").asString())
                .as("a retracted reply reopens the request")
                .isEqualTo("OVERDUE");
        assertThat(items.get("(2024)津0104行初9号").path("kind").asString()).isEqualTo("LITIGATION_DEFENCE");
        assertThat(items.get("(2024)津0104行初9号").path("dueOn").asString()).isEqualTo("2024-10-08");
        assertThat(items.get("(2024)津0104行初9号").path("status").asString()).isEqualTo("MISSED");
        assertThat(items.get("津复〔2024〕9号").path("dueOn").asString()).isEqualTo("2024-10-16");
        assertThat(items.get("津复〔2024〕9号").path("status").asString()).isEqualTo("OVERDUE");
        assertThat(items.values())
                .allSatisfy(item -> assertThat(item.path("provisional").asBoolean(true))
                        .as("counted on the notices")
                        .isFalse());
    }

    /**
     * On any day, inside the calendar or in the year after its last notice (whose notice comes out in November or
     * December): a request received that day is OPEN with its due date 20 working days on, one received so that it is
     * due within five working days is DUE_SOON, and neither is overdue; what was counted over 2027 says provisional.
     */
    @ParameterizedTest(name = "today {0}")
    @ValueSource(strings = {"2024-10-14", "2026-12-28", "2027-01-04", "2027-10-15"})
    void onAnyDayAMatterReceivedThatDayIsOpenAndOneDueWithinFiveWorkingDaysIsDueSoon(LocalDate today) {
        clock.setToday(today);
        LocalDate soon = receiptDueSoonOn(calendar, today);
        send(received(TODAY, "open-" + today, today + "T09:00:00+08:00"));
        send(received(TODAY, "soon-" + today, soon + "T09:00:00+08:00"));
        awaitAllConsumed();

        Map<String, JsonNode> items = byRef(TODAY, "&size=200", "adviser");
        JsonNode open = items.get("open-" + today);
        JsonNode dueSoon = items.get("soon-" + today);

        assertThat(open.path("status").asString()).isEqualTo("OPEN");
        assertThat(LocalDate.parse(open.path("dueOn").asString())).isEqualTo(calendar.afterWorkingDays(today, 20));
        assertThat(open.path("workingDaysLeft").asInt()).isEqualTo(20);
        assertThat(dueSoon.path("status").asString()).as("received " + soon).isEqualTo("DUE_SOON");
        assertThat(dueSoon.path("workingDaysLeft").asInt()).isBetween(0, 5);
        for (JsonNode item : List.of(open, dueSoon)) {
            boolean provisional =
                    calendar.isProvisional(LocalDate.parse(item.path("dueOn").asString()))
                            || calendar.isProvisional(today);
            assertThat(item.path("provisional").asBoolean(!provisional))
                    .as(item.path("ref").asString() + " due "
                            + item.path("dueOn").asString())
                    .isEqualTo(provisional);
        }
        assertThat(today.getYear() == 2024 || open.path("provisional").asBoolean())
                .as("every day but the first is in or runs into 2027, which has no notice")
                .isTrue();
        assertThat(figure(TODAY, today.toString().substring(0, 7), "disclosure.overdue"))
                .as("requests not yet due are not overdue")
                .isZero();
    }

    @Test
    void aRequestDueInAYearWithoutItsNoticeHasAProvisionalDueDateAndOnePastItNone() {
        clock.setToday(LocalDate.of(2026, 12, 28));
        send(received(TODAY, "winter", "2026-12-20T09:00:00+08:00"));
        send(received(TODAY, "beyond", "2027-12-20T09:00:00+08:00"));
        awaitAllConsumed();

        Map<String, JsonNode> items = byRef(TODAY, "&size=200", "adviser");

        assertThat(items.get("winter").path("dueOn").asString()).isEqualTo("2027-01-18");
        assertThat(items.get("winter").path("provisional").asBoolean()).isTrue();
        assertThat(items.get("winter").path("status").asString()).isEqualTo("OPEN");
        assertThat(items.get("beyond").path("dueOn").isNull())
                .as("2028 is more than a year past the last notice")
                .isTrue();
        assertThat(items.get("beyond").path("provisional").asBoolean()).isFalse();
    }

    /**
     * An operator adds the notice and restarts: the recount finds each limit counted over a year without its notice,
     * counts it again on the calendar, and writes it back at its own version. Here a document as an older calendar
     * left it (no due date: the count ran past it) is counted on today's.
     */
    @Test
    void aLimitCountedBeforeItsYearWasInTheCalendarIsCountedAgainAtStart(@Autowired DeadlineRecount recount)
            throws Exception {
        send(received(TODAY, "recount", "2026-12-21T09:00:00+08:00"));
        awaitAllConsumed();
        String id = JSON.readTree(elasticsearch("/lawstats-deadlines/_search?q=ref:recount&version=true"))
                .path("hits")
                .path("hits")
                .get(0)
                .path("_id")
                .asString();
        long version = JSON.readTree(elasticsearch("/lawstats-deadlines/_doc/" + id))
                .path("_version")
                .asLong();
        // As a calendar holding 2020-2026 only (and no provisional rule) stored it.
        String unknown = "{\"kind\":\"DISCLOSURE_REPLY\",\"unitId\":\"" + TODAY + "\",\"ref\":\"recount\","
                + "\"startedOn\":\"2026-12-21\",\"extendedBy\":0,\"stops\":[],\"stopped\":false,"
                + "\"unknownBeyond\":2027,\"provisional\":false}";
        elasticsearch(
                "PUT",
                "/lawstats-deadlines/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?version=" + version
                        + "&version_type=external_gte&refresh=true",
                unknown);

        DeadlineRecount.Result result = recount.recount();
        refresh();

        assertThat(result.changed()).isPositive();
        JsonNode winter = byRef(TODAY, "&size=200", "adviser").get("recount");
        assertThat(winter.path("dueOn").asString()).isEqualTo("2027-01-19");
        assertThat(winter.path("provisional").asBoolean()).isTrue();
        assertThat(recount.recount().changed())
                .as("a second recount changes nothing")
                .isZero();
    }

    @Test
    void theOverdueFigureCountsTheRequestsOfThePeriodRepliedLateOrStillUnansweredPastDue() {
        // missed (replied after its due date), overdue, reopened (its only reply retracted): all received 2024-09-27.
        assertThat(figure("2024", "disclosure.overdue")).isEqualTo(3);
        assertThat(figure("2024-Q3", "disclosure.overdue")).isEqualTo(3);
        assertThat(figure("2024-09", "disclosure.overdue")).isEqualTo(3);
        assertThat(figure("2024-Q4", "disclosure.overdue")).isZero();
        JsonNode breakdown = JSON.readTree(getAs("adviser", "/api/v1/stats/breakdown?period=2024&unit=" + U)
                .body());
        assertThat(breakdown
                        .path("rows")
                        .get(0)
                        .path("values")
                        .path("disclosure.overdue")
                        .asLong())
                .isEqualTo(3);
        assertThat(breakdown
                        .path("total")
                        .path("values")
                        .path("disclosure.overdue")
                        .asLong())
                .isEqualTo(3);
    }

    private long figure(String period, String indicator) {
        return figure(U, period, indicator);
    }

    private long figure(String unit, String period, String indicator) {
        var response = getAs("adviser", "/api/v1/stats?period=" + period + "&unit=" + unit);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("values").path(indicator).asLong(-1);
    }

    @Test
    void aStatusAndAKindFilterTheListSoonestDueFirst() {
        var response = get("/api/v1/deadlines?unit=" + U + "&status=OVERDUE");
        JsonNode body = JSON.readTree(response.body());

        assertThat(body.path("total").asLong()).isEqualTo(3);
        assertThat(body.path("items").get(0).path("ref").asString())
                .as("due 2024-10-16, before the requests of 2024-10-30")
                .isEqualTo("津复〔2024〕9号");
        assertThat(byRef("&kind=DISCLOSURE_REPLY&status=MET", "admin")).containsOnlyKeys("met");
        assertThat(byRef("&from=2024-10-01&to=2024-10-20", "admin")).containsOnlyKeys("(2024)津0104行初9号", "津复〔2024〕9号");
    }

    @Test
    void aClerkSeesOnlyItsSubtreeAndAnEmitterNothing() {
        assertThat(getAs("clerk", "/api/v1/deadlines?unit=" + U).statusCode()).isEqualTo(403);
        assertThat(getAs("emitter", "/api/v1/deadlines").statusCode()).isEqualTo(403);
        assertThat(getAs(null, "/api/v1/deadlines").statusCode()).isEqualTo(401);
    }

    @Test
    void aBadParameterIsA400ThatSaysWhich() {
        var response = get("/api/v1/deadlines?unit=" + U + "&status=LATE");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("status").doesNotContain("Exception");
        assertThat(get("/api/v1/deadlines?unit=" + U + "&from=2024-13-01").statusCode())
                .isEqualTo(400);
    }

    private static String elasticsearch(String path) throws Exception {
        return elasticsearch("GET", path, null);
    }

    private static String elasticsearch(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(TestInfrastructure.get().elasticsearchUri() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isBetween(200, 299);
        return response.body();
    }
}
