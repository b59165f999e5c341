package org.lawstats.aggregator.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** A case record as the API shows it; the web layer masks the claimant for the roles that may not see it. */
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
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Step> history) {

    /** One counted event of the case, oldest first: what happened when. */
    public record Step(String type, String occurredAt, long revision, String eventId) {}
}
