package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * Distinct counts stay exact past one page of the composite aggregation (10,000 keys) and far past the range
 * where Elasticsearch's cardinality (HyperLogLog) would start to estimate. The benchmark runs the 1,000,000-event
 * version; this one keeps the build fast.
 */
class DistinctAtScaleIT extends IntegrationTest {

    @Test
    void sixtyThousandEventsOfTwentyFiveThousandPersonsCountTwentyFiveThousandExactly() {
        String u = "t.scale";
        OffsetDateTime at = at("2042-07-01T09:00:00+08:00");
        int events = 60_000;
        int persons = 25_000;
        for (int i = 0; i < events; i++) {
            sendTo(enrolled("scale:e" + i, u, "person-" + (i * 7919L % persons), at), i % 3);
        }
        for (int i = 0; i < persons - 1; i++) {
            sendTo(completed("scale:c" + i, u, "person-" + i, at), i % 3);
        }
        awaitAllConsumed();

        var values = values("2042", u);
        assertThat(values.path("training.enrolled_persons").asLong()).isEqualTo(persons);
        assertThat(values.path("training.completed_persons").asLong()).isEqualTo(persons - 1);
        assertThat(values.path("training.completion_rate").asDouble()).isEqualTo(1.0); // 24999/25000 = 0.99996
    }
}
