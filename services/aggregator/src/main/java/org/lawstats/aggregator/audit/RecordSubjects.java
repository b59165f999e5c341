package org.lawstats.aggregator.audit;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How the audit trail names the records a read or an export held (api.md's records of a figure, a unit's entries): an
 * event by its eventId, a person by the eventIds of its events, a legal time limit as {@code unitId/kind/ref}.
 */
public final class RecordSubjects {
    private RecordSubjects() {}

    /** The subjects of one record. */
    public static List<String> of(JsonNode record) {
        List<String> subjects = new ArrayList<>(1);
        if (record.hasNonNull("eventId")) {
            subjects.add(record.get("eventId").asString());
        }
        record.path("events").forEach(event -> subjects.addAll(of(event)));
        if (subjects.isEmpty() && record.hasNonNull("ref")) {
            subjects.add(record.path("unitId").asString() + "/"
                    + record.path("kind").asString() + "/"
                    + record.get("ref").asString());
        }
        return subjects;
    }

    /** The subjects of these records, in their order. */
    public static List<String> of(List<? extends JsonNode> records) {
        List<String> subjects = new ArrayList<>(records.size());
        records.forEach(record -> subjects.addAll(of(record)));
        return subjects;
    }
}
