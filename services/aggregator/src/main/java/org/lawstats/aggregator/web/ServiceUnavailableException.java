package org.lawstats.aggregator.web;

/**
 * A request that cannot be served now but may be shortly (503, {@code Retry-After} when positive). A feature extends
 * it with its own reason; the message goes to the client, the cause only to the log.
 */
public class ServiceUnavailableException extends RuntimeException {
    private final long retryAfterSeconds;

    protected ServiceUnavailableException(String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
