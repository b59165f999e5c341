package org.lawstats.aggregator.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.util.ZipFileZipEntrySource;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.springframework.core.io.InputStreamSource;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The first sheet of an {@code .xlsx} ledger, read as a stream with POI's package and event API ({@link XSSFReader},
 * its secure SAX parser, {@link ZipSecureFile}): the workbook is never built in memory. The SAX handlers are ours
 * (ADR 19) because POI's ({@code XSSFSheetXMLHandler}, {@code ReadOnlySharedStringsTable}) collect a cell or the shared
 * strings without any bound and format values for display, where a ledger wants them as data: a date as ISO, a number
 * without a trailing .0, a formula's cached value (never evaluated), a boolean as true/false, an error as empty.
 */
final class LedgerWorkbook {
    private static final Set<String> SPREADSHEET_NAMESPACES = Set.of(
            "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main");
    private static final Pattern ESCAPED = Pattern.compile("_x([0-9A-Fa-f]{4})_");
    static final String CORRUPT = "无法读取该 Excel 文件（.xlsx）：文件可能已损坏";

    private LedgerWorkbook() {}

    static void read(InputStreamSource source, LedgerFile.Limits limits, LedgerFile.Sink sink) {
        Path copy = null;
        try {
            // POI reads a package from a file part by part; from a stream it would unpack every part into memory.
            copy = Files.createTempFile("lawstats-ledger-", ".xlsx");
            try (InputStream in = LedgerFile.bounded(source, limits);
                    OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            read(copy, limits, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    // a temporary file left behind is the system's to clean
                }
            }
        }
    }

    private static void read(Path file, LedgerFile.Limits limits, LedgerFile.Sink sink) {
        LedgerFile.Rows rows = new LedgerFile.Rows(limits, sink);
        try (BoundedParts parts = new BoundedParts(new ZipSecureFile(file.toFile()), limits);
                OPCPackage pkg = OPCPackage.open(parts)) {
            // Only what is read by SAX, a part at a time, may be large; whatever POI reads whole stays small.
            for (PackagePart part : pkg.getParts()) {
                String type = part.getContentType();
                if (type.equals(XSSFRelation.WORKSHEET.getContentType())
                        || type.equals(XSSFRelation.SHARED_STRINGS.getContentType())) {
                    parts.large(part.getPartName().getName());
                }
            }
            XSSFReader reader = new XSSFReader(pkg);
            boolean date1904 = date1904(reader);
            StylesTable styles = reader.getStylesTable();
            List<String> shared = sharedStrings(reader, limits);
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            if (!sheets.hasNext()) {
                throw new LedgerImport.UnreadableLedgerException("工作表是空的：第1行应为列标题");
            }
            try (InputStream sheet = sheets.next()) {
                parse(sheet, new LedgerSheet(rows, limits, shared, new LedgerSheet.DateStyles(styles), date1904));
            }
        } catch (LedgerImport.UnreadableLedgerException e) {
            throw e;
        } catch (Exception e) {
            throw refusal(e, limits);
        }
        rows.finish("工作表是空的：第1行应为列标题");
    }

