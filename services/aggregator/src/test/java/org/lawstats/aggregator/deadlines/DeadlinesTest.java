package org.lawstats.aggregator.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

/** A matter's deadline from its events: dates in the registry's zone, any arrival order, retractions undone. */
class DeadlinesTest {
    private static final UnitRegistry REGISTRY = UnitRegistry.parse(
            new ByteArrayInputStream(
                    "zone: Asia/Shanghai\nunits:\n  - id: u\n    name: 单位\n".getBytes(StandardCharsets.UTF_8)),
            "test");
    private final Deadlines deadlines = new Deadlines(
            DeadlineRuleTest.RULES,
            OfficialCalendarTest.SHIPPED,
            REGISTRY,
            Clock.fixed(Instant.parse("2026-12-28T02:00:00Z"), ZoneId.of("Asia/Shanghai")));

    private static EventEnvelope event(String id, EventType type, String at, Payload payload) {
        return EventEnvelope.of(id, type, "u", OffsetDateTime.parse(at), payload);
    }

    private static EventEnvelope received(String at) {
        return event(
                "r1",
                EventType.DISCLOSURE_RECEIVED,
                at,
                new Payload.DisclosureReceived(
                        "req-1",
                        Payload.DisclosureReceived.Channel.ONLINE,
                        Payload.DisclosureReceived.ApplicantType.CITIZEN,
                        "s"));
    }

    private static EventEnvelope replied(String id, String at) {
        return event(
                id,
                EventType.DISCLOSURE_REPLIED,
                at,
                new Payload.DisclosureReplied(
                        "req-1", Payload.DisclosureReplied.Outcome.DISCLOSED, OffsetDateTime.parse(at), false));
    }

    private static EventEnvelope suspended(String id, String at, Payload.DisclosureSuspended.Reason reason) {
        return event(id, EventType.DISCLOSURE_SUSPENDED, at, new Payload.DisclosureSuspended("req-1", reason));
    }

    private static EventEnvelope resumed(String id, String at) {
        return event(id, EventType.DISCLOSURE_RESUMED, at, new Payload.DisclosureResumed("req-1"));
    }

    private Deadline request(List<EventEnvelope> events) {
        return deadlines.ofRequest("u", "req-1", events).orElseThrow();
    }

    @Test
    void theReceiptDayIsTheRegistrysDayNotUtcs() {
        // 2024-09-26T17:00Z is 2024-09-27 01:00 in Shanghai: the limit starts from the 27th.
        Deadline deadline = request(List.of(received("2024-09-26T17:00:00Z")));

        assertThat(deadline.startedOn()).isEqualTo("2024-09-27");
        assertThat(deadline.dueOn()).isEqualTo("2024-10-30");
    }

    @Test
    void aReplyAfterTheDueDateIsMissedAndARetractedReplyReopensTheRequest() {
        EventEnvelope late = replied("p1", "2024-10-31T10:00:00+08:00");

        assertThat(request(List.of(received("2024-09-27T09:00:00+08:00"), late)).outcome())
                .isEqualTo(Deadline.Status.MISSED);
        Deadline reopened = request(List.of(received("2024-09-27T09:00:00+08:00"), late.retractedAt(2)));
        assertThat(reopened.metOn()).isNull();
        assertThat(reopened.status(LocalDate.parse("2024-11-01"), LocalDate.parse("2024-11-08")))
                .isEqualTo(Deadline.Status.OVERDUE);
    }

    @Test
    void theFirstReplyMeetsItAndAReplyOnTheDueDateIsOnTime() {
        Deadline deadline = request(List.of(
                replied("p2", "2024-11-05T10:00:00+08:00"),
                replied("p1", "2024-10-30T23:00:00+08:00"),
                received("2024-09-27T09:00:00+08:00")));

        assertThat(deadline.metOn()).isEqualTo("2024-10-30");
        assertThat(deadline.outcome()).isEqualTo(Deadline.Status.MET);
    }

