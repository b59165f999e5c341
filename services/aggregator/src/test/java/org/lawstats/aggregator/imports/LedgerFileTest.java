package org.lawstats.aggregator.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

/** Reading a ledger as a stream: what a clerk's file says, and every limit refused while the file is read. */
class LedgerFileTest {
    private static final LedgerFile.Limits LIMITS = new LedgerFile.Limits(
                    20L << 20, 50_000, 0, 20, 32_767, 20_000_000, 100L << 20, 4L << 20, 1_000_000)
            .forTemplate(5);

    /** A file's rows as the reader hands them on. */
    private record Read(List<String> headers, List<LedgerFile.Line> lines) {}

    private static Read read(byte[] file) {
        return read(file, LIMITS);
    }

    private static Read read(byte[] file, LedgerFile.Limits limits) {
        List<List<String>> headers = new ArrayList<>();
        List<LedgerFile.Line> lines = new ArrayList<>();
        LedgerFile.read(new ByteArrayResource(file), limits, new LedgerFile.Sink() {
            @Override
            public void header(List<String> header) {
                headers.add(header);
            }

            @Override
            public void line(LedgerFile.Line line) {
                lines.add(line);
            }
        });
        assertThat(headers).as("one header, first").hasSize(1);
        return new Read(headers.get(0), lines);
    }

    private static LedgerFile.Limits limits(
            long maxBytes, int maxRows, long maxCharacters, long maxSheetSize, long maxOtherPart, int maxShared) {
        return new LedgerFile.Limits(
                        maxBytes, maxRows, 0, 20, 32_767, maxCharacters, maxSheetSize, maxOtherPart, maxShared)
                .forTemplate(5);
    }

