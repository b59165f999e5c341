package org.lawstats.aggregator.web;

/** Answered 404 with this message. */
class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
