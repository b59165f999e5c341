package org.lawstats.aggregator.indicators;

import java.time.LocalDate;

/**
 * What figures and their records are evaluated over: the events, the legal time limits and the day the overdue counts
 * are asked on. The live basis is the store's aliases and today; a locked reporting period's is its own copy of them
 * and the day it was locked, so that its figures and records stay as they stood.
 *
 * @param events an index or alias of event documents
 * @param deadlines an index or alias of time limits
 * @param today the day in the registry's zone
 */
public record Basis(String events, String deadlines, LocalDate today) {}
