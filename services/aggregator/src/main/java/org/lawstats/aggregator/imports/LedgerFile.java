package org.lawstats.aggregator.imports;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.poi.ss.util.CellReference;
import org.springframework.core.io.InputStreamSource;

/**
 * An uploaded ledger as rows of text cells under its header row: an Excel workbook (its first sheet) or a CSV file in
 * UTF-8 (with or without BOM) or GB18030, as Excel on a Chinese Windows saves it. Row numbers are those a spreadsheet
 * shows (the header is row 1). Both are read as streams, each row handed to a {@link Sink} as it comes and none kept,
 * and every {@link Limits limit} is checked while reading, before anything grows with the file: a hostile file is
 * refused having cost a bounded amount of memory and time.
 */
final class LedgerFile {
    private static final Charset GB18030 = Charset.forName("GB18030");

    private LedgerFile() {}

    /** What takes a ledger's rows as they are read: its header row first, then each data row. */
    interface Sink {
        void header(List<String> headers);

        void line(Line line);
    }

    /** One data row and its cells, in the header's order, up to its last filled cell (missing cells are empty). */
    record Line(int number, List<String> cells) {}

    /**
     * What one file may hold (ADR 19), checked while it is read.
     *
     * @param maxBytes the file's size
     * @param maxRows data rows with something in them (the header and empty rows not counted)
     * @param maxColumns columns with something in them: the ledger's template and a margin for a clerk's own columns
     * @param extraColumns the margin in {@code maxColumns}, for the message
     * @param maxCellLength characters in one cell (Excel's own limit: no spreadsheet holds more)
     * @param maxCharacters characters in all cells together, a shared string counted each time a cell uses it: what
     *     the events made from the file can hold
     * @param maxSheetSize a worksheet or the shared strings, unpacked (also POI's {@code ZipSecureFile} entry limit)
     * @param maxOtherPartSize any other part of a workbook, unpacked: the small ones POI reads whole into memory
     * @param maxSharedStrings strings in the shared strings table
     */
    record Limits(
            long maxBytes,
            int maxRows,
            int maxColumns,
            int extraColumns,
            int maxCellLength,
            long maxCharacters,
            long maxSheetSize,
            long maxOtherPartSize,
            int maxSharedStrings) {

        /** The same limits for a ledger whose template has {@code templateColumns} columns. */
        Limits forTemplate(int templateColumns) {
            return new Limits(
                    maxBytes,
                    maxRows,
                    templateColumns + extraColumns,
                    extraColumns,
                    maxCellLength,
                    maxCharacters,
                    maxSheetSize,
                    maxOtherPartSize,
                    maxSharedStrings);
        }
    }

