package org.lawstats.aggregator.indicators;

import java.util.Set;

/**
 * Published (in-process) when this instance's view of the figures has taken in a change, so that views refresh.
 *
 * @param unitIds the units whose figures changed
 */
public record FiguresChanged(Set<String> unitIds) {}
