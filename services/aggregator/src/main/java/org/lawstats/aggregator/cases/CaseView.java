package org.lawstats.aggregator.cases;

import java.util.List;
import java.util.Map;

/** A case record as the API shows it (before masking, which depends on who asks). */
public record CaseView(
        String unitId,
        String kind,
        String caseNo,
        String status,
        String forum,
        String claimant,
        String cause,
        String summary,
        String filedAt,
        String closedAt,
        String outcome,
        boolean headAppeared,
        Map<String, List<String>> highlight,
        List<Step> history) {

    /** One counted event of the case, oldest first: what happened when. */
    public record Step(String type, String occurredAt, long revision, String eventId) {}
}
