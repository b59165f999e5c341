package org.lawstats.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a record is not a valid v1 event.
 *
 * @param reason the category, carried as the dead-letter reason code
 * @param violations the field-level details, at least one
 */
public record Rejection(Reason reason, List<Violation> violations) {

    /** The dead-letter reason codes. */
    public enum Reason {
        /** More than {@link EventCodec#MAX_EVENT_BYTES} bytes. */
        OVERSIZE("oversize"),
        /** Not parseable as a single JSON value in UTF-8 (including duplicate keys). */
        MALFORMED_JSON("malformed-json"),
        /** JSON, but not an object. */
        NOT_AN_OBJECT("not-an-object"),
        /** A required field is missing, or a field has the wrong type or value. */
        INVALID_FIELD("invalid-field"),
        /** {@code type} names no type of the contract. */
        UNKNOWN_TYPE("unknown-type"),
        /** {@code unitId} names no unit of the registry. */
        UNKNOWN_UNIT("unknown-unit"),
        /** A valid event consumed from a topic that does not carry its type. */
        WRONG_TOPIC("wrong-topic"),
        /**
         * A valid event on a unit's own topic ({@link Topics#ofUnit(String)}) for a unit outside that unit's subtree,
         * or on a unit topic that names no unit of the registry: a unit's credentials speak for its subtree only.
         */
        UNIT_NOT_PERMITTED("unit-not-permitted"),
        /**
         * A valid event from a unit-bound writer (a unit's own topic, {@link Topics#ofUnit(String)}) whose eventId does
         * not begin with the id of a unit within that writer's subtree followed by {@code :} (events.md 1.2,
         * {@link EventIds#owner}): a unit may not touch another unit's eventIds.
         */
        FOREIGN_EVENT_ID("foreign-event-id"),
        /** A later revision changes the type or the unit of its eventId. */
        IDENTITY_CHANGED("identity-changed"),
        /** The store refused the document as malformed. */
        REJECTED_BY_STORE("rejected-by-store");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The short code of the {@code lawstats.error.reason} header. */
        public String code() {
            return code;
        }
    }

    public Rejection {
        violations = List.copyOf(violations);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a rejection names at least one violation");
        }
    }

    /** A rejection with one violation. */
    public static Rejection of(Reason reason, String field, String message) {
        return new Rejection(reason, List.of(new Violation(field, message)));
    }

    /** One sentence for the {@code lawstats.error.detail} header. */
    public String detail() {
        String joined = violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
        return joined.endsWith(".") ? joined : joined + ".";
    }
}
