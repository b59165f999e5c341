package org.lawstats.aggregator.ingest;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.lawstats.contract.Topics;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * {@code ingest} in /actuator/health: the search feed's state (consuming, retrying with back-off while paused,
 * stopped) and the lag of the pipeline: the records of the event topics (contract and unit topics) the aggregation has
 * not committed yet ({@code aggregationLag}), and the records of its results the search feed has not stored yet
 * ({@code searchLag}); {@code lag} is their sum.
 */
@Component("ingest")
class IngestHealthIndicator implements HealthIndicator {
    private final KafkaListenerEndpointRegistry listeners;
    private final IngestState state;
    private static final java.time.Duration SLOW_BATCH = java.time.Duration.ofSeconds(10);
    private final KafkaAdmin kafkaAdmin;
    private final String groupId;
    private final String applicationId;
    private final List<String> results;
    private Admin admin;

    IngestHealthIndicator(
            KafkaListenerEndpointRegistry listeners,
            IngestState state,
            KafkaAdmin kafkaAdmin,
            KafkaProperties kafkaProperties,
            SearchFeed feed) {
        this.listeners = listeners;
        this.state = state;
        this.kafkaAdmin = kafkaAdmin;
        this.groupId = kafkaProperties.getConsumer().getGroupId();
        this.applicationId = kafkaProperties.getStreams().getApplicationId();
        this.results = feed.topics();
    }

    @Override
    public Health health() {
        MessageListenerContainer container = listeners.getListenerContainer(SearchFeed.LISTENER_ID);
        boolean running = container != null && container.isRunning();
        IngestState.Failure failure = state.failure();
        Health.Builder health = running ? Health.up() : Health.down();
        Instant busySince = state.oldestBatchInProgress();
        // A store that neither answers nor fails (frozen, overloaded) keeps a batch in flight: say so while it lasts.
        boolean waiting = busySince != null && busySince.isBefore(Instant.now().minus(SLOW_BATCH));
        health.withDetail(
                "consumer",
                !running ? "STOPPED" : failure != null ? "RETRYING" : waiting ? "WAITING_FOR_STORE" : "CONSUMING");
        if (waiting) {
            health.withDetail("batchInFlightSince", busySince.toString());
        }
        if (failure != null) {
            health.withDetail("retryingSince", failure.since().toString())
                    .withDetail("failedAttempts", failure.attempts())
                    .withDetail("lastError", failure.reason());
        }
        if (state.lastBatchAt() != null) {
            health.withDetail("lastBatchStoredAt", state.lastBatchAt().toString());
        }
        try {
            Admin admin = admin();
            List<String> events = admin.listTopics().names().get(2, TimeUnit.SECONDS).stream()
                    .filter(Topics::carriesEvents)
                    .toList();
            long aggregation = lag(admin, applicationId, events);
            long search = lag(admin, groupId, results);
            health.withDetail("lag", aggregation + search)
                    .withDetail("aggregationLag", aggregation)
                    .withDetail("searchLag", search);
        } catch (Exception e) {
            health.withDetail("lag", "unknown: Kafka is not reachable");
        }
        return health.build();
    }

    /** One client for every health check, created on first use: connecting anew per check costs more than the check. */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** The records of these topics that the group has not committed yet. */
    private static long lag(Admin admin, String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(2, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get(2, TimeUnit.SECONDS)
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            lag += ends.get(partition).offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }
}
