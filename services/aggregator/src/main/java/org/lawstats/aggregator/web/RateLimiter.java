package org.lawstats.aggregator.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** A token bucket per user: {@code burst} requests at once, then {@code requestsPerSecond}. In memory, per instance. */
@Component
class RateLimiter {
    private final double rate;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(GatewayProperties properties) {
        this.rate = properties.requestsPerSecond();
        this.burst = properties.burst();
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
    long acquire(String user) {
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
