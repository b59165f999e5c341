package org.lawstats.aggregator.indicators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.web.Csv;

/** The breakdown as CSV, as every download writes it ({@link Csv}). */
final class BreakdownCsv {
    private BreakdownCsv() {}

    static byte[] write(Breakdown breakdown, List<String> ids, String totalName) {
        StringBuilder csv = new StringBuilder(Csv.BOM);
        csv.append("unitId,unitName,scope");
        ids.forEach(id -> csv.append(',').append(Csv.field(id)));
        csv.append("\r\n");
        for (Breakdown.Row row : breakdown.rows()) {
            line(csv, row.unitId(), row.unitName(), row.scope(), row.values(), ids);
        }
        line(csv, "TOTAL", totalName, "total", breakdown.total().values(), ids);
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(
            StringBuilder csv, String unitId, String name, String scope, Map<String, Number> values, List<String> ids) {
        csv.append(Csv.field(unitId))
                .append(',')
                .append(Csv.field(name))
                .append(',')
                .append(Csv.field(scope));
        for (String id : ids) {
            Number value = values.get(id);
            csv.append(',').append(value == null ? "" : value.toString());
        }
        csv.append("\r\n");
    }
}
