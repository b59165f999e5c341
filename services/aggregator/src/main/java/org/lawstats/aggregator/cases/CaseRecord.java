package org.lawstats.aggregator.cases;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

/**
 * A case record: the counted revision of every event of one case (the aggregation keeps them, ADR 15), and what they
 * say together. It is a pure function of that set, so any arrival order gives the same record. A retracted closing
 * reopens the case; a case whose events are all retracted is not visible.
 */
public record CaseRecord(CaseKey key, Map<String, EventEnvelope> events) {

    public CaseRecord {
        events = Map.copyOf(events);
    }

    private Optional<EventEnvelope> first(EventType type, Comparator<EventEnvelope> order) {
        return events.values().stream()
                .filter(e -> !e.retracted() && e.type() == type)
                .min(order.thenComparing(EventEnvelope::eventId));
    }

    private static final Comparator<EventEnvelope> EARLIEST =
            Comparator.comparing(e -> e.occurredAt().toInstant());

    /** The filing: the earliest counted case.filed. */
    Optional<Payload.CaseFiled> filing() {
        return first(EventType.CASE_FILED, EARLIEST).map(e -> (Payload.CaseFiled) e.payload());
    }

    Optional<EventEnvelope> filingEvent() {
        return first(EventType.CASE_FILED, EARLIEST);
    }

    /** The closing: the latest counted case.closed. */
    Optional<EventEnvelope> closingEvent() {
        return first(EventType.CASE_CLOSED, EARLIEST.reversed());
    }

    boolean visible() {
        return events.values().stream().anyMatch(e -> !e.retracted());
    }

    boolean headAppeared() {
        return events.values().stream()
                .anyMatch(e ->
                        !e.retracted() && e.payload() instanceof Payload.CaseHearing hearing && hearing.headAppeared());
    }

    String status() {
        return closingEvent().isPresent() ? "CLOSED" : "OPEN";
    }

    /** The summary of the closing if it has one, else the filing's. */
    String summary() {
        return closingEvent()
                .map(e -> ((Payload.CaseClosed) e.payload()).summary())
                .or(() -> filing().map(Payload.CaseFiled::summary))
                .orElse(null);
    }

    String outcome() {
        return closingEvent()
                .map(e -> ((Payload.CaseClosed) e.payload()).outcome().name())
                .orElse(null);
    }

    static String iso(OffsetDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
}
