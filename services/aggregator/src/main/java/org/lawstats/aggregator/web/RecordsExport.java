package org.lawstats.aggregator.web;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The records behind a figure as a table: one line per record, its fields flattened ({@code payload.caseNo}), a
 * person's events as their number and ids, the columns in the order the records first hold them. As CSV (UTF-8 with
 * BOM, every cell defused as the breakdown's) or as an Excel workbook.
 *
 * <p>Memory stays flat whatever the number of records (ADR 19): each record is flattened as it comes and kept in a
 * temporary file, one JSON line, until the last one has told which columns there are; then the file is written to
 * the answer line by line (CSV) or through POI's streaming workbook, which holds {@link #WINDOW} rows and writes the
 * others to its own temporary file. {@link #close()} deletes both.
 */
public final class RecordsExport implements AutoCloseable {
    /** The rows the Excel writer holds in memory; the others are on disk. */
    static final int WINDOW = 100;

    private static final JsonMapper MAPS = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> ROW = new TypeReference<>() {};

    private final Path spill;
    private final Writer rows;
    private final Set<String> columns = new LinkedHashSet<>();
    private long count;

    public RecordsExport() {
        try {
            spill = Files.createTempFile("lawstats-records-", ".jsonl");
            rows = Files.newBufferedWriter(spill, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An export whose kept rows are deleted when the request ends, however it ends (a refusal, a failure). */
    public static RecordsExport forThisRequest() {
        RecordsExport export = new RecordsExport();
        RequestContextHolder.currentRequestAttributes()
                .registerDestructionCallback(
                        RecordsExport.class.getName() + "@" + System.identityHashCode(export),
                        export::close,
                        RequestAttributes.SCOPE_REQUEST);
        return export;
    }

    /** Records as plain maps: what the JSON answers carry (and describe) as objects. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(List<ObjectNode> records) {
        return records.stream()
                .map(r -> (Map<String, Object>) MAPS.convertValue(r, Map.class))
                .toList();
    }

    public void add(ObjectNode record) {
        Map<String, String> row = new LinkedHashMap<>();
        flatten("", record, row);
        columns.addAll(row.keySet());
        try {
            rows.write(MAPS.writeValueAsString(row));
            rows.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        count++;
    }

    /** How many records were added. */
    long count() {
        return count;
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

    /** Each kept row in the order added. */
    private void eachRow(Consumer<Map<String, String>> each) throws IOException {
        rows.flush();
        try (BufferedReader in = Files.newBufferedReader(spill, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                each.accept(MAPS.readValue(line, ROW));
            }
        }
    }

    public void writeCsv(OutputStream to) throws IOException {
        Writer csv = new BufferedWriter(new OutputStreamWriter(to, StandardCharsets.UTF_8));
        csv.write('\uFEFF');
        csv.write(String.join(",", columns.stream().map(Csv::field).toList()));
        csv.write("\r\n");
        List<String> names = List.copyOf(columns);
        try {
            eachRow(row -> {
                try {
                    for (int c = 0; c < names.size(); c++) {
                        if (c > 0) {
                            csv.write(',');
                        }
                        csv.write(Csv.field(row.getOrDefault(names.get(c), "")));
                    }
                    csv.write("\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }

    public void writeXlsx(String title, OutputStream to) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW)) {
            workbook.setCompressTempFiles(true);
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(title, '_'));
            List<String> names = List.copyOf(columns);
            Row header = sheet.createRow(0);
            for (int c = 0; c < names.size(); c++) {
                header.createCell(c).setCellValue(names.get(c));
            }
            int[] r = {1};
            eachRow(row -> {
                Row line = sheet.createRow(r[0]++);
                for (int c = 0; c < names.size(); c++) {
                    String value = row.get(names.get(c));
                    if (value != null) {
                        // Text cells: a value that looks like a formula is never evaluated.
                        line.createCell(c).setCellValue(value);
                    }
                }
            });
            workbook.write(to);
        }
    }

    /** The whole CSV file, for a small table (a registry's units); the export is closed. */
    public byte[] csv() {
        return whole(this::writeCsv);
    }

    /** The whole Excel file, for a small table (a registry's units); the export is closed. */
    public byte[] xlsx(String title) {
        return whole(out -> writeXlsx(title, out));
    }

    private byte[] whole(Download.Body body) {
        try (this) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            body.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the kept rows. */
    @Override
    public void close() {
        try {
            rows.close();
            Files.deleteIfExists(spill);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
