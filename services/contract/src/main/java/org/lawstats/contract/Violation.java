package org.lawstats.contract;

/**
 * One thing wrong with an event.
 *
 * @param field the JSON path of the offending field ({@code payload.personId}), or empty for the whole record
 * @param message what is wrong with it, in one phrase
 */
public record Violation(String field, String message) {

    /** A sentence for people: {@code payload.personId: must be a non-empty string}. */
    public String describe() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
