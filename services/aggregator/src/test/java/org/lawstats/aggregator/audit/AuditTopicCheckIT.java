package org.lawstats.aggregator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.TestInfrastructure;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The start-up check of the audit topic on the real broker (issue 23: it looked at retention.ms only): the aggregator
 * refuses to start on a topic that could forget entries before six months, by compaction, by a short retention or by a
 * size limit, and names the setting; it starts on one that keeps them.
 */
class AuditTopicCheckIT {
    private static final String DAYS_366 = Long.toString(Duration.ofDays(366).toMillis());

    private static Map<String, Object> broker() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().bootstrapServers());
    }

    /** A topic with these settings, made as an operator might have made it. */
    private static String topic(String name, Map<String, String> config) throws Exception {
        try (Admin admin = Admin.create(broker())) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(config)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    /** What the aggregator does at start with this audit topic. */
    private static void start(String topic) {
        AuditProperties properties = new AuditProperties(
                topic, Duration.ofDays(366), Duration.ofDays(180), Duration.ofSeconds(10), Duration.ofSeconds(30));
        new AuditTrail(null, new KafkaAdmin(broker()), new KafkaProperties(), properties, Clock.systemUTC())
                .afterSingletonsInstantiated();
    }

    @Test
    void aTopicThatKeepsEveryEntrySixMonthsIsAccepted() throws Exception {
        String kept = topic(
                "audit-check.kept",
                Map.of("cleanup.policy", "delete", "retention.ms", DAYS_366, "retention.bytes", "-1"));

        assertThatCode(() -> start(kept)).doesNotThrowAnyException();
        assertThatCode(() -> start("audit-check.created"))
                .as("a topic the aggregator creates itself")
                .doesNotThrowAnyException();
    }

    @Test
    void aTopicLimitedBySizeIsRefusedWhateverItsRetention() throws Exception {
        String sized = topic(
                "audit-check.sized",
                Map.of("cleanup.policy", "delete", "retention.ms", DAYS_366, "retention.bytes", "1073741824"));

        assertThatThrownBy(() -> start(sized))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audit-check.sized")
                .hasMessageContaining("retention.bytes is 1073741824");
    }

    @Test
    void aCompactedTopicIsRefused() throws Exception {
        String compacted = topic(
                "audit-check.compacted",
                Map.of("cleanup.policy", "compact", "retention.ms", DAYS_366, "retention.bytes", "-1"));

        assertThatThrownBy(() -> start(compacted))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cleanup.policy is compact");
    }

    @Test
    void aShortRetentionIsRefused() throws Exception {
        String shortLived = topic(
                "audit-check.short",
                Map.of(
                        "cleanup.policy",
                        "delete",
                        "retention.ms",
                        Long.toString(Duration.ofDays(90).toMillis()),
                        "retention.bytes",
                        "-1"));

        assertThatThrownBy(() -> start(shortLived))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e ->
                        assertThat(e.getMessage()).contains("retention.ms is").contains("90 days"));
    }
}
