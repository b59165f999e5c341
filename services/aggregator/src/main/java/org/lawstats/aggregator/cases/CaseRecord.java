package org.lawstats.aggregator.cases;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

/**
 * A case record: the latest revision of every event of one case, and what they say together. It is a pure
 * function of that set, so any arrival order of filed, hearing and closed events and their revisions gives the
 * same record. A retracted closing reopens the case; a case whose events are all retracted is not visible.
 */
public record CaseRecord(CaseKey key, Map<String, EventEnvelope> events) {

    public CaseRecord {
        events = Map.copyOf(events);
    }

    static CaseRecord empty(CaseKey key) {
        return new CaseRecord(key, Map.of());
    }

    /** The record with this event merged in: kept only if its revision is higher than the one held. */
    CaseRecord with(EventEnvelope event) {
        EventEnvelope held = events.get(event.eventId());
        if (held != null && held.revision() >= event.revision()) {
            return this;
        }
        Map<String, EventEnvelope> merged = new TreeMap<>(events);
        merged.put(event.eventId(), event);
        return new CaseRecord(key, merged);
    }

    /** The record without this eventId if it holds a revision of it below {@code revision}: the event moved. */
    CaseRecord without(String eventId, long revision) {
        EventEnvelope held = events.get(eventId);
        if (held == null || held.revision() >= revision) {
            return this;
        }
        Map<String, EventEnvelope> rest = new TreeMap<>(events);
        rest.remove(eventId);
        return new CaseRecord(key, rest);
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
