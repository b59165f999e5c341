package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.deadlines.OfficialCalendar;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/deadlines} on the real broker and server (api.md § Deadlines): the time limits the events make,
 * in any arrival order, met, missed, overdue, reopened by a retracted reply, and as the caller may see them.
 */
class DeadlinesIT extends IntegrationTest {
    private static final String U = "t.deadline";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static EventEnvelope received(String requestId, String at) {
        return EventEnvelope.of(
                "dl:" + requestId + ":r",
                EventType.DISCLOSURE_RECEIVED,
                U,
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

    private static String dueSoonReceipt;

    @BeforeEach
    void sendTheMattersOnce(@Autowired OfficialCalendar calendar) {
        if (dueSoonReceipt != null) {
            return;
        }
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
        // A request received today: OPEN; one received so that its due date is within the next five working days.
        LocalDate today = LocalDate.now(ZONE);
        sendTo(received("open", today + "T09:00:00+08:00"), 0);
        LocalDate soon = receiptDueSoonOn(calendar, today);
        dueSoonReceipt = soon.toString();
        sendTo(received("soon", soon + "T09:00:00+08:00"), 2);
        awaitFiguresSettled();
        refresh();
    }

    private Map<String, JsonNode> byRef(String query, String user) {
        var response = getAs(user, "/api/v1/deadlines?unit=" + U + query);
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
        assertThat(items.get("open").path("status").asString()).isEqualTo("OPEN");
        assertThat(items.get("soon").path("status").asString())
                .as("received " + dueSoonReceipt)
                .isEqualTo("DUE_SOON");
        assertThat(items.get("soon").path("workingDaysLeft").asInt()).isBetween(0, 5);
    }

    @Test
    void theOverdueFigureCountsTheRequestsOfThePeriodRepliedLateOrStillUnansweredPastDue() {
        // missed (replied after its due date), overdue, reopened (its only reply retracted): all received 2024-09-27.
        assertThat(figure("2024", "disclosure.overdue")).isEqualTo(3);
        assertThat(figure("2024-Q3", "disclosure.overdue")).isEqualTo(3);
        assertThat(figure("2024-09", "disclosure.overdue")).isEqualTo(3);
        assertThat(figure("2024-Q4", "disclosure.overdue")).isZero();
        assertThat(figure(Integer.toString(LocalDate.now(ZONE).getYear()), "disclosure.overdue"))
                .as("requests not yet due are not overdue")
                .isZero();
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
        var response = getAs("adviser", "/api/v1/stats?period=" + period + "&unit=" + U);
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
}
