package org.lawstats.aggregator.deadlines;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.LocalDate;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code calendar} in /actuator/health: the years the official calendar holds, the year it counts provisionally, and,
 * from October of its last year (when the State Council publishes the next notice), that the next year's notice is
 * missing: until an operator adds it (docs/operations.md), a time limit that runs into that year is counted
 * provisionally, and one that runs past it has no due date. Always UP: the figures and searches are not affected, and
 * taking an instance out of service would not add the year. The same fact is a gauge for the operators' alert.
 */
@Component("calendar")
class CalendarHealthIndicator implements HealthIndicator, MeterBinder {
    private final OfficialCalendar calendar;
    private final Deadlines deadlines;

    CalendarHealthIndicator(OfficialCalendar calendar, Deadlines deadlines) {
        this.calendar = calendar;
        this.deadlines = deadlines;
    }

    /** {@code lawstats.calendar.notice.missing}: 1 while the health says a notice is missing, for the alert rule. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(
                        "lawstats.calendar.notice.missing",
                        this,
                        indicator -> calendar.nextNoticeMissing(deadlines.today()) ? 1 : 0)
                .description("1 while the next year's holiday notice is due and not in config/calendar.yml")
                .register(registry);
    }

    @Override
    public Health health() {
        return health(deadlines.today());
    }

    Health health(LocalDate today) {
        int last = calendar.years().last();
        Health.Builder health = Health.up().withDetail("years", calendar.years().first() + "-" + last);
        if (calendar.provisionalYear() != 0) {
            health.withDetail("provisional", calendar.provisionalYear());
        }
        if (calendar.nextNoticeMissing(today)) {
            health.withDetail(
                    "missing",
                    (last + 1) + ": add its notice to config/calendar.yml; until then a time limit that runs into "
                            + (last + 1)
                            + (calendar.provisionalYear() == last + 1
                                    ? " is counted provisionally (statutory holidays and weekends, no make-up working"
                                            + " days) and says provisional: true"
                                    : " has no due date"));
        }
        return health.build();
    }
}