    /** What went wrong, said to the clerk: a limit of ours, a zip bomb, a DOCTYPE, or a damaged file. */
    private static LedgerImport.UnreadableLedgerException refusal(Throwable e, LedgerFile.Limits limits) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof LedgerImport.UnreadableLedgerException ours) {
                return ours;
            }
            String message = String.valueOf(cause.getMessage());
            if (message.startsWith("Zip bomb detected")) {
                return new LedgerImport.LedgerTooLargeException("Excel 文件解压后过大或压缩比异常（每个部件解压后最多 "
                        + LedgerFile.megabytes(limits.maxSheetSize()) + "，压缩后不小于解压后的 "
                        + percent(ZipSecureFile.getMinInflateRatio()) + "），疑似压缩炸弹：不予读取");
            }
            if (message.startsWith("The file appears to be potentially malicious")) {
                return new LedgerImport.LedgerTooLargeException(
                        "Excel 文件中的部件超过 " + ZipSecureFile.getMaxFileCount() + " 个：不予读取");
            }
            if (message.contains("DOCTYPE")) {
                return new LedgerImport.UnreadableLedgerException("Excel 文件中的 XML 含有 DOCTYPE 声明（可被用来读取服务器上的文件）：不予读取");
            }
        }
        return new LedgerImport.UnreadableLedgerException(CORRUPT);
    }

    private static String percent(double ratio) {
        return BigDecimal.valueOf(ratio * 100).stripTrailingZeros().toPlainString() + "%";
    }

    private static void parse(InputStream xml, DefaultHandler handler)
            throws IOException, SAXException, ParserConfigurationException {
        // POI's reader refuses a DOCTYPE (so no external entity is ever resolved) and limits entity expansion.
        XMLReader reader = XMLHelper.newXMLReader();
        // a hostile file is refused with its reason; it is no error of ours to log
        reader.setErrorHandler(new DefaultHandler());
        reader.setContentHandler(handler);
        reader.parse(new InputSource(xml));
    }

    private static boolean date1904(XSSFReader reader) throws Exception {
        boolean[] date1904 = {false};
        try (InputStream workbook = reader.getWorkbookData()) {
            parse(workbook, new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    if (localName.equals("workbookPr")) {
                        String value = attributes.getValue("date1904");
                        date1904[0] = "1".equals(value) || "true".equals(value);
                    }
                }
            });
        }
        return date1904[0];
    }

    private static List<String> sharedStrings(XSSFReader reader, LedgerFile.Limits limits) throws Exception {
        try (InputStream table = reader.getSharedStringsData()) {
            if (table == null) {
                return List.of();
            }
            SharedStringsHandler handler = new SharedStringsHandler(limits);
            parse(table, handler);
            return handler.strings;
        }
    }

    /** {@code _xHHHH_} is how OOXML writes a character XML cannot hold (section 3.18.9), as POI decodes it. */
    static String unescaped(String value) {
        if (!value.contains("_x")) {
            return value;
        }
        Matcher m = ESCAPED.matcher(value);
        StringBuilder text = new StringBuilder(value.length());
        while (m.find()) {
            m.appendReplacement(
                    text, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(text);
        return text.toString();
    }

    static boolean spreadsheet(String uri) {
        return SPREADSHEET_NAMESPACES.contains(uri);
    }

    /**
     * The zip's entries, each refused past its size as it is unpacked: the parts read by SAX past the sheet limit,
     * every other part (content types, relationships, properties, styles, which POI reads whole into memory) past
     * the small limit, whatever the zip's directory declares.
     */
    private static final class BoundedParts extends ZipFileZipEntrySource {
        private final LedgerFile.Limits limits;
        private final Set<String> large = ConcurrentHashMap.newKeySet();

        BoundedParts(ZipSecureFile zip, LedgerFile.Limits limits) {
            super(zip);
            this.limits = limits;
        }

        /** A part name as the package has it ({@code /xl/worksheets/sheet1.xml}). */
        void large(String partName) {
            large.add(partName.startsWith("/") ? partName.substring(1) : partName);
        }

        @Override
        public InputStream getInputStream(ZipArchiveEntry entry) throws IOException {
            String name = entry.getName();
            return new FilterInputStream(super.getInputStream(entry)) {
                private long count;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        counted(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        counted(n);
                    }
                    return n;
                }

                private void counted(int n) {
                    count += n;
                    boolean sheet = large.contains(name);
                    long limit = sheet ? limits.maxSheetSize() : limits.maxOtherPartSize();
                    if (count > limit) {
                        throw new LedgerImport.LedgerTooLargeException(
                                "Excel 文件中的 " + name + " 解压后超过 " + LedgerFile.megabytes(limit) + "：不予读取");
                    }
                }
            };
        }
    }

    /** The shared strings table, each string stripped and bounded, the whole counted. */
    private static final class SharedStringsHandler extends DefaultHandler {
        private final LedgerFile.Limits limits;
        private final List<String> strings = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private long characters;
        private boolean inItem;
        private boolean inText;
        private int phonetic;

        SharedStringsHandler(LedgerFile.Limits limits) {
            this.limits = limits;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (!spreadsheet(uri)) {
                return;
            }
            switch (localName) {
                case "si" -> {
                    inItem = true;
                    text.setLength(0);
                }
                // the pronunciation guide of East Asian text is not the text (as POI's usermodel reads it)
                case "rPh" -> phonetic++;
                case "t" -> inText = inItem && phonetic == 0;
                default -> {
                    // formatting runs and their properties: only their text counts
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!inText) {
                return;
            }
            if (text.length() + (long) length > limits.maxCellLength()) {
                throw new LedgerImport.LedgerTooLargeException("Excel 文件的第 " + (strings.size() + 1) + " 个共享字符串超过 "
                        + limits.maxCellLength() + " 个字符：每格最多 " + limits.maxCellLength() + " 个字符");
            }
            text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (!spreadsheet(uri)) {
                return;
            }
            switch (localName) {
                case "rPh" -> phonetic--;
                case "t" -> inText = false;
                case "si" -> {
                    inItem = false;
                    String value = unescaped(text.toString()).strip();
                    characters += value.length();
                    strings.add(value.isEmpty() ? "" : value);
                    if (strings.size() > limits.maxSharedStrings()) {
                        throw new LedgerImport.LedgerTooLargeException(
                                "Excel 文件中的共享字符串超过 " + limits.maxSharedStrings() + " 个：请分成几个文件导入");
                    }
                    if (characters > limits.maxCharacters()) {
                        throw new LedgerImport.LedgerTooLargeException(
                                "文件中的文字超过 " + limits.maxCharacters() + " 个字符：请分成几个文件导入");
                    }
                }
                default -> {
                    // nothing to close
                }
            }
        }
    }
}
