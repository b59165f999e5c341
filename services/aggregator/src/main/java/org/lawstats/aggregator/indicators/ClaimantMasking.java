package org.lawstats.aggregator.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.cases.ClaimantMask;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as a caller may read them: the claimant, and the claimant's name in the texts, masked in the data for the
 * units whose claimants the caller may not see (api.md: a LEADER's view; ADR 13), before anything is answered or
 * exported: the records of a figure (JSON and exports) and a unit's entries. A case event that does not carry the name
 * itself (a hearing, a closing) is masked with its case's.
 */
@Component
public class ClaimantMasking {
    private final UnitAccess access;
    private final FigureRecords figureRecords;

    ClaimantMasking(UnitAccess access, FigureRecords figureRecords) {
        this.access = access;
        this.figureRecords = figureRecords;
    }

    /** Masks, in place, the events among these records (events, or items with their {@code events}) as the user may read them. */
    public void mask(List<ObjectNode> records, LawstatsUser user) {
        List<ObjectNode> events = new ArrayList<>();
        for (ObjectNode record : records) {
            if (record.has("eventId")) {
                events.add(record);
            }
            record.path("events").forEach(e -> events.add((ObjectNode) e));
        }
        List<ObjectNode> hidden = events.stream()
                .filter(e -> e.path("type").asString().startsWith("case."))
                .filter(e -> !access.seesClaimant(user, e.path("unitId").asString()))
                .toList();
        if (hidden.isEmpty()) {
            return;
        }
        Map<String, String> claimants = figureRecords.claimantsOf(hidden);
        hidden.forEach(e -> ClaimantMask.maskEvent(e, claimants.get(FigureRecords.caseKey(e))));
    }

    /** The payload fields that masking changed: those the caller reads hidden (empty when it reads them all). */
    public static List<String> hiddenFields(JsonNode original, JsonNode masked) {
        List<String> hidden = new ArrayList<>();
        JsonNode before = original.path("payload");
        JsonNode after = masked.path("payload");
        for (String field : before.propertyNames()) {
            if (!before.get(field).equals(after.path(field))) {
                hidden.add(field);
            }
        }
        return hidden;
    }
}
