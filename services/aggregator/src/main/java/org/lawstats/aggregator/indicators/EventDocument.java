package org.lawstats.aggregator.indicators;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import org.lawstats.contract.Topics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Elasticsearch document of an event: the contract's JSON of its latest revision, who wrote that revision
 * ({@code writer}: {@code kind} and {@code name}, see {@link Writer}; absent when its record does not tell), plus the
 * values that indicators need but Elasticsearch cannot compute at query time without scripts (which this server
 * lacks).
 */
public record EventDocument(ObjectNode tree) {
    /** What the index adds to the contract's JSON for its own use. */
    private static final List<String> ADDED = List.of("ingestedAt", "derived");

    private static final String WRITER = "writer";

    public static EventDocument of(EventEnvelope event, Instant ingestedAt) {
        return of(event, ingestedAt, null);
    }

    public static EventDocument of(EventEnvelope event, Instant ingestedAt, Writer writer) {
        EventCodec codec = EventCodec.strict();
        ObjectNode tree = codec.toTree(event);
        tree.put("ingestedAt", ingestedAt.toString());
        if (writer != null) {
            ObjectNode by = tree.putObject(WRITER);
            by.put("kind", writer.kind());
            by.put("name", writer.name());
        }
        ObjectNode derived = tree.putObject("derived");
        switch (event.payload()) {
            case Payload.DisclosureReplied reply ->
                derived.put(
                        "onTime",
                        !event.occurredAt().toInstant().isAfter(reply.dueAt().toInstant()));
            default -> {}
        }
        return new EventDocument(tree);
    }

    /** A stored document as the contract's JSON of the event, with its writer when it has one (what lists show). */
    public static ObjectNode listed(JsonNode stored) {
        ObjectNode event = ((ObjectNode) stored).deepCopy();
        event.remove(ADDED);
        return event;
    }

    /** A stored document as the contract's JSON of the event, as its writer sent it. */
    public static ObjectNode contract(JsonNode stored) {
        ObjectNode event = listed(stored);
        event.remove(WRITER);
        return event;
    }

    /** A stored document as the contract's event; empty when it is no event of the contract (any more). */
    public static Optional<EventEnvelope> event(JsonNode stored) {
        if (!(stored instanceof ObjectNode)) {
            return Optional.empty();
        }
        return switch (EventCodec.strict().decode(contract(stored))) {
            case EventCodec.Decoded.Valid ok -> Optional.of(ok.event());
            case EventCodec.Decoded.Invalid invalid -> Optional.empty();
        };
    }

    /**
     * Who wrote a revision of an event, as far as its record can tell: the stored document's field {@code writer}
     * ({@code kind}, {@code name}), so that a revision can be traced to a person or a unit's system (a withdrawal, the
     * revisions written since a reporting period was locked).
     *
     * <ul>
     *   <li>{@code user}: a user of the aggregator's API (the gateway, an import, a form), the name it authenticated with,
     *       from the header {@link Topics#WRITER_HEADER} of a record on a contract topic. Only the aggregator and writers
     *       trusted with every unit may write those topics (ADR 11), so the name is as good as they are; on the local
     *       stack's open broker, anyone's.
     *   <li>{@code unit}: a record of a unit's own topic, which only that unit's Kafka principal ({@code unit.<unitId>})
     *       may write: the name is the unit's id. A header there is ignored: a unit's system cannot name a user.
     * </ul>
     *
     * None (null) for a record of a contract topic without the header: a direct producer the operator trusts (an
     * integrator, the demo, {@code ./lawstats emit}), which names no one.
     *
     * @param kind {@value #USER} or {@value #UNIT}
     * @param name the user name, or the unit's id
     */
    public record Writer(String kind, String name) {
        public static final String USER = "user";
        public static final String UNIT = "unit";

        /** The longest name kept: user names are short; a longer header is someone else's and is cut. */
        public static final int MAX_NAME = 128;

        /** Who wrote a record of this topic with these headers; null when nobody can tell. */
        public static Writer of(String topic, Headers headers) {
            Optional<String> unit = Topics.unitOf(topic);
            if (unit.isPresent()) {
                return new Writer(UNIT, unit.get());
            }
            var header = headers.lastHeader(Topics.WRITER_HEADER);
            if (header == null || header.value() == null) {
                return null;
            }
            // Shown on pages and in exports: no control characters, and bounded.
            String name = new String(header.value(), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", "")
                    .strip();
            if (name.isEmpty()) {
                return null;
            }
            return new Writer(
                    USER,
                    name.codePointCount(0, name.length()) > MAX_NAME
                            ? name.substring(0, name.offsetByCodePoints(0, MAX_NAME))
                            : name);
        }
    }
}
