package org.lawstats.aggregator.topology;

import java.util.ArrayList;
import java.util.List;
import org.lawstats.contract.EventCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the aggregation publishes for search (ADR 15), each with the version its store must keep the highest of: an
 * event's document, or a case's or request's events. Written by the topology, read back by the search feed: the JSON
 * of each is written and read here only.
 */
public sealed interface Published {
    JsonMapper JSON = EventCodec.strict().mapper();

    long version();

    byte[] encode();

    /** Where an event's record was read: should the store refuse the document, that record is dead-lettered. */
    record Origin(String topic, int partition, long offset) {}

    /**
     * An event's searchable document at a version, and the record it came from; a null document (and origin) when the
     * event counts as nothing any more: its store deletes it at that version.
     */
    record Document(long version, Origin origin, ObjectNode document) implements Published {
        @Override
        public byte[] encode() {
            ObjectNode versioned = JSON.createObjectNode();
            versioned.put("version", version);
            if (document == null) {
                versioned.putNull("document");
            } else {
                ObjectNode from = versioned.putObject("origin");
                from.put("topic", origin.topic());
                from.put("partition", origin.partition());
                from.put("offset", origin.offset());
                versioned.set("document", document);
            }
            return JSON.writeValueAsBytes(versioned);
        }

        public static Document decode(byte[] bytes) {
            JsonNode tree = JSON.readTree(bytes);
            JsonNode document = tree.path("document");
            if (!document.isObject()) {
                return new Document(tree.path("version").asLong(), null, null);
            }
            JsonNode from = tree.path("origin");
            return new Document(
                    tree.path("version").asLong(),
                    new Origin(
                            from.path("topic").asString(),
                            from.path("partition").asInt(),
                            from.path("offset").asLong()),
                    (ObjectNode) document);
        }
    }

    /**
     * A case's or request's record at a version: the counted revision of each of its events, as the contract's JSON;
     * none when it has no events any more (its store deletes it at that version, which a tombstone could not carry).
     */
    record Events(long version, List<JsonNode> events) implements Published {
        public Events {
            events = List.copyOf(events);
        }

        @Override
        public byte[] encode() {
            ObjectNode versioned = JSON.createObjectNode();
            versioned.put("version", version);
            events.forEach(versioned.putArray("events")::add);
            return JSON.writeValueAsBytes(versioned);
        }

        public static Events decode(byte[] bytes) {
            JsonNode tree = JSON.readTree(bytes);
            List<JsonNode> events = new ArrayList<>();
            tree.path("events").forEach(events::add);
            return new Events(tree.path("version").asLong(), events);
        }
    }
}