    private static String sharedStrings(String... items) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\""
                + TestWorkbooks.MAIN + "\" count=\"" + items.length + "\" uniqueCount=\"" + items.length + "\">");
        for (String item : items) {
            xml.append("<si>").append(item).append("</si>");
        }
        return xml.append("</sst>").toString();
    }

    /** Text that packs as real text does (a repeated character would pack like a zip bomb). */
    private static String varied(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x4E00 + (i * 7919L) % 20_000));
        }
        return text.toString();
    }

    // ---- what a file says ---------------------------------------------------------------------------------------

    @Test
    void aCsvFromExcelOnAChineseWindowsIsGb18030AndUtf8IsUtf8WithOrWithoutBom() {
        String text = "结业日期,人员编号,课程名称\r\n2024/3/5,p-1,宪法专题\r\n";

        for (byte[] file : List.of(
                text.getBytes(Charset.forName("GB18030")),
                text.getBytes(StandardCharsets.UTF_8),
                ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8))) {
            Read ledger = read(file);
            assertThat(ledger.headers()).containsExactly("结业日期", "人员编号", "课程名称");
            assertThat(ledger.lines()).containsExactly(new LedgerFile.Line(2, List.of("2024/3/5", "p-1", "宪法专题")));
        }
    }

    @Test
    void rowNumbersAreThoseTheSpreadsheetShowsEmptyRowsAreSkippedAndTrailingEmptyCellsDropped() {
        Read csv = read("a,b\r\n\r\n,,\r\nx,y,,,\r\n\"multi\r\nline\",z\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(csv.lines())
                .containsExactly(
                        new LedgerFile.Line(4, List.of("x", "y")),
                        new LedgerFile.Line(5, List.of("multi\r\nline", "z")));

        Read xlsx = read(TestWorkbooks.xlsx(
                TestWorkbooks.SHEET_START
                        + "<row r=\"2\">" + TestWorkbooks.inline("A2", "a") + TestWorkbooks.inline("C2", "c") + "</row>"
                        + "<row r=\"3\"><c r=\"A3\" s=\"1\"/></row>"
                        + "<row r=\"7\">" + TestWorkbooks.inline("B7", " x ") + "</row>"
                        + TestWorkbooks.SHEET_END,
                null));
        assertThat(xlsx.headers()).as("the first row with anything in it").containsExactly("a", "", "c");
        assertThat(xlsx.lines()).containsExactly(new LedgerFile.Line(7, List.of("", "x")));
    }

    @Test
    void anExcelCellIsReadAsDataDatesAsIsoNumbersWithoutTrailingZeroFormulasByTheirCachedValueNeverEvaluated() {
        String sheet = TestWorkbooks.SHEET_START
                + "<row r=\"1\">" + TestWorkbooks.inline("A1", "h") + "</row>"
                + "<row r=\"2\">"
                + "<c r=\"A2\" s=\"1\"><v>45356</v></c>" // 2024-03-05
                + "<c r=\"B2\" s=\"1\"><v>45356.5</v></c>" // noon
                + "<c r=\"C2\"><v>4</v></c>"
                + "<c r=\"D2\"><v>2.5E0</v></c>"
                + "<c r=\"E2\" t=\"b\"><v>1</v></c>"
                + "<c r=\"F2\" t=\"e\"><v>#N/A</v></c>"
                + "<c r=\"G2\"><f>1+1</f><v>7</v></c>" // the cached value, not what evaluating would give
                + "<c r=\"H2\" t=\"str\"><f>WEBSERVICE(\"http://127.0.0.1:9/x\")</f><v>cached</v></c>"
                + "<c r=\"I2\"><f>NOW()</f></c>" // never calculated: nothing
                + "<c r=\"J2\" t=\"s\"><v>0</v></c>"
                + "<c r=\"K2\" t=\"s\"><v>1</v></c>"
                + "<c r=\"L2\" t=\"inlineStr\"><is><r><t>in</t></r><r><t xml:space=\"preserve\">line_x4E2D_ </t></r></is></c>"
                + "</row>" + TestWorkbooks.SHEET_END;
        String shared = sharedStrings(
                "<t xml:space=\"preserve\"> 宪法 </t>",
                "<r><t>南开</t></r><r><t>区</t></r><rPh sb=\"0\" eb=\"2\"><t>ナンカイ</t></rPh>");

        Read ledger = read(TestWorkbooks.xlsx(sheet, shared));

        assertThat(ledger.lines().get(0).cells())
                .containsExactly(
                        "2024-03-05",
                        "2024-03-05T12:00",
                        "4",
                        "2.5",
                        "true",
                        "",
                        "7",
                        "cached",
                        "",
                        "宪法",
                        "南开区",
                        "inline中");
    }

    @Test
    void aWorkbookMadeByPoiReadsAsTheWorkbookReaderReadItBefore() throws Exception {
        byte[] file;
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("台账");
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("结业日期");
            header.createCell(1).setCellValue("学时");
            Row row = sheet.createRow(4);
            row.createCell(0).setCellValue(LocalDateTime.of(2024, 3, 5, 0, 0));
            row.getCell(0).setCellStyle(date);
            row.createCell(1).setCellValue(4.0);
            workbook.write(out);
            file = out.toByteArray();
        }

        Read ledger = read(file);

        assertThat(ledger.headers()).containsExactly("结业日期", "学时");
        assertThat(ledger.lines()).containsExactly(new LedgerFile.Line(5, List.of("2024-03-05", "4")));
    }

    @Test
    void anOldExcelFileIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> read(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0}))
                .isExactlyInstanceOf(LedgerImport.UnreadableLedgerException.class)
                .hasMessageContaining("另存为 .xlsx");
    }

    // ---- the limits ---------------------------------------------------------------------------------------------

    @Test
    void moreRowsThanALedgerHoldsAreRefusedAtTheFirstRowPast() {
        LedgerFile.Limits three = limits(20L << 20, 3, 20_000_000, 100L << 20, 4L << 20, 1_000_000);
        String csv = "h\r\n1\r\n\r\n2\r\n3\r\n";
        assertThat(read(csv.getBytes(StandardCharsets.UTF_8), three).lines()).hasSize(3);

        assertThatThrownBy(() -> read((csv + "4\r\n").getBytes(StandardCharsets.UTF_8), three))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("最多 3 行");
        assertThatThrownBy(() -> read(
                        TestWorkbooks.xlsx(
                                TestWorkbooks.sheet(
                                        new String[] {"h"},
                                        new String[] {"1"},
                                        new String[] {"2"},
                                        new String[] {"3"},
                                        new String[] {"4"}),
                                null),
                        three))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("最多 3 行");
    }

    @Test
    void aFilledCellPastTheTemplateAndItsMarginIsRefusedNamingItsColumnAndEmptyOnesAreIgnored() {
        // the template's 5 columns and 20 more: 25
        assertThatThrownBy(() -> read(TestWorkbooks.xlsx(
                        TestWorkbooks.SHEET_START + "<row r=\"1\">" + TestWorkbooks.inline("A1", "结业日期")
                                + TestWorkbooks.inline("XFD1", "宽") + "</row>" + TestWorkbooks.SHEET_END,
                        null)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("第1行第16384列（XFD列）")
                .hasMessageContaining("最多 25 列");
        assertThat(read(TestWorkbooks.xlsx(
                                TestWorkbooks.SHEET_START + "<row r=\"1\">" + TestWorkbooks.inline("A1", "h")
                                        + "<c r=\"XFD1\" s=\"1\"/></row>" + TestWorkbooks.SHEET_END,
                                null))
                        .headers())
                .containsExactly("h");

        String wide = "h" + ",".repeat(24) + "z\r\n";
        assertThat(read(wide.getBytes(StandardCharsets.UTF_8)).headers()).hasSize(25);
        assertThat(read(("h" + ",".repeat(1000) + "\r\n").getBytes(StandardCharsets.UTF_8))
                        .headers())
                .containsExactly("h");
        assertThatThrownBy(() -> read(("h" + ",".repeat(25) + "z\r\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("第1行第26列（Z列）");
    }

    @Test
    void aCellPastExcelsLengthIsRefusedWhileItIsReadInASheetAStringTableOrACsv() {
        String long40k = varied(40_000);
        assertThatThrownBy(() ->
                        read(TestWorkbooks.xlsx(TestWorkbooks.sheet(new String[] {"h"}, new String[] {long40k}), null)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("第2行第1列（A列）超过 32767 个字符");
        assertThatThrownBy(() -> read(TestWorkbooks.xlsx(
                        TestWorkbooks.SHEET_START + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                                + TestWorkbooks.SHEET_END,
                        sharedStrings("<t>" + long40k + "</t>"))))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("共享字符串超过 32767 个字符");
        assertThatThrownBy(() -> read(("h\r\n\"" + long40k + "\"\r\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("第2行第1列（A列）超过 32767 个字符");
        // 3 million digits: refused by the record's bound long before the parser has them all
        assertThatThrownBy(() -> read(("学时\r\n" + "9".repeat(3_000_000) + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("第2行超过");
        // Excel's own limit is a cell's limit: 32,767 characters are read
        assertThat(read(("h\r\n" + "字".repeat(32_767) + "\r\n").getBytes(StandardCharsets.UTF_8))
                        .lines()
                        .get(0)
                        .cells()
                        .get(0))
                .hasSize(32_767);
    }

    @Test
    void theCharactersOfAllCellsAreBoundedASharedStringCountingEachTimeItIsUsed() {
        LedgerFile.Limits small = limits(20L << 20, 50_000, 10_000, 100L << 20, 4L << 20, 1_000_000);
        StringBuilder sheet = new StringBuilder(TestWorkbooks.SHEET_START);
        for (int r = 1; r <= 11; r++) {
            sheet.append("<row r=\"").append(r).append("\"><c r=\"A").append(r).append("\" t=\"s\"><v>0</v></c></row>");
        }
        byte[] file = TestWorkbooks.xlsx(
                sheet.append(TestWorkbooks.SHEET_END).toString(), sharedStrings("<t>" + "x".repeat(1_000) + "</t>"));

        assertThatThrownBy(() -> read(file, small))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("超过 10000 个字符");
        assertThatThrownBy(() -> read(
                        TestWorkbooks.xlsx(
                                TestWorkbooks.sheet(new String[] {"h"}),
                                sharedStrings("<t>a</t>", "<t>b</t>", "<t>c</t>")),
                        limits(20L << 20, 50_000, 20_000_000, 100L << 20, 4L << 20, 2)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("共享字符串超过 2 个");
    }

    @Test
    void aFilePastItsSizeIsRefusedAsItIsReadWhateverItSaysItIs() {
        LedgerFile.Limits kilobyte = limits(1024, 50_000, 20_000_000, 100L << 20, 4L << 20, 1_000_000);
        assertThat(read("h\r\n1\r\n".getBytes(StandardCharsets.UTF_8), kilobyte).lines())
                .hasSize(1);
        assertThatThrownBy(() -> read(("h\r\n" + "1\r\n".repeat(600)).getBytes(StandardCharsets.UTF_8), kilobyte))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("文件超过 1024 字节");
        assertThatThrownBy(() -> read(TestWorkbooks.xlsx(TestWorkbooks.sheet(new String[] {"h"}), null), kilobyte))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class);
    }

    @Test
    void aZipBombIsRefusedAfterItsFirstHundredKilobytes() {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        TestWorkbooks.write(
                bomb,
                xml -> {
                    xml.write(TestWorkbooks.SHEET_START);
                    char[] spaces = " ".repeat(1 << 16).toCharArray();
                    for (int i = 0; i < 320; i++) { // 20 MB of nothing
                        xml.write(spaces);
                    }
                    xml.write(TestWorkbooks.SHEET_END);
                },
                null);
        assertThat(bomb.size()).isLessThan(100_000);

        assertThatThrownBy(() -> read(bomb.toByteArray()))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("疑似压缩炸弹");
    }

    @Test
    void aPartPastItsUnpackedSizeIsRefusedTheSheetsAndTheOnesPoiReadsWhole() {
        StringBuilder rows = new StringBuilder(TestWorkbooks.SHEET_START);
        for (int r = 1; r <= 20_000; r++) {
            rows.append("<row r=\"").append(r).append("\">").append(TestWorkbooks.inline("A" + r, "p-" + r * 7919L));
            rows.append("</row>");
        }
        byte[] file = TestWorkbooks.xlsx(rows.append(TestWorkbooks.SHEET_END).toString(), null);

        assertThat(read(file).lines()).hasSize(19_999);
        assertThatThrownBy(() -> read(file, limits(20L << 20, 50_000, 20_000_000, 200_000, 4L << 20, 1_000_000)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("xl/worksheets/sheet1.xml 解压后超过 200000 字节");
        assertThatThrownBy(() -> read(file, limits(20L << 20, 50_000, 20_000_000, 100L << 20, 500, 1_000_000)))
                .isInstanceOf(LedgerImport.LedgerTooLargeException.class)
                .hasMessageContaining("解压后超过 500 字节");
    }

    @Test
    void aDoctypeInASheetOrTheSharedStringsIsRefusedAndNoEntityIsEverResolved() {
        String entity = "<!DOCTYPE x [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>";
        String sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + entity + "<worksheet xmlns=\""
                + TestWorkbooks.MAIN + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&secret;</t></is>"
                + "</c></row></sheetData></worksheet>";
        String shared = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + entity + "<sst xmlns=\"" + TestWorkbooks.MAIN
                + "\"><si><t>&secret;</t></si></sst>";

        for (byte[] file : List.of(
                TestWorkbooks.xlsx(sheet, null),
                TestWorkbooks.xlsx(
                        TestWorkbooks.SHEET_START + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                                + TestWorkbooks.SHEET_END,
                        shared))) {
            assertThatThrownBy(() -> read(file))
                    .isExactlyInstanceOf(LedgerImport.UnreadableLedgerException.class)
                    .hasMessageContaining("DOCTYPE")
                    .hasMessageNotContaining("root:");
        }
    }

    @Test
    void aDamagedWorkbookIsSaidToBeDamaged() {
        assertThatThrownBy(() -> read(new byte[] {'P', 'K', 3, 4, 1, 2, 3}))
                .isExactlyInstanceOf(LedgerImport.UnreadableLedgerException.class)
                .hasMessageContaining("文件可能已损坏");
        assertThatThrownBy(() -> read(TestWorkbooks.xlsx(
                        TestWorkbooks.SHEET_START + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>"
                                + TestWorkbooks.SHEET_END,
                        null)))
                .isExactlyInstanceOf(LedgerImport.UnreadableLedgerException.class)
                .hasMessageContaining("文件可能已损坏");
    }
}
