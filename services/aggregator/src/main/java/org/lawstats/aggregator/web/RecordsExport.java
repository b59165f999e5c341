package org.lawstats.aggregator.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The records behind a figure as a table: one line per record, its fields flattened ({@code payload.caseNo}), a
 * person's events as their number and ids, the columns in the order the records first hold them. As CSV (UTF-8 with
 * BOM, every cell defused as the breakdown's) or as an Excel workbook, streamed row by row.
 */
final class RecordsExport {
    private final List<Map<String, String>> rows = new ArrayList<>();
    private final Set<String> columns = new LinkedHashSet<>();

    /** Records as plain maps: what the JSON answers carry (and describe) as objects. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(List<ObjectNode> records) {
        return records.stream()
                .map(r -> (Map<String, Object>) MAPS.convertValue(r, Map.class))
                .toList();
    }

    private static final tools.jackson.databind.json.JsonMapper MAPS =
            tools.jackson.databind.json.JsonMapper.builder().build();

    void add(ObjectNode record) {
        Map<String, String> row = new LinkedHashMap<>();
        flatten("", record, row);
        columns.addAll(row.keySet());
        rows.add(row);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        for (var field : node.properties()) {
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(name + ".", value, into);
            } else if (value.isArray()) {
                // A person's events: how many, and which.
                List<String> ids = new ArrayList<>();
                value.forEach(e -> ids.add(e.path("eventId").asString(e.toString())));
                into.put(name, Integer.toString(ids.size()));
                into.put(name + ".eventIds", String.join(" ", ids));
            } else if (!value.isNull()) {
                into.put(name, value.asString());
            }
        }
    }

    byte[] csv() {
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append(String.join(",", columns.stream().map(BreakdownCsv::field).toList()))
                .append("\r\n");
        for (Map<String, String> row : rows) {
            csv.append(String.join(
                            ",",
                            columns.stream()
                                    .map(c -> BreakdownCsv.field(row.getOrDefault(c, "")))
                                    .toList()))
                    .append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] xlsx(String title) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(title, '_'));
            List<String> names = List.copyOf(columns);
            Row header = sheet.createRow(0);
            for (int c = 0; c < names.size(); c++) {
                header.createCell(c).setCellValue(names.get(c));
            }
            int r = 1;
            for (Map<String, String> row : rows) {
                Row line = sheet.createRow(r++);
                for (int c = 0; c < names.size(); c++) {
                    String value = row.get(names.get(c));
                    if (value != null) {
                        // Text cells: a value that looks like a formula is never evaluated.
                        line.createCell(c).setCellValue(value);
                    }
                }
            }
            workbook.write(out);
            workbook.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
