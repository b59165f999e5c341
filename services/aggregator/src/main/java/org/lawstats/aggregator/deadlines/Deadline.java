package org.lawstats.aggregator.deadlines;

import java.time.LocalDate;
import java.util.List;

/**
 * The time limit of one matter (a disclosure request, a case), as its events make it: a pure function of its counted
 * events, so any arrival order gives the same deadline (api.md § Deadlines, ADR 16).
 *
 * <p>It keeps what its due date was counted from (the start, the extension, the stops), so that the due date can be
 * counted again on a calendar that has since gained a year's notice ({@link Deadlines#recounted}).
 *
 * @param ref the request's requestId or the case's caseNo
 * @param dueOn its last day; null while a suspension stops the clock, or when the count needs a year the official
 *     calendar does not hold ({@code unknownBeyond} then says which)
 * @param stops the suspensions of its clock, in the order they happened (none for a case)
 * @param metOn the day of the event that met it (the earliest counted one); null if not met
 * @param unknownBeyond the first year the count needed and the calendar does not hold; 0 otherwise
 * @param provisional the due date was counted over a year whose holiday notice the calendar does not hold yet: it may
 *     move once the notice is added (api.md § Deadlines)
 */
public record Deadline(
        DeadlineRule.Kind kind,
        String unitId,
        String ref,
        LocalDate startedOn,
        LocalDate dueOn,
        int extendedBy,
        List<DeadlineRule.Stop> stops,
        LocalDate metOn,
        int unknownBeyond,
        boolean provisional) {

    public Deadline {
        stops = List.copyOf(stops);
    }

    /** api.md's statuses. */
    public enum Status {
        /** Due in more than the rules' {@code dueSoon} working days, or stopped. */
        OPEN("未到期"),
        /** Due within {@code dueSoon} working days. */
        DUE_SOON("即将到期"),
        /** Past due, not met. */
        OVERDUE("已逾期"),
        /** Met on or before its due date. */
        MET("按期办结"),
        /** Met after its due date. */
        MISSED("逾期办结");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** What the pages and the mails call it. */
        public String label() {
            return label;
        }
    }

    /** MET or MISSED once met (what no later day changes), else null. */
    public Status outcome() {
        if (metOn == null) {
            return null;
        }
        return dueOn != null && metOn.isAfter(dueOn) ? Status.MISSED : Status.MET;
    }

    /**
     * Its status on {@code today}: met (MET, MISSED), else by its due date: OVERDUE after it, DUE_SOON on or before
     * {@code soonUntil} (the last day that is within the rules' dueSoon working days), OPEN otherwise or while it has no
     * due date.
     */
    public Status status(LocalDate today, LocalDate soonUntil) {
        if (outcome() != null) {
            return outcome();
        }
        if (dueOn == null) {
            return Status.OPEN;
        }
        if (dueOn.isBefore(today)) {
            return Status.OVERDUE;
        }
        return dueOn.isAfter(soonUntil) ? Status.OPEN : Status.DUE_SOON;
    }
}
