package org.lawstats.aggregator.ingest;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What the consumers are doing, for health: consuming, or retrying a batch they could not store (the container
 * then backs off with its partitions paused), since when and why. Kept per consumer thread, because each
 * consumer of the concurrent container retries its own batch on its own back-off.
 */
@Component
class IngestState {
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final AtomicLong lastBatchAt = new AtomicLong();

    /** A consumer's failing streak: since when, the last reason, and how many attempts of its batch failed. */
    record Failure(Instant since, String reason, long attempts) {}

    private final Map<String, Instant> inProgress = new ConcurrentHashMap<>();

    void batchStarted() {
        inProgress.put(Thread.currentThread().getName(), Instant.now());
    }

    void batchSucceeded() {
        inProgress.remove(Thread.currentThread().getName());
        failures.remove(Thread.currentThread().getName());
        lastBatchAt.set(System.currentTimeMillis());
    }

    /** Since when the oldest batch still being stored has been at it (a frozen store shows here), or null. */
    Instant oldestBatchInProgress() {
        return inProgress.values().stream().min(Comparator.naturalOrder()).orElse(null);
    }

    /** Records a failed attempt of this consumer's batch and returns how many attempts have failed in a row. */
    long batchFailed(String reason) {
        inProgress.remove(Thread.currentThread().getName());
        return failures.compute(
                        Thread.currentThread().getName(),
                        (thread, previous) -> previous == null
                                ? new Failure(Instant.now(), reason, 1)
                                : new Failure(previous.since(), reason, previous.attempts() + 1))
                .attempts();
    }

    /** The longest failing streak of any consumer, or null when every consumer's last batch was stored. */
    Failure failure() {
        return failures.values().stream()
                .max(Comparator.comparingLong(Failure::attempts))
                .orElse(null);
    }

    Instant lastBatchAt() {
        long at = lastBatchAt.get();
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }
}
