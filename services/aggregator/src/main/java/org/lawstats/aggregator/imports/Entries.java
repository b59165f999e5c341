package org.lawstats.aggregator.imports;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.indicators.ClaimantMasking;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.NotFoundException;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of a form, checked as a ledger row is: a new event, or (with the eventId of one of the unit's stored
 * events) its correction or withdrawal; an entry with the key of a stored one is that event's correction.
 */
@Service
class Entries {
    private final LedgerImport imports;
    private final ClaimantMasking masking;

    Entries(LedgerImport imports, ClaimantMasking masking) {
        this.imports = imports;
        this.masking = masking;
    }

    /** What an entry becomes: the event to write, or the fields to fix (in Chinese). */
    sealed interface Entered {
        record Event(EventEnvelope event) implements Entered {}

        record Invalid(List<LedgerImport.RowError> errors) implements Entered {}
    }

    /**
     * @param eventId the stored event corrected or withdrawn, or null (blank) for a new entry
     * @throws NotFoundException when {@code eventId} is not one of this unit's events of this type
     */
    Entered enter(
            EventType type,
            String unitId,
            String date,
            Map<String, String> values,
            String eventId,
            boolean withdraw,
            LawstatsUser user) {
        LedgerSpec.Ledger ledger = imports.spec().ledger(type).orElseThrow();
        if (eventId != null && !eventId.isBlank()) {
            EventEnvelope stored = imports.storedEvent(eventId)
                    .filter(e -> e.unitId().equals(unitId) && e.type() == type)
                    .orElseThrow(() -> new NotFoundException(
                            "no entry " + BadRequestException.quoted(eventId) + " of this unit and type"));
            if (withdraw) {
                return new Entered.Event(Revisions.withdrawn(stored));
            }
            LedgerImport.Row row = imports.row(ledger, unitId, 1, date, keepHidden(values, stored, user));
            return row.errors().isEmpty()
                    ? new Entered.Event(Revisions.corrected(
                            stored, row.event().occurredAt(), row.event().payload()))
                    : new Entered.Invalid(row.errors());
        }
        LedgerImport.Row row = imports.row(ledger, unitId, 1, date, values);
        if (!row.errors().isEmpty()) {
            return new Entered.Invalid(row.errors());
        }
        // The same key as an entry or a ledger row before (under its id before events.md 1.2 too): that event's next
        // revision.
        EventEnvelope now = row.event();
        return new Entered.Event(imports.storedOfRow(now)
                .map(before -> Revisions.corrected(before, now.occurredAt(), now.payload()))
                .orElse(now));
    }

    /**
     * A correction's fields, where those the caller reads hidden (masked as for a LEADER) and left empty keep their
     * stored text: the caller never saw them, and the masked text is not theirs to write back.
     */
    private Map<String, String> keepHidden(Map<String, String> given, EventEnvelope stored, LawstatsUser user) {
        ObjectNode original = EventCodec.strict().toTree(stored);
        ObjectNode masked = original.deepCopy();
        masking.mask(List.of(masked), user);
        Map<String, String> values = new HashMap<>(given);
        for (String field : ClaimantMasking.hiddenFields(original, masked)) {
            String value = values.get(field);
            if (value == null || value.isBlank()) {
                values.put(field, original.path("payload").path(field).asString());
            }
        }
        return values;
    }
}
