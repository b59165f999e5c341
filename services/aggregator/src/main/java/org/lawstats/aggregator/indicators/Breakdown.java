package org.lawstats.aggregator.indicators;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The breakdown of a unit: its own events ({@code self}), then one row per direct child covering the child's
 * subtree, then the total over the unit's whole subtree.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Breakdown(String period, String unit, List<Row> rows, Total total, Integer lockVersion, String reportedAt) {

    Breakdown(String period, String unit, List<Row> rows, Total total) {
        this(period, unit, rows, total, null, null);
    }

    record Row(String unitId, String unitName, String scope, Map<String, Number> values) {}

    record Total(Map<String, Number> values) {}
}
