package org.lawstats.aggregator.store;

import tools.jackson.databind.JsonNode;

/**
 * One event document changed by a write: as stored before it (null if there was none) and as stored after it (the
 * latest revision). Both belong to {@code unitId}: a revision never changes its event's unit.
 */
public record StoredChange(String unitId, JsonNode before, JsonNode after) {}
