package org.lawstats.aggregator.store;

import java.util.List;
import java.util.Map;

/**
 * Published (in-process, on the writing thread) when a write of event documents has ended and what it changed is
 * known, for the units the write had to itself: a view kept in memory that was current for a unit at {@code before}
 * is current at {@code after} once it has applied the unit's changes (ADR 10).
 *
 * @param before each unit's state when the write began
 * @param after each unit's state now, with the write's changes
 * @param changes every document the write changed, of these units and possibly others
 */
public record EventsWritten(
        Map<String, SearchVisibility.Snapshot> before,
        Map<String, SearchVisibility.Snapshot> after,
        List<StoredChange> changes) {}
