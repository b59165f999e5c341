package org.lawstats.aggregator.indicators;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: a year ({@code 2024}), a quarter ({@code 2024-Q4}) or a month ({@code 2024-12}), as the
 * half-open interval [from, to) of instants in the registry's zone.
 */
public record Period(String label, ZonedDateTime from, ZonedDateTime to) {
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");

    /** Thrown for a period that is not one of the three forms. */
    public static class InvalidPeriodException extends IllegalArgumentException {
        InvalidPeriodException(String message) {
            super(message);
        }
    }

    public static Period parse(String text, ZoneId zone) {
        Matcher m;
        try {
            if ((m = YEAR.matcher(text)).matches()) {
                LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
                return of(text, start, start.plusYears(1), zone);
            }
            if ((m = QUARTER.matcher(text)).matches()) {
                int quarter = Integer.parseInt(m.group(2));
                LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), 3 * quarter - 2, 1);
                return of(text, start, start.plusMonths(3), zone);
            }
            if ((m = MONTH.matcher(text)).matches()) {
                LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
                return of(text, start, start.plusMonths(1), zone);
            }
        } catch (DateTimeException e) {
            // falls through to the same message
        }
        throw new InvalidPeriodException("period must be YYYY, YYYY-Qn or YYYY-MM (e.g. 2024, 2024-Q4, 2024-12)");
    }

    /** The year of {@code today}, in the zone. */
    public static Period yearOf(LocalDate today, ZoneId zone) {
        return parse(Integer.toString(today.getYear()), zone);
    }

    /** The quarter of {@code today}, in the zone. */
    public static Period quarterOf(LocalDate today, ZoneId zone) {
        return parse(today.getYear() + "-Q" + ((today.getMonthValue() + 2) / 3), zone);
    }

    /**
     * This period cut at the end of {@code today}'s month and day in the period's own year: 2026 on 27 November
     * becomes [2026-01-01, 2026-11-28), and 2025 the same span a year earlier, so that a year to date compares
     * with the same period last year. A 29 February falls back to the 28th in a common year. A period that ends
     * before the cut is unchanged; one that starts after it is empty.
     */
    public Period toDate(LocalDate today) {
        LocalDate start = from.toLocalDate();
        LocalDate cut = LocalDate.of(start.getYear(), today.getMonth(), 1)
                .withDayOfMonth(Math.min(
                        today.getDayOfMonth(),
                        LocalDate.of(start.getYear(), today.getMonth(), 1).lengthOfMonth()))
                .plusDays(1);
        ZonedDateTime end = cut.atStartOfDay(from.getZone());
        if (!end.isBefore(to)) {
            return this;
        }
        return new Period(label, from, end.isAfter(from) ? end : from);
    }

    private static Period of(String label, LocalDate start, LocalDate end, ZoneId zone) {
        return new Period(label, start.atStartOfDay(zone), end.atStartOfDay(zone));
    }

    /** Whether the instant lies in the period: from its start, before its end. */
    public boolean contains(Instant at) {
        return !at.isBefore(from.toInstant()) && at.isBefore(to.toInstant());
    }
}
