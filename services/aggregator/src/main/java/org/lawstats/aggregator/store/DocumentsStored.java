package org.lawstats.aggregator.store;

import java.util.Set;

/**
 * Event documents of these units were stored in Elasticsearch: searchable once the index has refreshed, within
 * {@link EventIndexInitializer#searchableWithin()} (nothing on the write path forces a refresh, ADR 15).
 */
public record DocumentsStored(Set<String> unitIds) {
    public DocumentsStored {
        unitIds = Set.copyOf(unitIds);
    }
}
