package org.lawstats.aggregator.cases;

import java.time.Instant;
import java.util.List;

/**
 * A search of case records.
 *
 * @param terms every one must match, each as a contiguous run of characters in one of the searched fields
 * @param claimantsSeenIn the units searched whose claimants the caller sees: their texts and claimants are searched
 * @param claimantsHiddenIn the units searched whose claimants the caller may not see: only the masked copies of
 *     their texts are searched and shown
 * @param filedFrom filed at or after, or null
 * @param filedBefore filed before (exclusive), or null
 */
public record CaseQuery(
        List<String> terms,
        String kind,
        List<String> claimantsSeenIn,
        List<String> claimantsHiddenIn,
        String status,
        Instant filedFrom,
        Instant filedBefore,
        int page,
        int size) {}
