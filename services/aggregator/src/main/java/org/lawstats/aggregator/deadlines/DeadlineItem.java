package org.lawstats.aggregator.deadlines;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;

/** One legal time limit as the API lists it (api.md § Deadlines), its status and days left as of {@code today}. */
public record DeadlineItem(
        String unitId,

        @Schema(allowableValues = {"DISCLOSURE_REPLY", "LITIGATION_DEFENCE", "RECONSIDERATION_ANSWER"})
        String kind,

        @Schema(description = "the requestId or the caseNo") String ref,

        @Schema(format = "date") String startedOn,

        @Schema(format = "date", description = "null while a suspension stops the clock", nullable = true)
        String dueOn,

        int extendedBy,

        @Schema(allowableValues = {"OPEN", "DUE_SOON", "OVERDUE", "MET", "MISSED"})
        String status,

        @Schema(description = "working days from today to dueOn: 0 on the day, negative once past", nullable = true)
        Integer workingDaysLeft,

        @Schema(format = "date", nullable = true) String metOn,

        @Schema(
                description = "dueOn (or the working days left) counted over a year whose holiday notice the"
                        + " official calendar does not hold yet: by the statutory holidays and weekends alone,"
                        + " counted again once the notice is added")
        boolean provisional) {

    static DeadlineItem of(Deadline d, Deadlines deadlines, LocalDate today, LocalDate soonUntil) {
        return new DeadlineItem(
                d.unitId(),
                d.kind().name(),
                d.ref(),
                d.startedOn().toString(),
                d.dueOn() == null ? null : d.dueOn().toString(),
                d.extendedBy(),
                d.status(today, soonUntil).name(),
                deadlines.workingDaysLeft(d, today),
                d.metOn() == null ? null : d.metOn().toString(),
                deadlines.provisional(d, today));
    }
}
