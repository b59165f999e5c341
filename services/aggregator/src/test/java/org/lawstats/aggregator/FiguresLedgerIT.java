package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.devstack.AggregatorProcess;
import tools.jackson.databind.JsonNode;

/**
 * The ledger of unit months gives exactly the figures api.md defines, over whole months of a subtree: distinct
 * persons across units and months, sums after a revision that moves an event to another month, unmatched requests
 * whose reply is in another month, in another unit or retracted, duplicates and revisions delivered out of order.
 * Runs in an aggregator of its own with the figures cache off, so that every answer is computed.
 */
class FiguresLedgerIT {
    private static final String PARENT = "t.ledger";
    private static final String CHILD = "t.ledger.a";
    private static SeparateAggregator aggregator;
    private static AggregatorProcess process;

    @BeforeAll
    static void start() {
        aggregator = new SeparateAggregator(
                "ledger-test", "ledger-events", TestInfrastructure.get().elasticsearchUri());
        process = aggregator.start(
                "ledger-aggregator.log",
                Map.of("LAWSTATS_INDICATORS_CACHESIZE", "0", "LAWSTATS_INDICATORS_LEDGERWARMINTERVAL", "200ms"));
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Test
    void summedMonthsGiveTheExactFiguresAndAChangeIsNeverHiddenByThem() throws Exception {
        List<EventEnvelope> deliveries = new ArrayList<>();
        EventEnvelope e1 = IntegrationTest.enrolled("ledger:e1", PARENT, "p1", at("2099-01-10T10:00:00+08:00"));
        EventEnvelope e2 = IntegrationTest.enrolled("ledger:e2", CHILD, "p1", at("2099-02-10T10:00:00+08:00"));
        // 16:30 UTC on 31 March is 00:30 on 1 April in the registry's zone
        EventEnvelope e3 = IntegrationTest.enrolled("ledger:e3", CHILD, "p2", at("2099-03-31T16:30:00Z"));
        EventEnvelope c1 = IntegrationTest.completed("ledger:c1", PARENT, "p1", at("2099-01-20T10:00:00+08:00"));
        EventEnvelope c2 = IntegrationTest.completed("ledger:c2", CHILD, "p2", at("2099-02-01T10:00:00+08:00"));
        EventEnvelope m1 = meeting("ledger:m1", PARENT, Payload.MeetingHeld.Kind.EXECUTIVE, 3, "2099-03-05");
        EventEnvelope m1Moved = m1.revised(
                2,
                at("2099-04-02T09:00:00+08:00"),
                new Payload.MeetingHeld(Payload.MeetingHeld.Kind.EXECUTIVE, true, 5));
        EventEnvelope m2 = meeting("ledger:m2", CHILD, Payload.MeetingHeld.Kind.PARTY_GROUP, 2, "2099-01-15");
        EventEnvelope r1 = received("ledger:r1", PARENT, "R1", "2099-01-05");
        EventEnvelope r2 = received("ledger:r2", PARENT, "R2", "2099-02-05");
        EventEnvelope r3 = received("ledger:r3", PARENT, "R3", "2099-03-05");
        EventEnvelope r4 = received("ledger:r4", PARENT, "R4", "2099-01-06");
        EventEnvelope y1 = replied("ledger:y1", PARENT, "R1", "2099-05-01");
        EventEnvelope y2 = replied("ledger:y2", PARENT, "R2", "2099-02-20");
        EventEnvelope y3 = replied("ledger:y3", CHILD, "R3", "2099-03-10"); // another unit: no match
        deliveries.addAll(List.of(e1, e2, e3, c1, c2, c2.retractedAt(2), m1, m1Moved, m2, m2, r1, r2, r3, r4));
        deliveries.addAll(List.of(r4.retractedAt(2), y1, y2, y2.retractedAt(2), y3, e1, r1));
        // arrival order is not revision order: a revision may come before the event it revises
        Collections.shuffle(deliveries, new Random(11));
        deliveries.forEach(event -> IntegrationTest.sendTo(event, 0));
        IntegrationTest.producer().flush();
        await().atMost(Duration.ofSeconds(120)).until(() -> aggregator.lag() == 0);

        assertServedByTheLedger(
                "2099",
                PARENT,
                figures(
                        "training.enrolled_persons", 2, // p1 in both units counts once
                        "training.completed_persons", 1, // p2's completion is retracted
                        "meeting.executive", 1,
                        "meeting.party_group", 1, // delivered twice, counted once
                        "meeting.key_matters", 7, // 5 (the revision) + 2
                        "disclosure.received", 3,
                        "disclosure.replied", 2,
                        "disclosure.pending", 2)); // R2's reply retracted, R3's reply in another unit
        assertServedByTheLedger(
                "2099-Q1",
                PARENT,
                figures(
                        "training.enrolled_persons", 1, // p2 enrolled on 1 April in the registry's zone
                        "training.completed_persons", 1,
                        "meeting.executive", 0, // moved to April by its revision
                        "meeting.key_matters", 2,
                        "disclosure.received", 3,
                        "disclosure.replied", 1,
                        "disclosure.pending", 2)); // R1 is answered in May: not pending, whatever the period
        assertServedByTheLedger(
                "2099-Q2",
                PARENT,
                figures(
                        "training.enrolled_persons", 1,
                        "training.completed_persons", 0,
                        "meeting.executive", 1,
                        "meeting.key_matters", 5,
                        "disclosure.received", 0,
                        "disclosure.pending", 0));
        assertServedByTheLedger(
                "2099-03",
                CHILD,
                figures("training.enrolled_persons", 0, "disclosure.replied", 1, "disclosure.pending", 0));
        JsonNode q2 = SeparateAggregator.getJson(process, "/api/v1/stats?period=2099-Q2&unit=" + PARENT);
        assertThat(q2.path("values").path("training.completion_rate").asDouble())
                .isEqualTo(0.0);
        JsonNode march = SeparateAggregator.getJson(process, "/api/v1/stats?period=2099-03&unit=" + CHILD);
        assertThat(march.path("values").path("training.completion_rate").isNull())
                .as("a rate over zero has no value")
                .isTrue();

        // R1's only reply is withdrawn: R1 is pending again, at once and ever after, never the ledger's old 2
        IntegrationTest.sendTo(y1.retractedAt(2), 0);
        IntegrationTest.producer().flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> pending("2099") == 3);
        for (int i = 0; i < 10; i++) {
            assertThat(pending("2099")).isEqualTo(3);
        }
        assertServedByTheLedger("2099", PARENT, figures("disclosure.pending", 3, "disclosure.replied", 1));
    }

