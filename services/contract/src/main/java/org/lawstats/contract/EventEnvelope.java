package org.lawstats.contract;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A v1 event: the envelope and its payload.
 *
 * <p>Build one with the canonical constructor and hand it to {@link EventPublisher}; the publisher checks it
 * against the whole contract before anything leaves the process.
 *
 * @param eventId the identity of the event, unique across all units ({@code [A-Za-z0-9._:-]{1,128}})
 * @param revision 1 or more; a higher revision of the same eventId replaces the earlier one completely
 * @param type the event type; must match the payload
 * @param unitId the unit the event belongs to (a unit of the registry)
 * @param occurredAt when it happened, with its offset; the period it counts in is taken in the registry's zone
 * @param retracted true when this revision withdraws the event: it then counts nowhere
 * @param payload the type-specific fields
 */
public record EventEnvelope(
        String eventId,
        long revision,
        EventType type,
        String unitId,
        OffsetDateTime occurredAt,
        boolean retracted,
        Payload payload) {

    public EventEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** A first revision that is not retracted. */
    public static EventEnvelope of(String eventId, EventType type, String unitId, OffsetDateTime at, Payload payload) {
        return new EventEnvelope(eventId, 1, type, unitId, at, false, payload);
    }

    /** The same event at a higher revision with another payload and time (a correction). */
    public EventEnvelope revised(long newRevision, OffsetDateTime newOccurredAt, Payload newPayload) {
        return new EventEnvelope(eventId, newRevision, type, unitId, newOccurredAt, false, newPayload);
    }

    /** The same event withdrawn at a higher revision. */
    public EventEnvelope retractedAt(long newRevision) {
        return new EventEnvelope(eventId, newRevision, type, unitId, occurredAt, true, payload);
    }
}
