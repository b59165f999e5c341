package org.lawstats.aggregator.topology;

import java.time.Instant;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Elasticsearch document of an event: the contract's JSON of its latest revision, who wrote that revision
 * ({@code writer}: {@code kind} and {@code name}, see {@link Writer}; absent when its record does not tell), plus the
 * values that indicators need but Elasticsearch cannot compute at query time without scripts (which this server
 * lacks).
 */
record EventDocument(ObjectNode tree) {

    static EventDocument of(EventEnvelope event, Instant ingestedAt) {
        return of(event, ingestedAt, null);
    }

    static EventDocument of(EventEnvelope event, Instant ingestedAt, Writer writer) {
        EventCodec codec = EventCodec.strict();
        ObjectNode tree = codec.toTree(event);
        tree.put("ingestedAt", ingestedAt.toString());
        if (writer != null) {
            ObjectNode by = tree.putObject("writer");
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
}