    @Test
    void writesToUnitsItHoldsAreFollowedExactlyWithoutReadingTheUnitsAgain() throws Exception {
        EventEnvelope e1 = IntegrationTest.enrolled("follow:e1", PARENT, "p1", at("2098-01-10T10:00:00+08:00"));
        EventEnvelope e2 = IntegrationTest.enrolled("follow:e2", CHILD, "p2", at("2098-02-10T10:00:00+08:00"));
        EventEnvelope c3 = IntegrationTest.completed("follow:c3", PARENT, "p3", at("2098-02-11T10:00:00+08:00"));
        EventEnvelope m = meeting("follow:m", PARENT, Payload.MeetingHeld.Kind.EXECUTIVE, 4, "2098-03-05");
        EventEnvelope q1 = received("follow:q1", PARENT, "Q1", "2098-01-05");
        EventEnvelope q2 = received("follow:q2", PARENT, "Q2", "2098-02-05");
        EventEnvelope y1 = replied("follow:y1", PARENT, "Q1", "2098-03-01");
        List.of(e1, e2, c3, m, q1, q2, y1).forEach(event -> IntegrationTest.sendTo(event, 0));
        IntegrationTest.producer().flush();
        await().atMost(Duration.ofSeconds(120)).until(() -> aggregator.lag() == 0);
        assertServedByTheLedger(
                "2098",
                PARENT,
                figures(
                        "training.enrolled_persons", 2,
                        "meeting.key_matters", 4,
                        "disclosure.pending", 1));
        // The reads counter is the process's: this aggregator consumes every test class's events, and its warmer may
        // still be reading other units (written by two consumer threads at once, so not followed). Counted from when
        // the ledger holds every unit of the registry current; from then on only the writes below move anything.
        int registered = SeparateAggregator.getJson(process, "/api/v1/units").size();
        await().atMost(Duration.ofSeconds(120))
                .until(() -> ledgerMetric("lawstats.stats.ledger.units", "") == registered);
        double reads = ledgerMetric("lawstats.stats.ledger.reads", "?tag=outcome:kept");
        double followed = ledgerMetric("lawstats.stats.ledger.writes", "?tag=outcome:followed");

        List<EventEnvelope> changes = new ArrayList<>(List.of(
                IntegrationTest.enrolled("follow:e4", CHILD, "p1", at("2098-01-20T10:00:00+08:00")),
                e2.retractedAt(2),
                c3.revised(2, at("2098-03-11T10:00:00+08:00"), new Payload.TrainingCompleted("p4", "law", null, 8.0)),
                m.revised(
                        2,
                        at("2098-04-02T09:00:00+08:00"),
                        new Payload.MeetingHeld(Payload.MeetingHeld.Kind.EXECUTIVE, true, 6)),
                replied("follow:y2", PARENT, "Q2", "2098-04-03"),
                y1.retractedAt(2),
                replied("follow:y3", PARENT, "Q3", "2098-03-20"),
                received("follow:q3", PARENT, "Q3", "2098-02-25")));
        changes.addAll(List.of(changes.get(0), changes.get(3), y1.retractedAt(2)));
        Collections.shuffle(changes, new Random(5));
        // One topic at a time, each written and followed before the next is sent: the ledger follows a write that has
        // its unit to itself, and writes from two topics may be two consumer threads writing the unit at once.
        Map<String, List<EventEnvelope>> byTopic = new LinkedHashMap<>();
        changes.forEach(event -> byTopic.computeIfAbsent(event.type().topic(), t -> new ArrayList<>())
                .add(event));
        for (List<EventEnvelope> batch : byTopic.values()) {
            batch.forEach(event -> IntegrationTest.sendTo(event, 0));
            IntegrationTest.producer().flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> aggregator.lag() == 0);
        }

