package org.lawstats.aggregator.web;

/** A request parameter that cannot be served: answered 400 with this message. */
class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
        super(message);
    }
}
