package org.lawstats.aggregator.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A case record as the API shows it: for a caller who may not see its claimant, built from the masked copies of its
 * texts. {@code highlight} maps a field to fragments of HTML-escaped text in which only {@code <em>} is markup.
 */
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

    /** This view with its history. */
    CaseView withHistory(List<Step> steps) {
        return new CaseView(
                unitId,
                kind,
                caseNo,
                status,
                forum,
                claimant,
                cause,
                summary,
                filedAt,
                closedAt,
                outcome,
                headAppeared,
                highlight,
                steps);
    }

    /** One counted event of the case, oldest first: what happened when. */
    public record Step(String type, String occurredAt, long revision, String eventId) {}
}