        assertServedByTheLedger(
                "2098",
                PARENT,
                figures(
                        "training.enrolled_persons", 1, // p1 twice; p2's enrolment retracted
                        "training.completed_persons", 1, // revised to p4
                        "meeting.executive", 1,
                        "meeting.key_matters", 6,
                        "disclosure.received", 3,
                        "disclosure.replied", 2, // y1 retracted
                        "disclosure.pending", 1)); // Q1 again; Q3's reply came before its request
        assertServedByTheLedger(
                "2098-Q1",
                PARENT,
                figures(
                        "training.enrolled_persons", 1,
                        "training.completed_persons", 1,
                        "meeting.executive", 0,
                        "meeting.key_matters", 0,
                        "disclosure.replied", 1,
                        "disclosure.pending", 1));
        assertServedByTheLedger(
                "2098-Q2", PARENT, figures("meeting.key_matters", 6, "disclosure.replied", 1, "disclosure.pending", 0));
        assertThat(ledgerMetric("lawstats.stats.ledger.reads", "?tag=outcome:kept"))
                .as("no unit read again: the writes were followed")
                .isEqualTo(reads);
        assertThat(ledgerMetric("lawstats.stats.ledger.writes", "?tag=outcome:followed"))
                .isGreaterThanOrEqualTo(followed + 2);
    }

    private static double ledgerMetric(String name, String tags) throws Exception {
        return SeparateAggregator.getJson(process, "/actuator/metrics/" + name + tags)
                .path("measurements")
                .path(0)
                .path("value")
                .asDouble();
    }

    /** Waits until the ledger answers the question, then checks that answer: figures not in the map are not looked at. */
    private static void assertServedByTheLedger(String period, String unit, Map<String, Long> expected) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            double before = SeparateAggregator.servedByLedger(process);
            JsonNode values = SeparateAggregator.getJson(process, "/api/v1/stats?period=" + period + "&unit=" + unit)
                    .path("values");
            assertThat(SeparateAggregator.servedByLedger(process))
                    .as("answered from the ledger")
                    .isGreaterThan(before);
            expected.forEach((id, value) -> assertThat(values.path(id).asLong())
                    .as(period + " " + unit + " " + id)
                    .isEqualTo(value));
        });
    }

    private static long pending(String period) throws Exception {
        return SeparateAggregator.getJson(process, "/api/v1/stats?period=" + period + "&unit=" + PARENT)
                .path("values")
                .path("disclosure.pending")
                .asLong();
    }

    private static Map<String, Long> figures(Object... idsAndValues) {
        Map<String, Long> figures = new LinkedHashMap<>();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            figures.put((String) idsAndValues[i], ((Integer) idsAndValues[i + 1]).longValue());
        }
        return figures;
    }

    private static OffsetDateTime at(String text) {
        return OffsetDateTime.parse(text);
    }

    private static EventEnvelope meeting(
            String eventId, String unit, Payload.MeetingHeld.Kind kind, long keyMatters, String day) {
        return EventEnvelope.of(
                eventId,
                EventType.MEETING_HELD,
                unit,
                at(day + "T09:00:00+08:00"),
                new Payload.MeetingHeld(kind, true, keyMatters));
    }

    private static EventEnvelope received(String eventId, String unit, String requestId, String day) {
        return EventEnvelope.of(
                eventId,
                EventType.DISCLOSURE_RECEIVED,
                unit,
                at(day + "T09:00:00+08:00"),
                new Payload.DisclosureReceived(
                        requestId,
                        Payload.DisclosureReceived.Channel.ONLINE,
                        Payload.DisclosureReceived.ApplicantType.CITIZEN,
                        "规划许可信息"));
    }

    private static EventEnvelope replied(String eventId, String unit, String requestId, String day) {
        return EventEnvelope.of(
                eventId,
                EventType.DISCLOSURE_REPLIED,
                unit,
                at(day + "T09:00:00+08:00"),
                new Payload.DisclosureReplied(
                        requestId,
                        Payload.DisclosureReplied.Outcome.DISCLOSED,
                        at(day + "T18:00:00+08:00").plusDays(20),
                        false));
    }
}
