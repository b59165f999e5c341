package org.lawstats.aggregator.store;

import java.util.Set;

/**
 * Published (in-process) when events stored by this process have become searchable, so that views refresh.
 *
 * @param unitIds the units whose events became visible
 */
public record EventsVisible(Set<String> unitIds) {}