    /**
     * Reads the file, handing its rows to the sink as they come; {@link LedgerImport.UnreadableLedgerException} when
     * it is no ledger, {@link LedgerImport.LedgerTooLargeException} at the first limit it is past.
     */
    static void read(InputStreamSource source, Limits limits, Sink sink) {
        byte[] magic;
        try (InputStream in = source.getInputStream()) {
            magic = in.readNBytes(4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            LedgerWorkbook.read(source, limits, sink);
            return;
        }
        if (magic.length == 4
                && (magic[0] & 0xff) == 0xD0
                && (magic[1] & 0xff) == 0xCF
                && (magic[2] & 0xff) == 0x11
                && (magic[3] & 0xff) == 0xE0) {
            throw new LedgerImport.UnreadableLedgerException("这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV 后再导入");
        }
        csv(source, limits, sink);
    }

    /** The file's bytes, refused past {@link Limits#maxBytes} (checked as they are read, whatever the upload said). */
    static InputStream bounded(InputStreamSource source, Limits limits) throws IOException {
        return BoundedInputStream.builder()
                .setInputStream(source.getInputStream())
                // one byte more than allowed: reaching it means the file is too large
                .setMaxCount(limits.maxBytes() + 1)
                .setOnMaxCount((max, count) -> {
                    throw new LedgerImport.LedgerTooLargeException(
                            "文件超过 " + megabytes(limits.maxBytes()) + "：请分成几个文件导入");
                })
                .get();
    }

    static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " 字节";
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    private static void csv(InputStreamSource source, Limits limits, Sink sink) {
        Charset charset = charset(source, limits);
        Rows rows = new Rows(limits, sink);
        try (InputStream bytes = new BufferedInputStream(bounded(source, limits))) {
            if (charset.equals(StandardCharsets.UTF_8)) {
                bytes.mark(3);
                byte[] bom = bytes.readNBytes(3);
                if (!(bom.length == 3
                        && (bom[0] & 0xff) == 0xEF
                        && (bom[1] & 0xff) == 0xBB
                        && (bom[2] & 0xff) == 0xBF)) {
                    bytes.reset();
                }
            }
            // A cell is collected whole by the parser: a record may hold at most every column's longest cell (with
            // its quotes and separators) before the reader stops it, however the cells are quoted.
            long perRecord = (long) limits.maxColumns() * (limits.maxCellLength() + 3L) + 2;
            RecordReader reader = new RecordReader(new InputStreamReader(bytes, decoder(charset)), perRecord, rows);
            CSVParser parser = CSVFormat.RFC4180.builder().get().parse(reader);
            int number = 0;
            for (CSVRecord record : parser) {
                number++;
                List<String> cells = new ArrayList<>(Math.min(record.size(), limits.maxColumns()));
                for (int c = 0; c < record.size(); c++) {
                    String text = record.get(c).strip();
                    if (text.isEmpty()) {
                        cells.add(text);
                        continue;
                    }
                    rows.cell(number, c, text);
                    cells.add(text);
                }
                rows.row(number, cells);
                reader.nextRecord(number + 1);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            if (e.getCause() instanceof LedgerImport.UnreadableLedgerException unreadable) {
                throw unreadable;
            }
            throw new LedgerImport.UnreadableLedgerException("CSV 文件格式有误（引号不配对等），在第 " + (rows.lastRow() + 1) + " 行附近");
        }
        rows.finish("文件是空的：第1行应为列标题");
    }

    /** UTF-8 when it is (a BOM, or bytes that decode strictly), else GB18030: what Excel writes on a Chinese Windows. */
    private static Charset charset(InputStreamSource source, Limits limits) {
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // A first pass that keeps nothing: the whole file must decode before it is taken for UTF-8.
        try (InputStream bytes = new BufferedInputStream(bounded(source, limits));
                Reader reader = new InputStreamReader(bytes, strict)) {
            bytes.mark(3);
            byte[] bom = bytes.readNBytes(3);
            if (bom.length == 3 && (bom[0] & 0xff) == 0xEF && (bom[1] & 0xff) == 0xBB && (bom[2] & 0xff) == 0xBF) {
                return StandardCharsets.UTF_8;
            }
            bytes.reset();
            char[] buffer = new char[8192];
            while (reader.read(buffer) >= 0) {
                // decoding is the check
            }
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return GB18030;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lenient once chosen: a BOM file with a stray byte still reads (as Excel does), the byte shown as U+FFFD. */
    private static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /**
     * Counts the characters the parser takes for one record and stops it past the record's limit, so that a cell of
     * millions of characters (or a row of millions of separators) is refused before the parser has collected it.
     * The parser reads ahead by a buffer, so the count is that of the record and what follows it in the buffer.
     */
    private static final class RecordReader extends FilterReader {
        private final long limit;
        private final Rows rows;
        private long count;
        private int record = 1;

        RecordReader(Reader in, long limit, Rows rows) {
            super(in);
            this.limit = limit;
            this.rows = rows;
        }

        void nextRecord(int number) {
            record = number;
            count = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                counted(1);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            // the read-ahead of one buffer is not the record's
            if (count > limit + 8192) {
                throw new LedgerImport.LedgerTooLargeException("第" + record + "行超过 " + limit + " 个字符：本台账最多 "
                        + rows.limits.maxColumns() + " 列，每格最多 " + rows.limits.maxCellLength() + " 个字符");
            }
        }
    }

    // ---- both ---------------------------------------------------------------------------------------------------

    /**
     * The rows as they are read: the first row with anything in it is the header, empty rows are skipped, every limit
     * is checked as each cell and row arrives, and each row goes on to the sink.
     */
    static final class Rows {
        final Limits limits;
        private final Sink sink;
        private boolean header;
        private int lines;
        private long characters;
        private int lastRow;

        Rows(Limits limits, Sink sink) {
            this.limits = limits;
            this.sink = sink;
        }

        /** A filled cell (its text stripped, not empty) at a row number and a column index from 0. */
        void cell(int row, int column, String text) {
            if (column >= limits.maxColumns()) {
                throw new LedgerImport.LedgerTooLargeException("第" + row + "行第" + (column + 1) + "列（"
                        + CellReference.convertNumToColString(column) + "列）有内容：本台账最多 " + limits.maxColumns()
                        + " 列（模板的 " + (limits.maxColumns() - limits.extraColumns()) + " 列，另可多 "
                        + limits.extraColumns() + " 列）");
            }
            cellLength(row, column, text.length());
            characters += text.length();
            if (characters > limits.maxCharacters()) {
                throw new LedgerImport.LedgerTooLargeException("文件中的文字超过 " + limits.maxCharacters() + " 个字符：请分成几个文件导入");
            }
        }

        void cellLength(int row, int column, long length) {
            if (length > limits.maxCellLength()) {
                throw new LedgerImport.LedgerTooLargeException("第" + row + "行第" + (column + 1) + "列（"
                        + CellReference.convertNumToColString(Math.min(column, 16_383)) + "列）超过 "
                        + limits.maxCellLength() + " 个字符：每格最多 " + limits.maxCellLength() + " 个字符");
            }
        }

        /** A row's cells (empty ones included, as their column's place holders), at its number as shown. */
        void row(int number, List<String> cells) {
            lastRow = number;
            int filled = cells.size();
            while (filled > 0 && cells.get(filled - 1).isEmpty()) {
                filled--;
            }
            if (filled == 0) {
                return;
            }
            List<String> kept = List.copyOf(cells.subList(0, filled));
            if (!header) {
                header = true;
                sink.header(kept);
                return;
            }
            if (lines == limits.maxRows()) {
                throw new LedgerImport.LedgerTooLargeException("一个文件最多 " + limits.maxRows() + " 行：请分成几个文件导入");
            }
            lines++;
            sink.line(new Line(number, kept));
        }

        int lastRow() {
            return lastRow;
        }

        /** The end of the file: without a header row it is no ledger ({@code empty} says so). */
        void finish(String empty) {
            if (!header) {
                throw new LedgerImport.UnreadableLedgerException(empty);
            }
        }
    }
}
