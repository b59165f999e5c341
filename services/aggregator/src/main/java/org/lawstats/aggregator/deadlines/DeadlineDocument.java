package org.lawstats.aggregator.deadlines;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;

/**
 * A time limit as the deadlines index holds it ({@code config/elasticsearch/deadlines-template.json}): the due date
 * and the outcome are stored, the status is asked at query time with ranges on them (it depends on today).
 *
 * @param outcome MET or MISSED once met, else absent
 * @param stopped a suspension stops the clock (no due date until it resumes)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadlineDocument(
        String kind,
        String unitId,
        String ref,
        String startedOn,
        String dueOn,
        int extendedBy,
        String metOn,
        String outcome,
        boolean stopped,
        int unknownBeyond) {

    public static DeadlineDocument of(Deadline deadline) {
        return new DeadlineDocument(
                deadline.kind().name(),
                deadline.unitId(),
                deadline.ref(),
                deadline.startedOn().toString(),
                text(deadline.dueOn()),
                deadline.extendedBy(),
                text(deadline.metOn()),
                deadline.outcome() == null ? null : deadline.outcome().name(),
                deadline.dueOn() == null && deadline.unknownBeyond() == 0,
                deadline.unknownBeyond());
    }

    /** The deadline it stores. */
    public Deadline deadline() {
        return new Deadline(
                DeadlineRule.Kind.valueOf(kind),
                unitId,
                ref,
                LocalDate.parse(startedOn),
                date(dueOn),
                extendedBy,
                date(metOn),
                unknownBeyond);
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }
}
