package org.lawstats.aggregator.ingest;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What the consumer is doing, for health and metrics: consuming, or retrying a batch it could not store (the
 * container then backs off with its partitions paused), since when and why.
 */
@Component
class IngestState {
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final AtomicLong lastBatchAt = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    record Failure(Instant since, String reason, long attempts) {}

    void batchSucceeded() {
        failure.set(null);
        failedAttempts.set(0);
        lastBatchAt.set(System.currentTimeMillis());
    }

    void batchFailed(String reason) {
        long attempts = failedAttempts.incrementAndGet();
        failure.updateAndGet(
                previous -> new Failure(previous == null ? Instant.now() : previous.since(), reason, attempts));
    }

    /** Present while the last batch failed and is being retried. */
    Failure failure() {
        return failure.get();
    }

    Instant lastBatchAt() {
        long at = lastBatchAt.get();
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }
}
