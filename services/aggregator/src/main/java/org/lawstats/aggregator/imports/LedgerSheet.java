package org.lawstats.aggregator.imports;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The rows of a worksheet: each cell's value as the ledger reads it, handed to {@link LedgerFile.Rows} as it
 * arrives; a cell's text is refused past its limit while it is being collected.
 */
final class LedgerSheet extends DefaultHandler {
    private final LedgerFile.Rows rows;
    private final LedgerFile.Limits limits;
    private final List<String> shared;
    private final DateStyles styles;
    private final boolean date1904;
    private final StringBuilder value = new StringBuilder();

    private List<String> cells;
    private int row;
    private int nextRow = 1;
    private int column;
    private int nextColumn;
    private String type;
    private int style;
    private boolean inValue;
    private boolean inInline;
    private boolean inText;
    private int phonetic;

    LedgerSheet(
            LedgerFile.Rows rows, LedgerFile.Limits limits, List<String> shared, DateStyles styles, boolean date1904) {
        this.rows = rows;
        this.limits = limits;
        this.shared = shared;
        this.styles = styles;
        this.date1904 = date1904;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        if (!LedgerWorkbook.spreadsheet(uri)) {
            return;
        }
        switch (localName) {
            case "row" -> {
                String r = attributes.getValue("r");
                row = r == null ? nextRow : number(r, 1_048_576);
                cells = new ArrayList<>();
                nextColumn = 0;
            }
            case "c" -> {
                column = column(attributes.getValue("r"));
                type = attributes.getValue("t");
                String s = attributes.getValue("s");
                style = s == null ? 0 : number(s, Integer.MAX_VALUE - 1);
                value.setLength(0);
            }
            case "v" -> inValue = true;
            case "is" -> inInline = true;
            case "rPh" -> phonetic++;
            case "t" -> inText = inInline && phonetic == 0;
            default -> {
                // formulas (never read: their cached value is the cell's), formatting, the sheet's other parts
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (!inValue && !inText) {
            return;
        }
        if (value.length() + (long) length > limits.maxCellLength()) {
            rows.cellLength(row, column, value.length() + (long) length);
        }
        value.append(ch, start, length);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        if (!LedgerWorkbook.spreadsheet(uri)) {
            return;
        }
        switch (localName) {
            case "v" -> inValue = false;
            case "t" -> inText = false;
            case "rPh" -> phonetic--;
            case "is" -> inInline = false;
            case "c" -> {
                nextColumn = column + 1;
                if (cells == null) {
                    return; // a cell outside any row: nothing a spreadsheet shows
                }
                String text = text();
                if (!text.isEmpty()) {
                    rows.cell(row, column, text);
                    while (cells.size() <= column) {
                        cells.add("");
                    }
                    cells.set(column, text);
                }
            }
            case "row" -> {
                if (cells != null) {
                    rows.row(row, cells);
                }
                cells = null;
                nextRow = row + 1;
            }
            default -> {
                // nothing to close
            }
        }
    }

    /** The cell's value as the ledger reads it. */
    private String text() {
        String raw = value.toString().strip();
        if (type == null || type.equals("n")) {
            return raw.isEmpty() ? "" : number(raw);
        }
        return switch (type) {
            case "s" -> {
                if (raw.isEmpty()) {
                    yield "";
                }
                int index = number(raw, Integer.MAX_VALUE - 1);
                if (index >= shared.size()) {
                    throw new LedgerImport.UnreadableLedgerException(LedgerWorkbook.CORRUPT);
                }
                yield shared.get(index);
            }
            case "inlineStr" -> LedgerWorkbook.unescaped(raw).strip();
            case "b" -> raw.isEmpty() ? "" : Boolean.toString(raw.equals("1") || raw.equalsIgnoreCase("true"));
            case "e" -> "";
            // a formula's cached text ("str"), or a date in ISO form ("d")
            default -> raw;
        };
    }

    /** A number as the ledger reads it: a date (by the cell's format) as ISO, else without a trailing .0. */
    private String number(String raw) {
        double number;
        try {
            number = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        if (!Double.isFinite(number)) {
            return raw;
        }
        if (styles.date(style) && DateUtil.isValidExcelDate(number)) {
            LocalDateTime at = DateUtil.getLocalDateTime(number, date1904);
            return at.toLocalTime().equals(LocalTime.MIDNIGHT)
                    ? at.toLocalDate().toString()
                    : at.toString();
        }
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    /** The column index (from 0) of a reference such as {@code XFD12}, or the next one when there is none. */
    private int column(String reference) {
        if (reference == null) {
            return nextColumn;
        }
        int letters = 0;
        int index = 0;
        while (letters < reference.length() && Character.isLetter(reference.charAt(letters))) {
            char c = Character.toUpperCase(reference.charAt(letters));
            if (c < 'A' || c > 'Z' || letters == 3) {
                throw new LedgerImport.UnreadableLedgerException(LedgerWorkbook.CORRUPT);
            }
            index = index * 26 + (c - 'A' + 1);
            letters++;
        }
        if (letters == 0) {
            throw new LedgerImport.UnreadableLedgerException(LedgerWorkbook.CORRUPT);
        }
        return index - 1;
    }

    /** A row number, style or string index as the XML writes it: a few ASCII digits, or the file is damaged. */
    private static int number(String text, int max) {
        String digits = text.strip();
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new LedgerImport.UnreadableLedgerException(LedgerWorkbook.CORRUPT);
        }
        long n = Long.parseLong(digits);
        if (n > max) {
            throw new LedgerImport.UnreadableLedgerException(LedgerWorkbook.CORRUPT);
        }
        return (int) n;
    }

    /** Whether a cell style shows a number as a date (cached per style: a sheet uses a handful). */
    static final class DateStyles {
        private final StylesTable styles;
        private final Map<Integer, Boolean> dates = new HashMap<>();

        DateStyles(StylesTable styles) {
            this.styles = styles;
        }

        boolean date(int style) {
            if (styles == null) {
                return false;
            }
            return dates.computeIfAbsent(style, s -> {
                if (s >= styles.getNumCellStyles()) {
                    return false;
                }
                XSSFCellStyle cellStyle = styles.getStyleAt(s);
                return cellStyle != null
                        && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
            });
        }
    }
}
