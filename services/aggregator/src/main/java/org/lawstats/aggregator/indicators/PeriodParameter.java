package org.lawstats.aggregator.indicators;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.lawstats.aggregator.web.BadRequestException;

/**
 * The {@code period} a question is about ({@code YYYY}, {@code YYYY-Qn}, {@code YYYY-MM} in the registry's zone; the
 * current year when absent), cut at today's month and day with {@code todate}. A malformed one is a 400 saying why.
 */
public final class PeriodParameter {
    private PeriodParameter() {}

    public static Period resolve(String period, boolean toDate, ZoneId zone, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Period p;
        try {
            p = period == null || period.isBlank() ? Period.yearOf(today, zone) : Period.parse(period.strip(), zone);
        } catch (Period.InvalidPeriodException e) {
            throw new BadRequestException(e.getMessage());
        }
        return toDate ? p.toDate(today) : p;
    }
}
