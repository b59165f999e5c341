package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

class TrainingFiguresIT extends IntegrationTest {

    private static void assertFigures(
            JsonNode values,
            long enrolled,
            long completed,
            Double completionRate,
            long assigned,
            long taken,
            Double participationRate) {
        assertThat(values.path("training.enrolled_persons").asLong()).isEqualTo(enrolled);
        assertThat(values.path("training.completed_persons").asLong()).isEqualTo(completed);
        assertRate(values.path("training.completion_rate"), completionRate);
        assertThat(values.path("exam.assigned_persons").asLong()).isEqualTo(assigned);
        assertThat(values.path("exam.taken_persons").asLong()).isEqualTo(taken);
        assertRate(values.path("exam.participation_rate"), participationRate);
    }

    private static void assertRate(JsonNode node, Double expected) {
        if (expected == null) {
            assertThat(node.isNull()).as("a rate over zero is null").isTrue();
        } else {
            assertThat(node.asDouble()).isEqualTo(expected);
        }
    }

    @Test
    void countsEveryTrainingAndExamIndicatorExactlyForAKnownSet() {
        String u = "t.known";
        send(enrolled("known:e1", u, "p1", at("2031-03-01T09:00:00+08:00")));
        send(enrolled("known:e2", u, "p1", at("2031-04-01T09:00:00+08:00"))); // same person, second course
        send(enrolled("known:e3", u, "p2", at("2031-05-01T09:00:00+08:00")));
        send(enrolled("known:e4", u, "p3", at("2031-06-01T09:00:00+08:00")));
        send(enrolled("known:e5", u, "p4", at("2031-12-31T23:59:59+08:00")));
        send(enrolled("known:e6", u, "p5", at("2030-12-31T23:59:59+08:00"))); // the year before
        send(enrolled("known:e7", "t.dup", "p6", at("2031-05-01T09:00:00+08:00"))); // another unit
        send(completed("known:c1", u, "p1", at("2031-07-01T09:00:00+08:00")));
        send(completed("known:c2", u, "p2", at("2031-07-01T09:00:00+08:00")));
        send(completed("known:c3", u, "p2", at("2031-08-01T09:00:00+08:00")));
        send(assigned("known:a1", u, "p1", at("2031-09-01T09:00:00+08:00")));
        send(assigned("known:a2", u, "p2", at("2031-09-01T09:00:00+08:00")));
        send(assigned("known:a3", u, "p3", at("2031-09-01T09:00:00+08:00")));
        send(taken("known:t1", u, "p1", at("2031-09-10T09:00:00+08:00")));
        send(taken("known:t2", u, "p3", at("2031-09-10T09:00:00+08:00")));
        awaitStored("known:t2", 1);

        assertFigures(values("2031", u), 4, 2, 0.5, 3, 2, 0.6667);
        assertFigures(values("2031-Q3", u), 0, 2, null, 3, 2, 0.6667);
        assertFigures(values("2031-03", u), 1, 0, 1.0, 0, 0, null); // p1 completed "law" in July: in the cohort
    }

    @Test
    void theRatesAreCohortRatesThatNeverExceedOne() {
        String u = "t.known";
        // Three persons enrolled in 2037-Q4 complete in 2038-Q1, when one more person enrols and has not completed
        // that course in this unit (only in another): dividing the quarter's counts would show 300% for 2038-Q1.
        for (String person : List.of("p1", "p2", "p3")) {
            send(enrolled("cohort:e-" + person, u, person, at("2037-11-01T09:00:00+08:00")));
            send(completed("cohort:c-" + person, u, person, at("2038-02-01T09:00:00+08:00")));
        }
        send(enrolled("cohort:e-p4", u, "p4", at("2038-02-01T09:00:00+08:00")));
        send(completed("cohort:c-p4", "t.dup", "p4", at("2038-02-02T09:00:00+08:00")));
        send(assigned("cohort:a-p5", u, "p5", at("2038-03-01T09:00:00+08:00")));
        send(taken("cohort:t-p5", u, "p5", at("2039-01-10T09:00:00+08:00"))); // the next year: still its cohort's
        awaitStored("cohort:t-p5", 1);

        assertFigures(values("2038-Q1", u), 1, 3, 0.0, 1, 0, 1.0);
        assertFigures(values("2037-Q4", u), 3, 0, 1.0, 0, 0, null);
        assertFigures(values("2039", u), 0, 0, null, 0, 1, null);
    }