    @Test
    void theOrderOfArrivalNeverChangesTheDeadline() {
        List<EventEnvelope> events = new ArrayList<>(List.of(
                received("2024-03-01T09:00:00+08:00"),
                event(
                        "x1",
                        EventType.DISCLOSURE_EXTENDED,
                        "2024-03-20T09:00:00+08:00",
                        new Payload.DisclosureExtended("req-1", 10)),
                suspended("s1", "2024-03-08T09:00:00+08:00", Payload.DisclosureSuspended.Reason.THIRD_PARTY),
                resumed("m1", "2024-03-15T09:00:00+08:00"),
                suspended("s2", "2024-04-10T09:00:00+08:00", Payload.DisclosureSuspended.Reason.CORRECTION),
                resumed("m2", "2024-04-12T09:00:00+08:00")));
        Deadline first = request(events);
        Random random = new Random(15);
        for (int i = 0; i < 50; i++) {
            Collections.shuffle(events, random);
            assertThat(request(events)).isEqualTo(first);
        }
        assertThat(first.extendedBy()).isEqualTo(10);
        // 3-11..3-15 paused, then the correction of 4-10 restarts 30 working days after 4-12.
        assertThat(first.dueOn())
                .isEqualTo(OfficialCalendarTest.SHIPPED.afterWorkingDays(LocalDate.parse("2024-04-12"), 30));
    }

