package org.lawstats.aggregator.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hand-made {@code .xlsx} packages, written as streams: a workbook with one sheet whose XML the test writes itself
 * (crafted cells, a DOCTYPE, a bomb of whitespace), the shared strings it gives, and a style 1 that shows numbers as
 * dates. What Excel writes, minus everything a reader does not need.
 */
public final class TestWorkbooks {
    public static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    public static final String SHEET_START = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"" + MAIN + "\"><sheetData>";
    public static final String SHEET_END = "</sheetData></worksheet>";

    private TestWorkbooks() {}

    /** Writes the sheet's XML. */
    @FunctionalInterface
    public interface Sheet {
        void write(Writer xml) throws IOException;
    }

    /** A package whose sheet is {@code sheetXml} (whole), with these shared strings' XML (null: none). */
    public static byte[] xlsx(String sheetXml, String sharedStringsXml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, xml -> xml.write(sheetXml), sharedStringsXml);
        return out.toByteArray();
    }

    /** A sheet of these rows of inline strings, each row a list of cells from column A (null: no cell). */
    public static String sheet(String[]... rows) {
        StringBuilder xml = new StringBuilder(SHEET_START);
        for (int r = 0; r < rows.length; r++) {
            xml.append("<row r=\"").append(r + 1).append("\">");
            for (int c = 0; c < rows[r].length; c++) {
                if (rows[r][c] != null) {
                    xml.append(inline(column(c) + (r + 1), rows[r][c]));
                }
            }
            xml.append("</row>");
        }
        return xml.append(SHEET_END).toString();
    }

    /** An inline-string cell. */
    public static String inline(String reference, String text) {
        return "<c r=\"" + reference + "\" t=\"inlineStr\"><is><t>" + escaped(text) + "</t></is></c>";
    }

    /** The letters of a column index from 0: 0 is A, 16383 is XFD. */
    public static String column(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }

    public static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Writes the package to {@code out} as it goes: the sheet is never whole in memory. */
    public static void write(OutputStream out, Sheet sheet, String sharedStringsXml) {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(
                    zip,
                    "[Content_Types].xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                            + (sharedStringsXml == null
                                    ? ""
                                    : "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
                            + "</Types>");
            entry(
                    zip,
                    "_rels/.rels",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                            + "</Relationships>");
            entry(
                    zip,
                    "xl/workbook.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                            + "<workbook xmlns=\"" + MAIN
                            + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                            + "<sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(
                    zip,
                    "xl/_rels/workbook.xml.rels",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
                            + (sharedStringsXml == null
                                    ? ""
                                    : "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                            + "</Relationships>");
            // style 0: General; style 1: the built-in date format 14
            entry(
                    zip,
                    "xl/styles.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                            + "<styleSheet xmlns=\"" + MAIN + "\">"
                            + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                            + "<fills count=\"1\"><fill><patternFill patternType=\"none\"/></fill></fills>"
                            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                            + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                            + "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>"
                            + "</styleSheet>");
            if (sharedStringsXml != null) {
                entry(zip, "xl/sharedStrings.xml", sharedStringsXml);
            }
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            Writer xml = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
            sheet.write(xml);
            xml.flush();
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
