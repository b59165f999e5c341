package org.lawstats.aggregator.web;

import java.util.List;

/**
 * Answered 409: the request is valid but the state forbids it now (a period locked, a unit not submitted). {@code
 * units} names the units that stand in the way, when that is the reason ({@code notSubmitted} in the body).
 */
public class ConflictException extends RuntimeException {
    private final List<String> notSubmitted;

    public ConflictException(String message) {
        this(message, null);
    }

    public ConflictException(String message, List<String> notSubmitted) {
        super(message);
        this.notSubmitted = notSubmitted == null ? null : List.copyOf(notSubmitted);
    }

    List<String> notSubmitted() {
        return notSubmitted;
    }
}
