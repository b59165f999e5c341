package org.lawstats.aggregator.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What the audit topic must be to keep every entry as long as the law asks (网络安全法 第21条: network logs at least six
 * months): entries deleted by age only ({@code cleanup.policy=delete}: compaction would keep one entry per user, the
 * key), after at least the minimum ({@code retention.ms}, -1 for never), and never for size
 * ({@code retention.bytes=-1}: a size limit would delete the oldest entries of a busy trail early, whatever their age).
 * The aggregator refuses to start on a topic that breaks any of these.
 */
final class AuditTopicPolicy {
    /** Six months: no configuration may ask for less. */
    static final Duration LEGAL_MINIMUM = Duration.ofDays(180);

    private AuditTopicPolicy() {}

    /**
     * What is wrong with the topic's settings, one sentence each; empty when it keeps its entries long enough.
     *
     * @param config the topic's effective settings by name ({@link TopicConfig})
     * @param minimum the configured minimum retention (never below {@link #LEGAL_MINIMUM})
     */
    static List<String> violations(Map<String, String> config, Duration minimum) {
        Duration least = minimum.compareTo(LEGAL_MINIMUM) < 0 ? LEGAL_MINIMUM : minimum;
        List<String> wrong = new ArrayList<>();
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (!TopicConfig.CLEANUP_POLICY_DELETE.equals(policy == null ? null : policy.strip())) {
            wrong.add("cleanup.policy is " + policy + "; it must be delete (entries removed by age only, never"
                    + " compacted)");
        }
        Long retention = number(config.get(TopicConfig.RETENTION_MS_CONFIG));
        if (retention == null || (retention != -1 && retention < least.toMillis())) {
            wrong.add("retention.ms is " + config.get(TopicConfig.RETENTION_MS_CONFIG) + " ("
                    + (retention == null || retention < 0
                            ? "not a retention"
                            : Duration.ofMillis(retention).toDays() + " days")
                    + "); at least " + least.toDays() + " days (" + least.toMillis() + ") or -1 are required");
        }
        Long bytes = number(config.get(TopicConfig.RETENTION_BYTES_CONFIG));
        if (bytes == null || bytes != -1) {
            wrong.add("retention.bytes is " + config.get(TopicConfig.RETENTION_BYTES_CONFIG)
                    + "; it must be -1 (no entry deleted for the topic's size)");
        }
        return wrong;
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
