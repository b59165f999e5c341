package org.lawstats.aggregator.audit;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail of reads of personal data, exports and writes.
 *
 * @param topic the Kafka topic it is appended to
 * @param retention how long entries are kept when this process creates the topic
 * @param minimumRetention the least retention the topic may have: the application refuses to start on less, and on
 *     a topic that may delete entries otherwise than by age ({@link AuditTopicPolicy}); it can only raise the law's six
 *     months (网络安全法 第21条: network logs are kept at least six months), never lower them
 * @param writeTimeout how long a read waits for its entry to be written before it is refused
 * @param startupTimeout how long the start waits for the broker to check the topic
 */
@Validated
@ConfigurationProperties("lawstats.audit")
record AuditProperties(
        @NotBlank @DefaultValue("lawstats.audit") String topic,
        @DefaultValue("366d") Duration retention,
        @DefaultValue("180d") Duration minimumRetention,
        @DefaultValue("10s") Duration writeTimeout,
        @DefaultValue("3m") Duration startupTimeout) {}
