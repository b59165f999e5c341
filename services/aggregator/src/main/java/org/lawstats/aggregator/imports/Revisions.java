package org.lawstats.aggregator.imports;

import java.time.OffsetDateTime;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;

/**
 * The one rule of a change to a stored event (events.md § Revisions): a correction or a withdrawal is the stored
 * revision's next, under the stored event's id; the aggregation keeps the highest revision, so the count follows.
 */
final class Revisions {
    private Revisions() {}

    /** The stored event corrected to this date and payload. */
    static EventEnvelope corrected(EventEnvelope stored, OffsetDateTime occurredAt, Payload payload) {
        return stored.revised(stored.revision() + 1, occurredAt, payload);
    }

    /** The stored event withdrawn: it counts nowhere from now on. */
    static EventEnvelope withdrawn(EventEnvelope stored) {
        return stored.retractedAt(stored.revision() + 1);
    }
}
