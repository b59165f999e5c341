package org.lawstats.aggregator.deadlines;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventType;

/**
 * One time limit of api.md § Deadlines, as {@code config/deadlines.yml} defines it: what starts it, how many days of
 * which kind, how it is extended and suspended, what meets it. {@link #dueOn} is the one computation of a due date.
 *
 * @param caseKind for a limit started by {@code case.filed}, the kind of case it is for; null otherwise
 * @param extension the event that extends it and the most it may add; null if it cannot be extended
 * @param suspension the events that stop and restart it and what each reason does; null if it cannot be suspended
 */
public record DeadlineRule(
        Kind kind,
        String name,
        String basis,
        EventType starts,
        CaseKind caseKind,
        int days,
        Count count,
        boolean rollForward,
        Extension extension,
        Suspension suspension,
        EventType metBy) {

    /** The kinds of time limit of api.md. */
    public enum Kind {
        DISCLOSURE_REPLY,
        LITIGATION_DEFENCE,
        RECONSIDERATION_ANSWER
    }

    /** How the days of a limit are counted. */
    public enum Count {
        /** Working days of the official calendar. */
        WORKING,
        /** Every day; the last one moves to the next working day if the rule rolls forward. */
        CALENDAR
    }

    /** What a suspension of a given reason does to the limit. */
    public enum Effect {
        /** A fresh limit from the day of resumption (补正). */
        RESTART,
        /** The working days after the suspension up to and including the resumption do not count (征求第三方意见). */
        PAUSE
    }

    /** The event that extends the limit by its working days, and the most the extension may add. */
    public record Extension(EventType by, int max) {}

    /** The events that stop and restart the limit, and the effect of each reason the stopping event may give. */
    public record Suspension(EventType suspendedBy, EventType resumedBy, Map<String, Effect> reasons) {}

    /** One stop of a matter's clock: the day it was suspended, why, and the day it resumed (null: not yet). */
    public record Stop(LocalDate suspendedOn, String reason, LocalDate resumedOn) {
        public Stop {
            if (resumedOn != null && resumedOn.isBefore(suspendedOn)) {
                throw new IllegalArgumentException("resumed on " + resumedOn + " before suspended on " + suspendedOn);
            }
        }
    }

    /**
     * The due date of a matter started on {@code startedOn} with an extension of {@code extendedBy} working days and
     * these stops, or empty while a stop before the due date has not resumed (the clock stands still). Stops are taken
     * in date order; one after the due date reached so far changes nothing (the limit had run out).
     *
     * @throws OfficialCalendar.OutsideCalendarException if the count needs a year the calendar does not hold
     */
    public Optional<LocalDate> dueOn(OfficialCalendar calendar, LocalDate startedOn, int extendedBy, List<Stop> stops) {
        int limit = days + (extension == null ? 0 : Math.max(0, Math.min(extendedBy, extension.max())));
        if (count == Count.CALENDAR) {
            return Optional.of(rollForward ? calendar.afterCalendarDays(startedOn, limit) : startedOn.plusDays(limit));
        }
        LocalDate start = startedOn;
        List<Stop> paused = new ArrayList<>();
        LocalDate due = calendar.afterWorkingDays(start, limit, day -> pausedOn(day, paused));
        List<Stop> inOrder = new ArrayList<>(stops);
        inOrder.sort(Comparator.comparing(Stop::suspendedOn));
        for (Stop stop : inOrder) {
            if (stop.suspendedOn().isAfter(due)) {
                continue;
            }
            if (stop.resumedOn() == null) {
                return Optional.empty();
            }
            Effect effect = suspension == null ? null : suspension.reasons().get(stop.reason());
            if (effect == null) {
                throw new IllegalArgumentException(kind + " cannot be suspended for " + stop.reason());
            }
            if (effect == Effect.RESTART) {
                start = stop.resumedOn();
                paused.clear();
            } else {
                paused.add(stop);
            }
            due = calendar.afterWorkingDays(start, limit, day -> pausedOn(day, paused));
        }
        return Optional.of(due);
    }

    private static boolean pausedOn(LocalDate day, List<Stop> paused) {
        for (Stop stop : paused) {
            if (day.isAfter(stop.suspendedOn()) && !day.isAfter(stop.resumedOn())) {
                return true;
            }
        }
        return false;
    }
}
