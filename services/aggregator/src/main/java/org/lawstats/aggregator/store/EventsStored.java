package org.lawstats.aggregator.store;

import java.time.Instant;

/**
 * Published (in-process) after a batch of events is in Elasticsearch, so that views can refresh themselves.
 *
 * @param events how many valid events the batch held
 * @param at when they were stored
 */
public record EventsStored(int events, Instant at) {}