    @Test
    void aSuspensionNotResumedLeavesNoDueDateAndTheStatusOpen() {
        Deadline deadline = request(List.of(
                received("2024-03-01T09:00:00+08:00"),
                suspended("s1", "2024-03-08T09:00:00+08:00", Payload.DisclosureSuspended.Reason.THIRD_PARTY)));

        assertThat(deadline.dueOn()).isNull();
        assertThat(deadline.status(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-08")))
                .isEqualTo(Deadline.Status.OPEN);
        assertThat(DeadlineDocument.of(deadline).stopped()).isTrue();
    }

    @Test
    void noReceiptNoDeadline() {
        assertThat(deadlines.ofRequest("u", "req-1", List.of(replied("p1", "2024-10-31T10:00:00+08:00"))))
                .isEmpty();
        assertThat(deadlines.ofRequest(
                        "u",
                        "req-1",
                        List.of(received("2024-09-27T09:00:00+08:00").retractedAt(2))))
                .isEmpty();
    }

    @Test
    void aLimitPastTheProvisionalYearSaysWhichYearIsMissing() {
        Deadline deadline = request(List.of(received("2027-12-20T09:00:00+08:00")));

        assertThat(deadline.dueOn()).isNull();
        assertThat(deadline.unknownBeyond()).isEqualTo(2028);
        assertThat(deadline.provisional()).isFalse();
        assertThat(DeadlineDocument.of(deadline).stopped()).isFalse();
    }

    @Test
    void aLimitThatRunsIntoAYearWithoutItsNoticeIsDueProvisionally() {
        Deadline deadline = request(List.of(received("2026-12-20T09:00:00+08:00")));

        assertThat(deadline.dueOn()).isEqualTo("2027-01-18");
        assertThat(deadline.provisional()).isTrue();
        assertThat(deadlines.provisional(deadline, LocalDate.parse("2026-12-28")))
                .isTrue();
        assertThat(deadlines.today())
                .as("the clock's day in the registry's zone")
                .isEqualTo("2026-12-28");
    }

    @Test
    void theDaysLeftCountedInAYearWithoutItsNoticeAreProvisionalToo() {
        Deadline due2026 = request(List.of(received("2026-11-20T09:00:00+08:00")));

        assertThat(due2026.provisional()).isFalse();
        assertThat(deadlines.provisional(due2026, LocalDate.parse("2026-12-10")))
                .isFalse();
        assertThat(deadlines.provisional(due2026, LocalDate.parse("2027-01-05")))
                .as("overdue, its working days since counted over 2027")
                .isTrue();
    }

    @Test
    void aLimitCountedProvisionallyIsCountedAgainOnTheNoticeOnceItIsAdded() {
        Deadline provisional = request(List.of(
                received("2026-12-20T09:00:00+08:00"),
                suspended("s1", "2026-12-22T09:00:00+08:00", Payload.DisclosureSuspended.Reason.THIRD_PARTY),
                resumed("s2", "2026-12-24T09:00:00+08:00")));
        // A notice for 2027 that gives 01-04 off as well.
        OfficialCalendar withNotice =
                OfficialCalendar.parse(new ByteArrayInputStream("""
                        years:
                          - year: 2026
                            notices: [n2026]
                          - year: 2027
                            notices: [a notice for 2027]
                            holidays:
                              - { name: 元旦, from: 2027-01-01, to: 2027-01-04, days: 4 }
                        """.getBytes(StandardCharsets.UTF_8)), "test");
        Deadlines onTheNotice = new Deadlines(DeadlineRuleTest.RULES, withNotice, REGISTRY, Clock.systemUTC());

        Deadline recounted =
                onTheNotice.recounted(DeadlineDocument.of(provisional).deadline());

        assertThat(provisional.dueOn()).as("paused 12-23, 12-24").isEqualTo("2027-01-20");
        assertThat(recounted.dueOn()).as("01-04 off").isEqualTo("2027-01-21");
        assertThat(recounted.provisional()).isFalse();
        assertThat(recounted.stops()).isEqualTo(provisional.stops());
        Deadline started = request(List.of(received("2026-12-30T09:00:00+08:00")));
        Deadline moved = onTheNotice.recounted(DeadlineDocument.of(started).deadline());
        assertThat(started.dueOn()).isEqualTo("2027-01-28");
        assertThat(moved.dueOn()).isEqualTo("2027-01-29");
    }

    @Test
    void aCaseServedHasItsDefenceDeadlineAndAnAnswerMeetsIt() {
        EventEnvelope filed = event(
                "c1",
                EventType.CASE_FILED,
                "2024-09-25T09:00:00+08:00",
                new Payload.CaseFiled(
                        "(2024)津0104行初1号",
                        CaseKind.LITIGATION,
                        "法院",
                        "张三",
                        "不服",
                        null,
                        false,
                        OffsetDateTime.parse("2024-09-20T10:00:00+08:00")));
        EventEnvelope answered = event(
                "c2",
                EventType.CASE_ANSWERED,
                "2024-10-08T16:00:00+08:00",
                new Payload.CaseAnswered("(2024)津0104行初1号", CaseKind.LITIGATION));

        Deadline deadline = deadlines
                .ofCase("u", "(2024)津0104行初1号", List.of(answered, filed))
                .orElseThrow();

        assertThat(deadline.kind()).isEqualTo(DeadlineRule.Kind.LITIGATION_DEFENCE);
        assertThat(deadline.dueOn()).isEqualTo("2024-10-08");
        assertThat(deadline.outcome()).isEqualTo(Deadline.Status.MET);
        assertThat(deadlines.ofCase(
                        "u",
                        "x",
                        List.of(event(
                                "c3",
                                EventType.CASE_FILED,
                                "2024-09-25T09:00:00+08:00",
                                new Payload.CaseFiled("x", CaseKind.RECONSIDERATION, "f", "c", "c", null, false)))))
                .as("service unknown: no deadline")
                .isEmpty();
    }

    @Test
    void statusFollowsToday() {
        Deadline open = request(List.of(received("2024-09-27T09:00:00+08:00")));
        LocalDate due = open.dueOn();

        assertThat(open.status(due.minusDays(20), due.minusDays(10))).isEqualTo(Deadline.Status.OPEN);
        assertThat(open.status(due.minusDays(3), due)).isEqualTo(Deadline.Status.DUE_SOON);
        assertThat(open.status(due, due.plusDays(7))).isEqualTo(Deadline.Status.DUE_SOON);
        assertThat(open.status(due.plusDays(1), due.plusDays(8))).isEqualTo(Deadline.Status.OVERDUE);
    }
}
