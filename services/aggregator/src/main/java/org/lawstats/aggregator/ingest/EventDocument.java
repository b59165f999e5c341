package org.lawstats.aggregator.ingest;

import java.time.Instant;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Elasticsearch document of an event: the contract's JSON of its latest revision, plus the values that
 * indicators need but Elasticsearch cannot compute at query time without scripts (which this server lacks).
 */
record EventDocument(ObjectNode tree) {

    static EventDocument of(EventEnvelope event, Instant ingestedAt) {
        EventCodec codec = EventCodec.strict();
        ObjectNode tree = codec.toTree(event);
        tree.put("ingestedAt", ingestedAt.toString());
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
