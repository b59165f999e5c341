package org.lawstats.aggregator.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The error body of api.md: {@code {"status", "error", "message"}}. Never a stack trace or a class name. */
public record ApiError(int status, String error, String message) {

    public static ResponseEntity<ApiError> of(HttpStatus status, String message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(status.value(), status.getReasonPhrase(), message));
    }
}
