package org.lawstats.aggregator.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The breakdown as CSV (RFC 4180), UTF-8 with a BOM so that Excel shows the Chinese names. */
final class BreakdownCsv {
    private static final String BOM = "\uFEFF";

    private BreakdownCsv() {}

    static byte[] write(Breakdown breakdown, List<String> ids, String totalName) {
        StringBuilder csv = new StringBuilder(BOM);
        csv.append("unitId,unitName,scope");
        ids.forEach(id -> csv.append(',').append(field(id)));
        csv.append("\r\n");
        for (Breakdown.Row row : breakdown.rows()) {
            line(csv, row.unitId(), row.unitName(), row.scope(), row.values(), ids);
        }
        line(csv, "TOTAL", totalName, "total", breakdown.total().values(), ids);
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(
            StringBuilder csv, String unitId, String name, String scope, Map<String, Number> values, List<String> ids) {
        csv.append(field(unitId)).append(',').append(field(name)).append(',').append(field(scope));
        for (String id : ids) {
            Number value = values.get(id);
            csv.append(',').append(value == null ? "" : value.toString());
        }
        csv.append("\r\n");
    }

    /**
     * Quotes when needed, and defuses a cell that a spreadsheet would evaluate as a formula: one that starts with
     * = + - @, or with a tab or carriage return (which Excel skips before reading the formula), gets a leading '.
     */
    static String field(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
