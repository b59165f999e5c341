package org.lawstats.aggregator.web;

import org.springframework.http.HttpStatus;

/**
 * A request refused by one of the limits of ADR 19: 413 too large, 429 too fast, 503 too many at once; the message
 * names the limit, in Chinese, and {@code retryAfterSeconds} (when positive) becomes {@code Retry-After}.
 */
public class LimitExceededException extends RuntimeException {
    private final HttpStatus status;
    private final long retryAfterSeconds;

    protected LimitExceededException(HttpStatus status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static LimitExceededException tooLarge(String message) {
        return new LimitExceededException(HttpStatus.CONTENT_TOO_LARGE, message, 0);
    }

    HttpStatus status() {
        return status;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
