package org.lawstats.contract;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which unit an eventId belongs to (events.md 1.2). eventIds are one namespace across all units, so a unit-bound writer
 * (a {@code UNIT_EMITTER} through the aggregator's gateway, an import or a form; a unit's own topic,
 * {@link Topics#ofUnit(String)}) may only write eventIds that begin with the id of a unit within its rights followed by
 * {@code :}, as {@code nk.justice:train:2024-0001}; any other is refused (a 400, or the dead letter
 * {@link Rejection.Reason#FOREIGN_EVENT_ID}). Otherwise a unit could write another unit's eventId and take away or
 * spoil that unit's event (an eventId claimed by two units' writers counts for neither). This class is the rule's one
 * definition; the registry and the writer's rights are the caller's.
 *
 * <p>Unit ids may hold {@code :} themselves, so the owner is the <em>longest</em> beginning before a {@code :} that
 * names a unit: with units {@code x} and {@code x:y}, {@code x:y:1} is {@code x:y}'s, never both units'.
 */
public final class EventIds {
    /** What separates the owning unit's id from the rest of an eventId. */
    public static final char SEPARATOR = ':';

    private EventIds() {}

    /**
     * The unit this eventId belongs to: the longest of its beginnings followed by {@code :} that {@code isUnit}
     * accepts; empty when none does (an eventId of no unit: only a writer trusted with every unit may write it).
     */
    public static Optional<String> owner(String eventId, Predicate<String> isUnit) {
        if (eventId == null) {
            return Optional.empty();
        }
        for (int end = eventId.lastIndexOf(SEPARATOR); end > 0; end = eventId.lastIndexOf(SEPARATOR, end - 1)) {
            String prefix = eventId.substring(0, end);
            if (isUnit.test(prefix)) {
                return Optional.of(prefix);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a unit-bound writer may write this eventId: it belongs ({@link #owner}) to a unit that
     * {@code withinRights} accepts (the writer's unit or a unit below it).
     */
    public static boolean mayWrite(String eventId, Predicate<String> isUnit, Predicate<String> withinRights) {
        return owner(eventId, isUnit).filter(withinRights).isPresent();
    }

    /**
     * An eventId of this unit: its id, {@code :} and {@code local}, as {@code of("nk.justice", "train:2024-0001")}.
     *
     * @throws IllegalArgumentException when the result breaks the contract's id rule ({@code [A-Za-z0-9._:-]}, at
     *     most 128 characters)
     */
    public static String of(String unitId, String local) {
        String eventId = unitId + SEPARATOR + local;
        if (unitId == null || local == null || !FieldReader.ID.matcher(eventId).matches()) {
            throw new IllegalArgumentException("'" + eventId
                    + "' is not an eventId: 1-128 characters of A-Z a-z 0-9 . _ : -, the unit's id first");
        }
        return eventId;
    }
}
