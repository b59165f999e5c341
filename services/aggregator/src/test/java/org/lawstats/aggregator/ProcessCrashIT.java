package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import org.lawstats.devstack.stack.AggregatorProcess;

/** A real aggregator process killed with SIGKILL in the middle of a stream, then started again. */
class ProcessCrashIT extends IntegrationTest {
    private static final String U = "t.crash";

    @Test
    void aKillDashNineOfTheAggregatorInTheMiddleOfAStreamChangesNoFigure() throws Exception {
        SeparateAggregator crashing = new SeparateAggregator(
                "crash-test", "crash-events", TestInfrastructure.get().elasticsearchUri());
        AggregatorProcess first = crashing.start("crash-aggregator-1.log");

        // The model: eventId -> the person of its latest revision. Duplicates and revisions, over 3 partitions.
        Random random = new Random(7);
        Map<String, String> latest = new HashMap<>();
        int events = 30_000;
        for (int i = 0; i < events; i++) {
            EventEnvelope event = enrolled("crash:e" + i, U, "p" + (i % 12_000), at("2040-04-01T09:00:00+08:00"));
            sendTo(event, random.nextInt(3));
            latest.put(event.eventId(), "p" + (i % 12_000));
            if (i % 7 == 0) {
                sendTo(event, random.nextInt(3));
            }
            if (i % 10 == 0) {
                EventEnvelope moved =
                        event.revised(2, event.occurredAt(), new Payload.TrainingEnrolled("moved-" + i, "law", null));
                sendTo(moved, random.nextInt(3));
                latest.put(event.eventId(), "moved-" + i);
            }
        }
        producer().flush();
        await().atMost(Duration.ofSeconds(120)).until(() -> crashing.documentsOf(U) >= 3_000);
        first.process().kill();
        long storedAtCrash = crashing.documentsOf(U);

        AggregatorProcess second = crashing.start("crash-aggregator-2.log");
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> crashing.lag() == 0);
            crashing.awaitSettled(second);

            assertThat(storedAtCrash)
                    .as("the crash came in the middle of the stream")
                    .isLessThan(events);
            assertThat(crashing.documentsOf(U)).as("every event stored once").isEqualTo(events);
            long expectedPersons = new HashSet<>(latest.values()).size();
            var values = SeparateAggregator.getJson(second, "/api/v1/stats?period=2040&unit=" + U)
                    .path("values");
            assertThat(values.path("training.enrolled_persons").asLong()).isEqualTo(expectedPersons);
        } finally {
            second.close();
        }
    }
}
