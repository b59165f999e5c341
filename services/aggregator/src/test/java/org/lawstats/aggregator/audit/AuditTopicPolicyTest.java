package org.lawstats.aggregator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit topic's settings the aggregator refuses to start on, each alone (issue 23: it looked at retention.ms). */
class AuditTopicPolicyTest {
    private static final Duration MINIMUM = Duration.ofDays(180);
    private static final String DAYS_366 = Long.toString(Duration.ofDays(366).toMillis());

    private static Map<String, String> topic(String cleanup, String retentionMs, String retentionBytes) {
        Map<String, String> config = new HashMap<>();
        config.put("cleanup.policy", cleanup);
        config.put("retention.ms", retentionMs);
        config.put("retention.bytes", retentionBytes);
        config.put("segment.ms", "604800000");
        return config;
    }

    @Test
    void aTopicThatDeletesByAgeOnlyAfterSixMonthsOrNeverIsAccepted() {
        assertThat(AuditTopicPolicy.violations(topic("delete", DAYS_366, "-1"), MINIMUM))
                .isEmpty();
        assertThat(AuditTopicPolicy.violations(topic("delete", Long.toString(MINIMUM.toMillis()), "-1"), MINIMUM))
                .isEmpty();
        assertThat(AuditTopicPolicy.violations(topic("delete", "-1", "-1"), MINIMUM))
                .as("kept for ever")
                .isEmpty();
    }

    @Test
    void aCompactedTopicIsRefused() {
        for (String policy : List.of("compact", "compact,delete", "delete,compact", "")) {
            assertThat(AuditTopicPolicy.violations(topic(policy, DAYS_366, "-1"), MINIMUM))
                    .as(policy)
                    .singleElement()
                    .asString()
                    .startsWith("cleanup.policy is " + policy + ";");
        }
    }

    @Test
    void aRetentionShorterThanSixMonthsIsRefused() {
        assertThat(AuditTopicPolicy.violations(
                        topic("delete", Long.toString(Duration.ofDays(179).toMillis()), "-1"), MINIMUM))
                .singleElement()
                .asString()
                .startsWith("retention.ms is ")
                .contains("179 days")
                .contains("at least 180 days");
        assertThat(AuditTopicPolicy.violations(topic("delete", "0", "-1"), MINIMUM))
                .hasSize(1);
        assertThat(AuditTopicPolicy.violations(topic("delete", "-2", "-1"), MINIMUM))
                .hasSize(1);
    }

    @Test
    void aSizeLimitIsRefusedWhateverTheAge() {
        assertThat(AuditTopicPolicy.violations(topic("delete", DAYS_366, "1073741824"), MINIMUM))
                .singleElement()
                .asString()
                .startsWith("retention.bytes is 1073741824;");
    }

    @Test
    void theLawsSixMonthsCannotBeConfiguredAway() {
        String days30 = Long.toString(Duration.ofDays(30).toMillis());

        assertThat(AuditTopicPolicy.violations(topic("delete", days30, "-1"), Duration.ofDays(1)))
                .singleElement()
                .asString()
                .contains("at least 180 days");
        assertThat(AuditTopicPolicy.violations(topic("delete", DAYS_366, "-1"), Duration.ofDays(400)))
                .as("a longer minimum is honoured")
                .hasSize(1);
    }

    @Test
    void missingSettingsAreRefused() {
        assertThat(AuditTopicPolicy.violations(Map.of(), MINIMUM)).hasSize(3);
    }
}
