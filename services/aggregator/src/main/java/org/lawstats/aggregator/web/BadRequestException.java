package org.lawstats.aggregator.web;

/** A request parameter that cannot be served: answered 400 with this message. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }

    /**
     * A caller's value as an error message quotes it back: at most 64 characters, control characters as {@code ?}.
     * Echoing a hostile parameter in full would let a caller fill logs and responses with it.
     */
    public static String quoted(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
    }
}
