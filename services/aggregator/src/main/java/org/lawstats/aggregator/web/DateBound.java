package org.lawstats.aggregator.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * A {@code from} or {@code to} parameter: a date (YYYY-MM-DD) means the whole day in the registry's zone, so
 * {@code to=2024-12-31} includes 31 December; an ISO-8601 instant with offset means that instant. Both bounds are
 * inclusive as written; {@link #end} gives the exclusive end a range query needs.
 */
public final class DateBound {
    private DateBound() {}

    /** A day given as YYYY-MM-DD, or null when the parameter is absent. */
    public static LocalDate day(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeException e) {
            throw new BadRequestException(name + " must be a date YYYY-MM-DD");
        }
    }

    /** The first instant the bound includes, or null when the parameter is absent. */
    public static Instant start(String name, String value, ZoneId zone) {
        return parse(name, value, zone, false);
    }

    /** The first instant after what the bound includes, or null when the parameter is absent. */
    public static Instant end(String name, String value, ZoneId zone) {
        return parse(name, value, zone, true);
    }

    private static Instant parse(String name, String value, ZoneId zone, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                LocalDate date = LocalDate.parse(v);
                return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            Instant instant = OffsetDateTime.parse(v).toInstant();
            return end ? instant.plusNanos(1) : instant;
        } catch (DateTimeException e) {
            throw new BadRequestException(name + " must be a date (2024-01-31) or an instant with offset");
        }
    }
}
