package org.lawstats.aggregator.deadlines;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/**
 * A time limit as the deadlines index holds it ({@code config/elasticsearch/deadlines-template.json}): the due date
 * and the outcome are stored, the status is asked at query time with ranges on them (it depends on today). The start,
 * the extension and the stops are stored too, so that the due date can be counted again when the calendar gains a
 * year's notice ({@link DeadlineRecount}); a document written before they were has no {@code stops}.
 *
 * @param outcome MET or MISSED once met, else absent
 * @param stopped a suspension stops the clock (no due date until it resumes)
 * @param provisional the due date was counted over a year without its holiday notice
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadlineDocument(
        String kind,
        String unitId,
        String ref,
        String startedOn,
        String dueOn,
        int extendedBy,
        List<StopDocument> stops,
        String metOn,
        String outcome,
        boolean stopped,
        int unknownBeyond,
        boolean provisional) {

    /** One stop of the clock as stored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StopDocument(String suspendedOn, String reason, String resumedOn) {}

    public static DeadlineDocument of(Deadline deadline) {
        return new DeadlineDocument(
                deadline.kind().name(),
                deadline.unitId(),
                deadline.ref(),
                deadline.startedOn().toString(),
                text(deadline.dueOn()),
                deadline.extendedBy(),
                deadline.stops().stream()
                        .map(s -> new StopDocument(s.suspendedOn().toString(), s.reason(), text(s.resumedOn())))
                        .toList(),
                text(deadline.metOn()),
                deadline.outcome() == null ? null : deadline.outcome().name(),
                deadline.dueOn() == null && deadline.unknownBeyond() == 0,
                deadline.unknownBeyond(),
                deadline.provisional());
    }

    /** Whether it holds what its due date is counted from (documents written before the stops were stored do not). */
    public boolean recountable() {
        return stops != null;
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
                stops == null
                        ? List.of()
                        : stops.stream()
                                .map(s -> new DeadlineRule.Stop(
                                        LocalDate.parse(s.suspendedOn()), s.reason(), date(s.resumedOn())))
                                .toList(),
                date(metOn),
                unknownBeyond,
                provisional);
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }
}
