package org.lawstats.aggregator.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * An uploaded ledger as rows of text cells under its header row: an Excel workbook (its first sheet) or a CSV file in
 * UTF-8 (with or without BOM) or GB18030, as Excel on a Chinese Windows saves it. Row numbers are those a spreadsheet
 * shows (the header is row 1).
 */
record LedgerFile(List<String> headers, List<Line> lines) {
    /** The most rows one file may hold: a quarter's ledger of a large bureau, with room to spare. */
    static final int MAX_ROWS = 50_000;

    private static final Charset GB18030 = Charset.forName("GB18030");

    /** One data row and its cells, in the header's order (missing cells empty). */
    record Line(int number, List<String> cells) {}

    static LedgerFile read(byte[] content) {
        if (content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
            return workbook(content);
        }
        if (content.length >= 4
                && (content[0] & 0xff) == 0xD0
                && (content[1] & 0xff) == 0xCF
                && (content[2] & 0xff) == 0x11
                && (content[3] & 0xff) == 0xE0) {
            throw new LedgerImport.UnreadableLedgerException("这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入");
        }
        return csv(text(content));
    }

    /** UTF-8 when it is (a BOM, or bytes that decode strictly), else GB18030: what Excel writes on a Chinese Windows. */
    static String text(byte[] content) {
        if (content.length >= 3
                && (content[0] & 0xff) == 0xEF
                && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF) {
            return new String(content, 3, content.length - 3, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(content, GB18030);
        }
    }

    private static LedgerFile csv(String text) {
        List<CSVRecord> records;
        try {
            records = CSVFormat.RFC4180
                    .builder()
                    .get()
                    .parse(new StringReader(text))
                    .getRecords();
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new LedgerImport.UnreadableLedgerException("CSV 文件格式有误（引号不配对等）：" + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new LedgerImport.UnreadableLedgerException("文件是空的：第1行应为列标题");
        }
        List<String> headers = records.get(0).stream().map(String::strip).toList();
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> cells = records.get(i).stream().map(String::strip).toList();
            if (cells.stream().allMatch(String::isEmpty)) {
                continue;
            }
            lines.add(new Line(i + 1, cells));
            tooMany(lines);
        }
        return new LedgerFile(headers, lines);
    }

    private static LedgerFile workbook(byte[] content) {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = workbook.getSheetAt(0);
            Row header = sheet.getRow(sheet.getFirstRowNum());
            if (header == null) {
                throw new LedgerImport.UnreadableLedgerException("工作表是空的：第1行应为列标题");
            }
            List<String> headers = new ArrayList<>();
            for (int c = 0; c < header.getLastCellNum(); c++) {
                headers.add(cell(header.getCell(c)));
            }
            List<Line> lines = new ArrayList<>();
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < headers.size(); c++) {
                    cells.add(cell(row.getCell(c)));
                }
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                lines.add(new Line(r + 1, cells));
                tooMany(lines);
            }
            return new LedgerFile(headers, lines);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerImport.UnreadableLedgerException unreadable) {
                throw unreadable;
            }
            throw new LedgerImport.UnreadableLedgerException("无法读取该 Excel 文件（.xlsx）：文件可能已损坏");
        }
    }

    private static void tooMany(List<Line> lines) {
        if (lines.size() > MAX_ROWS) {
            throw new LedgerImport.UnreadableLedgerException("一个文件最多 " + MAX_ROWS + " 行：请分成几个文件导入");
        }
    }

    /** A cell as text: a date as ISO (with its time when it has one), a number without a trailing .0. */
    private static String cell(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue().strip();
            case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
            case NUMERIC -> {
                if (DateUtil.isCellDateFormatted(cell)) {
                    LocalDateTime at = cell.getLocalDateTimeCellValue();
                    yield at.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                            ? at.toLocalDate().toString()
                            : at.toString();
                }
                yield BigDecimal.valueOf(cell.getNumericCellValue())
                        .stripTrailingZeros()
                        .toPlainString();
            }
            default -> "";
        };
    }
}
