package org.lawstats.aggregator.ingest;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * {@code ingest} in /actuator/health: the search feed's state (consuming, retrying with back-off while paused,
 * stopped) and the lag of the pipeline ({@link PipelineBacklog}): the records of the event topics
 * (contract and unit topics) and of its repartition topics the aggregation has not handled yet ({@code
 * aggregationLag}), and the records of its results the search feed has not stored yet ({@code searchLag});
 * {@code lag} is their sum, 0 when everything sent is in the figures and in Elasticsearch.
 */
@Component("ingest")
class IngestHealthIndicator implements HealthIndicator {
    private static final Duration SLOW_BATCH = Duration.ofSeconds(10);
    private final KafkaListenerEndpointRegistry listeners;
    private final IngestState state;
    private final PipelineBacklog backlog;

    IngestHealthIndicator(KafkaListenerEndpointRegistry listeners, IngestState state, PipelineBacklog backlog) {
        this.listeners = listeners;
        this.state = state;
        this.backlog = backlog;
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
            PipelineBacklog.Backlog now = backlog.measure();
            health.withDetail("lag", now.total())
                    .withDetail("aggregationLag", now.aggregation())
                    .withDetail("searchLag", now.search());
        } catch (Exception e) {
            health.withDetail("lag", "unknown: Kafka is not reachable");
        }
        return health.build();
    }
}
