package org.lawstats.aggregator.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.lawstats.aggregator.indicators.Period;

/**
 * The {@code period} a question is about ({@code YYYY}, {@code YYYY-Qn}, {@code YYYY-MM} in the registry's zone; the
 * current year when absent), cut at today's month and day with {@code todate}. A malformed one is a 400 (through
 * {@link Period.InvalidPeriodException}).
 */
final class PeriodParameter {
    private PeriodParameter() {}

    static Period resolve(String period, boolean toDate, ZoneId zone, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Period p = period == null || period.isBlank() ? Period.yearOf(today, zone) : Period.parse(period.strip(), zone);
        return toDate ? p.toDate(today) : p;
    }
}
