package org.lawstats.aggregator.deadlines;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.springframework.stereotype.Component;

/**
 * The deadline of a matter from its counted events (the aggregation gathers them per request and per case, ADR 15),
 * by the rules of {@code config/deadlines.yml} on the official calendar, dates in the registry's zone. Each event
 * counts by its own date, so the result does not depend on the order the events arrived in.
 */
@Component
public class Deadlines {
    /** Events in the order they happened; the eventId orders events of one instant, so that ties never flip. */
    private static final Comparator<EventEnvelope> IN_TIME = Comparator.<EventEnvelope, Instant>comparing(
                    e -> e.occurredAt().toInstant())
            .thenComparing(EventEnvelope::eventId);

    private final DeadlineRules rules;
    private final OfficialCalendar calendar;
    private final ZoneId zone;
    private final Clock clock;

    public Deadlines(DeadlineRules rules, OfficialCalendar calendar, UnitRegistry registry, Clock clock) {
        this.rules = rules;
        this.calendar = calendar;
        this.zone = registry.zone();
        this.clock = clock;
    }

    /** The rules' DUE_SOON horizon, in working days. */
    public int dueSoon() {
        return rules.dueSoon();
    }

    /**
     * The last day a matter due on it is DUE_SOON on {@code today}: the rules' dueSoon-th working day after today, or,
     * where that runs past the calendar, its last day (no due date lies beyond it: none can be computed there).
     */
    public LocalDate soonUntil(LocalDate today) {
        if (rules.dueSoon() == 0) {
            return today;
        }
        try {
            return calendar.afterWorkingDays(today, rules.dueSoon());
        } catch (OfficialCalendar.OutsideCalendarException e) {
            return calendar.lastDay();
        }
    }

    /** Today in the registry's zone, on the application's clock (a test sets it: no rule reads the system's). */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /**
     * Whether what a caller is told of this matter on {@code today} is provisional: its due date, or the working days
     * left counted up to today, in a year whose holiday notice the calendar does not hold yet.
     */
    public boolean provisional(Deadline deadline, LocalDate today) {
        return deadline.provisional() || (workingDaysLeft(deadline, today) != null && calendar.isProvisional(today));
    }

    /** The working days from today to the due date: 0 on the day, negative once past. */
    public Integer workingDaysLeft(Deadline deadline, LocalDate today) {
        if (deadline.dueOn() == null || deadline.outcome() != null) {
            return null;
        }
        try {
            return calendar.workingDaysBetween(today, deadline.dueOn());
        } catch (OfficialCalendar.OutsideCalendarException e) {
            return null;
        }
    }

    /**
     * The reply deadline of one disclosure request from its counted events (all of one unit and requestId): none
     * until a counted {@code disclosure.received}.
     */
    public Optional<Deadline> ofRequest(String unitId, String requestId, Collection<EventEnvelope> events) {
        DeadlineRule rule = rules.rule(DeadlineRule.Kind.DISCLOSURE_REPLY);
        List<EventEnvelope> counted = counted(events);
        Optional<EventEnvelope> received = first(counted, rule.starts());
        if (received.isEmpty()) {
            return Optional.empty();
        }
        int extendedBy = rule.extension() == null
                ? 0
                : first(counted, rule.extension().by())
                        .map(e -> ((Payload.DisclosureExtended) e.payload()).workingDays())
                        .orElse(0);
        List<DeadlineRule.Stop> stops = rule.suspension() == null ? List.of() : stops(rule.suspension(), counted);
        LocalDate metOn = first(counted, rule.metBy()).map(this::dayOf).orElse(null);
        return Optional.of(deadline(rule, unitId, requestId, dayOf(received.get()), extendedBy, stops, metOn));
    }

    /**
     * The defence or answer deadline of one case from its counted events: none until a counted {@code case.filed}
     * with {@code servedAt}.
     */
    public Optional<Deadline> ofCase(String unitId, String caseNo, Collection<EventEnvelope> events) {
        List<EventEnvelope> counted = counted(events);
        Optional<EventEnvelope> filed = first(counted, EventType.CASE_FILED);
        if (filed.isEmpty() || ((Payload.CaseFiled) filed.get().payload()).servedAt() == null) {
            return Optional.empty();
        }
        Payload.CaseFiled filing = (Payload.CaseFiled) filed.get().payload();
        Optional<DeadlineRule> rule = rules.all().stream()
                .filter(r -> r.starts() == EventType.CASE_FILED && r.caseKind() == filing.kind())
                .findFirst();
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        LocalDate metOn = first(counted, rule.get().metBy()).map(this::dayOf).orElse(null);
        return Optional.of(deadline(rule.get(), unitId, caseNo, dayOf(filing.servedAt()), 0, List.of(), metOn));
    }

    /**
     * The same matter counted again on this calendar (the one it was counted on may have lacked a year's notice): the
     * due date, {@code unknownBeyond} and {@code provisional} from its own start, extension and stops.
     */
    public Deadline recounted(Deadline deadline) {
        DeadlineRule rule = rules.rule(deadline.kind());
        return deadline(
                rule,
                deadline.unitId(),
                deadline.ref(),
                deadline.startedOn(),
                deadline.extendedBy(),
                deadline.stops(),
                deadline.metOn());
    }

    private Deadline deadline(
            DeadlineRule rule,
            String unitId,
            String ref,
            LocalDate startedOn,
            int extendedBy,
            List<DeadlineRule.Stop> stops,
            LocalDate metOn) {
        try {
            LocalDate due = rule.dueOn(calendar, startedOn, extendedBy, stops).orElse(null);
            return new Deadline(
                    rule.kind(), unitId, ref, startedOn, due, extendedBy, stops, metOn, 0, calendar.isProvisional(due));
        } catch (OfficialCalendar.OutsideCalendarException e) {
            return new Deadline(rule.kind(), unitId, ref, startedOn, null, extendedBy, stops, metOn, e.year(), false);
        }
    }

    /**
     * The stops in the order they happened: a suspension opens one (while none is open), the next resumption closes
     * it; a resumption with none open, or a second suspension while stopped, changes nothing.
     */
    private List<DeadlineRule.Stop> stops(DeadlineRule.Suspension suspension, List<EventEnvelope> counted) {
        List<DeadlineRule.Stop> stops = new ArrayList<>();
        EventEnvelope open = null;
        for (EventEnvelope event : counted) {
            if (event.type() == suspension.suspendedBy() && open == null) {
                open = event;
            } else if (event.type() == suspension.resumedBy() && open != null) {
                stops.add(new DeadlineRule.Stop(dayOf(open), reason(open), dayOf(event)));
                open = null;
            }
        }
        if (open != null) {
            stops.add(new DeadlineRule.Stop(dayOf(open), reason(open), null));
        }
        return stops;
    }

    private static String reason(EventEnvelope suspended) {
        return ((Payload.DisclosureSuspended) suspended.payload()).reason().name();
    }

    private static List<EventEnvelope> counted(Collection<EventEnvelope> events) {
        return events.stream().filter(e -> !e.retracted()).sorted(IN_TIME).toList();
    }

    private static Optional<EventEnvelope> first(List<EventEnvelope> inTime, EventType type) {
        return inTime.stream().filter(e -> e.type() == type).findFirst();
    }

    private LocalDate dayOf(EventEnvelope event) {
        return dayOf(event.occurredAt());
    }

    private LocalDate dayOf(OffsetDateTime time) {
        return time.atZoneSameInstant(zone).toLocalDate();
    }
}
