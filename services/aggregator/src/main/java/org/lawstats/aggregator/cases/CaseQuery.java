package org.lawstats.aggregator.cases;

import java.time.Instant;
import java.util.List;

/**
 * A search of case records.
 *
 * @param terms every one must match, each as a contiguous run of characters in one of the searched fields
 * @param units the unit subtree to search in
 * @param searchClaimant whether the claimant is searched and highlighted (only for roles that may see it)
 */
public record CaseQuery(
        List<String> terms,
        String kind,
        List<String> units,
        String status,
        Instant filedFrom,
        Instant filedTo,
        int page,
        int size,
        boolean searchClaimant) {}