    @Test
    void redeliveredDuplicatesChangeNothing() {
        String u = "t.dup";
        EventEnvelope enrolment = enrolled("dup:e1", u, "p1", at("2032-03-01T09:00:00+08:00"));
        EventEnvelope completion = completed("dup:c1", u, "p1", at("2032-04-01T09:00:00+08:00"));
        for (int i = 0; i < 3; i++) {
            send(enrolment);
            send(completion);
        }
        send(enrolled("dup:e2", u, "p2", at("2032-03-02T09:00:00+08:00")));
        awaitStored("dup:e2", 1);

        JsonNode values = values("2032", u);
        assertThat(values.path("training.enrolled_persons").asLong()).isEqualTo(2);
        assertThat(values.path("training.completed_persons").asLong()).isEqualTo(1);
        assertThat(values.path("training.completion_rate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aLaterRevisionWinsEvenWhenItArrivesBeforeTheFirst() {
        String u = "t.rev";
        EventEnvelope first = completed("rev:c1", u, "p1", at("2033-02-01T09:00:00+08:00"));
        EventEnvelope corrected = first.revised(
                2, at("2033-05-01T09:00:00+08:00"), new Payload.TrainingCompleted("p2", "law", null, 8.0));
        send(corrected);
        send(first);
        send(enrolled("rev:sentinel", u, "p9", at("2033-05-01T09:00:00+08:00")));
        awaitStored("rev:sentinel", 1);

        assertThat(values("2033-Q1", u).path("training.completed_persons").asLong())
                .as("revision 1's quarter")
                .isZero();
        assertThat(values("2033-Q2", u).path("training.completed_persons").asLong())
                .as("revision 2's quarter")
                .isEqualTo(1);
        assertThat(values("2033", u).path("training.completed_persons").asLong())
                .isEqualTo(1);
    }

    @Test
    void aRetractedEventCountsNowhereUntilALaterRevisionRestoresIt() {
        String u = "t.retract";
        EventEnvelope enrolment = enrolled("ret:e1", u, "p1", at("2034-03-01T09:00:00+08:00"));
        send(enrolment);
        send(enrolled("ret:e2", u, "p2", at("2034-03-01T09:00:00+08:00")));
        send(enrolment.retractedAt(2));
        awaitStored("ret:e1", 2);

        assertThat(values("2034", u).path("training.enrolled_persons").asLong()).isEqualTo(1);

        send(enrolment.revised(3, enrolment.occurredAt(), enrolment.payload()));
        awaitStored("ret:e1", 3);

        assertThat(values("2034", u).path("training.enrolled_persons").asLong()).isEqualTo(2);
    }

    @Test
    void anEventAtHalfPastMidnightInShanghaiOnNewYearsDayCountsInTheNewYear() {
        String u = "t.zone";
        send(enrolled("zone:e1", u, "p1", at("2024-12-31T16:30:00Z")));
        send(enrolled("zone:e2", u, "p2", at("2024-12-31T15:59:59Z"))); // 23:59:59 in Shanghai
        awaitStored("zone:e2", 1);

        assertThat(values("2025", u).path("training.enrolled_persons").asLong()).isEqualTo(1);
        assertThat(values("2025-Q1", u).path("training.enrolled_persons").asLong())
                .isEqualTo(1);
        assertThat(values("2025-01", u).path("training.enrolled_persons").asLong())
                .isEqualTo(1);
        assertThat(values("2024", u).path("training.enrolled_persons").asLong()).isEqualTo(1);
        assertThat(values("2024-Q4", u).path("training.enrolled_persons").asLong())
                .isEqualTo(1);
        assertThat(values("2024-12", u).path("training.enrolled_persons").asLong())
                .isEqualTo(1);
    }

    @Test
    void quarterAndMonthEndsAreTakenInShanghaiNotUtc() {
        String u = "t.zone";
        send(assigned("zone:q1", u, "p1", at("2026-03-31T15:59:59Z"))); // 23:59:59 on 31 March in Shanghai
        send(assigned("zone:q2", u, "p2", at("2026-03-31T16:00:00Z"))); // midnight, 1 April in Shanghai
        send(assigned("zone:q2b", u, "p3", at("2026-04-01T07:59:59+08:00")));
        awaitStored("zone:q2b", 1);

        assertThat(values("2026-Q1", u).path("exam.assigned_persons").asLong()).isEqualTo(1);
        assertThat(values("2026-03", u).path("exam.assigned_persons").asLong()).isEqualTo(1);
        assertThat(values("2026-Q2", u).path("exam.assigned_persons").asLong()).isEqualTo(2);
        assertThat(values("2026-04", u).path("exam.assigned_persons").asLong()).isEqualTo(2);
    }

    @Test
    void aUnitCountsItsWholeSubtreeAndADistinctPersonOnce() {
        send(enrolled("tree:e1", "t.tree", "p1", at("2035-03-01T09:00:00+08:00")));
        send(enrolled("tree:e2", "t.tree.a", "p2", at("2035-03-01T09:00:00+08:00")));
        send(enrolled("tree:e3", "t.tree.a.x", "p3", at("2035-03-01T09:00:00+08:00")));
        send(enrolled("tree:e4", "t.tree.a.x", "p2", at("2035-04-01T09:00:00+08:00"))); // p2 again, lower down
        send(enrolled("tree:e5", "t.tree.b", "p4", at("2035-03-01T09:00:00+08:00")));
        awaitStored("tree:e5", 1);

        assertThat(values("2035", "t.tree").path("training.enrolled_persons").asLong())
                .isEqualTo(4);
        assertThat(values("2035", "t.tree.a").path("training.enrolled_persons").asLong())
                .isEqualTo(2);
        assertThat(values("2035", "t.tree.a.x")
                        .path("training.enrolled_persons")
                        .asLong())
                .isEqualTo(2);
        assertThat(values("2035", "t.tree.b").path("training.enrolled_persons").asLong())
                .isEqualTo(1);
    }
}
