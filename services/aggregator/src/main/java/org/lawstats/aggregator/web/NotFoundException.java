package org.lawstats.aggregator.web;

/** Answered 404 with this message. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
