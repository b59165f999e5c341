package org.lawstats.aggregator.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user: {@code burst} requests at once, then {@code requestsPerSecond}. In memory, per instance;
 * one per kind of request (the gateway, the imports, the entry forms), so that one does not starve another.
 */
public class RateLimiter {
    private final double rate;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double requestsPerSecond, int burst) {
        this.rate = requestsPerSecond;
        this.burst = burst;
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    /** Zero when the request may go ahead, otherwise the whole seconds to wait (for Retry-After). */
    public long acquire(String user) {
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) / 1e9 * rate);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / rate);
        }
    }
}
