package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.imports.TestWorkbooks;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import tools.jackson.databind.JsonNode;

/**
 * Hostile uploads and exports (issue 23, ADR 19) on the real stack. Each is answered with a Chinese 4xx naming the
 * limit it is past, or, where it is valid input, read as such; the aggregator's heap after it is within
 * {@link #LEFT_BEHIND} of the heap before; and a figure is still served, right, straight after.
 *
 * <p>The rule for long text: a cell is text for the contract up to 4,000 characters whatever they are (events.md; a
 * U+202E is a format character, no control character: the digest strips it where it quotes a unit's text, the pages
 * show text as text), one more is a row error naming the contract's 4,000, and a cell past Excel's own 32,767 is
 * refused while the file is read (413).
 */
class HostileUploadIT extends IntegrationTest {
    private static final Logger log = LoggerFactory.getLogger(HostileUploadIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String UNIT = "t.hostile";
    private static final String USER = "hostile-emitter";
    private static final String PERIOD = "2041";
    private static final String RECEIVED = "disclosure.received";
    private static final String HEADER = "受理日期,申请编号,申请方式,申请人类型,申请内容";
    private static final long MIB = 1024 * 1024;

    /**
     * The most the heap in use may grow over a request, measured after a full collection before and after it: 16 MiB,
     * for nothing of a request is kept once it is answered. Between requests the heap moved by up to 6 MiB here (the
     * test's own data, a 3 MB body, and the process's caches). What a request holds while it runs is bounded by the
     * limits themselves, each checked as the file is read (LedgerFileTest): at most the events of the 50,000 rows
     * before the limit. The heap after each young collection during a request was watched too, and not asserted: with
     * G1 it counts garbage the old generation has not collected yet, and moved by 60 MiB from one run to the next.
     */
    private static final long LEFT_BEHIND = 16 * MIB;

    private static final AtomicBoolean seeded = new AtomicBoolean();
    private static final Path files = temporaryDirectory();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("lawstats-hostile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void deleteFiles() throws IOException {
        try (var each = Files.list(files)) {
            for (Path file : each.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(files);
    }

    /** The figure every test checks afterwards: one request received in 2041. */
    @BeforeEach
    void seed() {
        if (seeded.compareAndSet(false, true)) {
            send(EventEnvelope.of(
                    "t.hostile:seed",
                    EventType.DISCLOSURE_RECEIVED,
                    UNIT,
                    at("2041-03-05T02:00:00Z"),
                    new Payload.DisclosureReceived(
                            "R-seed",
                            Payload.DisclosureReceived.Channel.ONLINE,
                            Payload.DisclosureReceived.ApplicantType.CITIZEN,
                            "种子")));
            awaitStored("t.hostile:seed", 1);
        }
    }

    // ---- the workbooks ----------------------------------------------------------------------------------------

    @Test
    void theWideWorkbookIsRefusedAtItsFirstCellPastTheTemplateAndItsMargin() {
        // 6,000 one-cell rows under a header reaching column XFD: 45 KB that the reader of before padded to 16,384
        // cells a row
        Path file = xlsx("wide.xlsx", xml -> {
            xml.write("<row r=\"1\">");
            String[] headers = HEADER.split(",");
            for (int c = 0; c < headers.length; c++) {
                xml.write(TestWorkbooks.inline(TestWorkbooks.column(c) + 1, headers[c]));
            }
            xml.write(TestWorkbooks.inline("XFD1", "备注") + "</row>");
            for (int r = 2; r <= 6_001; r++) {
                xml.write("<row r=\"" + r + "\">" + TestWorkbooks.inline("A" + r, "x") + "</row>");
            }
        });

        refused(file, 413, "第1行第16384列（XFD列）有内容", "本台账最多 25 列");
    }

    @Test
    void aWorkbookOfOneRowMoreThanALedgerHoldsIsRefusedAtThatRow() {
        refused(xlsx("50001.xlsx", rows(50_001)), 413, "一个文件最多 50000 行");
    }

    @Test
    void aWorkbookOfAMillionRowsIsRefusedAtTheFirstRowPastTheLimit() {
        Path file = xlsx("1000000.xlsx", xml -> {
            xml.write("<row r=\"1\">" + TestWorkbooks.inline("A1", "受理日期") + "</row>");
            for (int r = 2; r <= 1_000_001; r++) {
                xml.write("<row r=\"" + r + "\"><c r=\"A" + r + "\"><v>" + r + "</v></c></row>");
            }
        });

        refused(file, 413, "一个文件最多 50000 行");
    }

    @Test
    void theLargestLedgerAFileMayHoldIsRead() {
        Path file = xlsx("50000.xlsx", rows(50_000));

        JsonNode preview = imported(measured("50,000 valid rows", () -> upload(USER, RECEIVED, file, true)));

        assertThat(preview.path("imported").asInt()).isEqualTo(50_000);
        assertThat(preview.path("errors")).isEmpty();
    }

    @Test
    void aZipBombIsRefusedBeforeItIsUnpacked() {
        // 1 GiB of spaces in the sheet, 1 MB packed
        Path file = xlsx("bomb.xlsx", xml -> {
            xml.write("<row r=\"1\">" + TestWorkbooks.inline("A1", "受理日期") + "</row>");
            char[] spaces = " ".repeat(1 << 20).toCharArray();
            for (int i = 0; i < 1024; i++) {
                xml.write(spaces);
            }
        });
        assertThat(size(file)).isLessThan(2 * MIB);

        refused(file, 413, "疑似压缩炸弹");
    }

    @Test
    void anXmlExternalEntityIsNeverResolvedAndTheFileIsRefused() {
        String entity = "<!DOCTYPE x [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>";
        Path sheet = file(
                "xxe.xlsx",
                out -> TestWorkbooks.write(
                        out,
                        xml -> xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + entity + "<worksheet xmlns=\""
                                + TestWorkbooks.MAIN + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
                                + "<t>&secret;</t></is></c></row></sheetData></worksheet>"),
                        null));
        Path shared = file(
                "xxe-shared.xlsx",
                out -> TestWorkbooks.write(
                        out,
                        xml -> xml.write(TestWorkbooks.SHEET_START
                                + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" + TestWorkbooks.SHEET_END),
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + entity + "<sst xmlns=\"" + TestWorkbooks.MAIN
                                + "\"><si><t>&secret;</t></si></sst>"));

        for (Path file : List.of(sheet, shared)) {
            HttpResponse<String> response = refused(file, 400, "DOCTYPE");
            assertThat(response.body()).doesNotContain("root:");
        }
    }

    @Test
    void aFormulaInEveryColumnIsReadByItsCachedValueAndNeverEvaluated() {
        long march6 = (long) DateUtil.getExcelDate(LocalDate.of(2041, 3, 6));
        Path file = xlsx("formulas.xlsx", xml -> {
            xml.write("<row r=\"1\">");
            String[] headers = HEADER.split(",");
            for (int c = 0; c < headers.length; c++) {
                // each header made by a formula, its text the cached value
                xml.write("<c r=\"" + TestWorkbooks.column(c) + "1\" t=\"str\"><f>\"" + headers[c] + "\"&amp;\"\"</f>"
                        + "<v>" + headers[c] + "</v></c>");
            }
            xml.write("</row><row r=\"2\">"
                    + "<c r=\"A2\" s=\"1\"><f>TODAY()</f><v>" + march6 + "</v></c>"
                    // evaluated, these would call out, or give a channel that is none
                    + "<c r=\"B2\" t=\"str\"><f>WEBSERVICE(\"http://127.0.0.1:9/steal\")</f><v>R-formula</v></c>"
                    + "<c r=\"C2\" t=\"str\"><f>\"传\"&amp;\"真\"</f><v>网上申请</v></c>"
                    + "<c r=\"D2\" t=\"str\"><f>HYPERLINK(\"http://attacker.example/\",\"自然人\")</f><v>自然人</v></c>"
                    // text that is a formula to a spreadsheet: kept as text, defused in every export
                    + "<c r=\"E2\" t=\"str\"><f>\"=cmd|' /C calc'!A0\"</f><v>=cmd|' /C calc'!A0</v></c>"
                    + "</row>");
        });

        JsonNode preview = imported(measured("formulas", () -> upload(USER, RECEIVED, file, true)));

        assertThat(preview.path("imported").asInt()).isEqualTo(1);
        assertThat(preview.path("errors")).isEmpty();
        figureStillServed();
    }

    @Test
    void aLongCellWithABidiOverrideIsTextUpToTheContractsLengthAndRefusedPastExcels() {
        String rtl = "\u202E" + varied(3_999);
        JsonNode valid = imported(measured(
                "4,000 characters with U+202E", () -> upload(USER, RECEIVED, xlsx("rtl-4000.xlsx", row(rtl)), true)));
        assertThat(valid.path("imported").asInt()).isEqualTo(1);
        assertThat(valid.path("errors")).isEmpty();

        JsonNode tooLong = imported(measured(
                "4,001 characters with U+202E",
                () -> upload(USER, RECEIVED, xlsx("rtl-4001.xlsx", row(rtl + "字")), true)));
        assertThat(tooLong.path("imported").asInt()).isZero();
        assertThat(tooLong.path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("column").asString()).isEqualTo("申请内容");
            assertThat(error.path("message").asString()).contains("4000");
        });

        refused(xlsx("rtl-40000.xlsx", row("\u202E" + varied(40_000))), 413, "超过 32767 个字符");
    }

    // ---- the CSV files ----------------------------------------------------------------------------------------

    @Test
    void aCsvOfOneRowMoreThanALedgerHoldsIsRefusedAtThatRow() {
        refused(
                csv("50001.csv", csv -> {
                    for (int i = 0; i < 50_001; i++) {
                        csv.write("2041-03-05,R-csv-" + i + ",网上申请,自然人,申请公开\r\n");
                    }
                }),
                413,
                "一个文件最多 50000 行");
    }

    @Test
    void aCsvOfAMillionRowsIsRefusedAtTheFirstRowPastTheLimit() {
        Path file = csv("1000000.csv", csv -> {
            for (int i = 0; i < 1_000_000; i++) {
                csv.write("1,2,3,4,5\r\n");
            }
        });

        refused(file, 413, "一个文件最多 50000 行");
    }

    @Test
    void aCsvOfTenMillionLinesIsRefusedAtTheFirstRowPastTheLimit() {
        // 20,000,000 bytes: within the 20 MB a file may have, so that the rows are what refuses it
        Path file = csv("10000000.csv", csv -> {
            for (int i = 0; i < 10_000_000; i++) {
                csv.write("1\n");
            }
        });
        assertThat(size(file)).isLessThan(20 * MIB);

        refused(file, 413, "一个文件最多 50000 行");
    }

    @Test
    void aFilePastTwentyMegabytesIsRefusedBeforeItIsRead() {
        Path file = csv("21mb.csv", csv -> {
            for (int i = 0; i < 11 * 1024 * 1024; i++) {
                csv.write("1\n");
            }
        });

        refused(file, 413, "文件超过 20 MB");
    }

    @Test
    void aNumberOfThreeMillionDigitsInACsvIsRefusedBeforeItIsWhole() {
        Path file = file("digits.csv", out -> {
            out.write("结业日期,人员编号,课程编号,课程名称,学时\r\n2041-03-05,p-1,law,宪法,".getBytes(StandardCharsets.UTF_8));
            byte[] nines = "9".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                out.write(nines);
            }
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        });

        refused(file, "training.completed", 413, "第2行超过", "每格最多 32767 个字符");
    }

    // ---- the entry form ---------------------------------------------------------------------------------------

    @Test
    void aNumberOfThreeMillionDigitsInAFormIsRefusedByTheBodysLimitDeclaredOrNot() {
        String body = "{\"type\":\"training.completed\",\"unit\":\"" + UNIT + "\",\"date\":\"2041-03-05\","
                + "\"values\":{\"personId\":\"p-1\",\"courseId\":\"law\",\"hours\":\"" + "9".repeat(3_000_000)
                + "\"},\"withdraw\":false}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        for (HttpRequest.BodyPublisher publisher : List.of(
                HttpRequest.BodyPublishers.ofByteArray(bytes),
                // chunked: no length declared, cut while it is read
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))) {
            HttpResponse<String> response = measured("3,000,000 digits in a form", () -> enter(USER, publisher));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(message(response)).contains("请求体超过 256 KB 的上限");
            figureStillServed();
        }
    }

    @Test
    void aNumberOfMoreThanTwentyCharactersInAFormIsAFieldErrorBeforeItIsParsed() {
        HttpResponse<String> response = enter(
                USER,
                HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"training.completed\",\"unit\":\"" + UNIT + "\",\"date\":\"2041-03-05\","
                                + "\"values\":{\"personId\":\"p-1\",\"courseId\":\"law\",\"hours\":\"" + "9".repeat(100)
                                + "\"},\"withdraw\":false}"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors"))
                .as(response.body())
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.path("column").asString()).isEqualTo("学时");
                    assertThat(error.path("message").asString()).contains("数字最多 20 个字符");
                });
    }

    // ---- the rates --------------------------------------------------------------------------------------------

    @Test
    void aUserWhoImportsOrEntersTooFastIsAnswered429WithWhenToTryAgainAndOthersAreNotSlowed() {
        Path small = csv("small.csv", csv -> csv.write("2041-03-05,R-1,网上申请,自然人,申请公开\r\n"));
        // The same valid file each time, as a dry run: previewed (200) until the rate refuses it.
        HttpResponse<String> imports = untilRefused(() -> upload("hasty-emitter", RECEIVED, small, true), 20, 200);
        assertThat(message(imports)).contains("导入过于频繁").contains("连续导入 20 次").contains("秒后再试");

        // An entry without its date and fields: checked and refused (400) each time, until the rate refuses it first.
        HttpResponse<String> entries = untilRefused(
                () -> enter(
                        "hasty-emitter",
                        HttpRequest.BodyPublishers.ofString("{\"type\":\"" + RECEIVED + "\",\"unit\":\"" + UNIT
                                + "\",\"values\":{},\"withdraw\":false}")),
                30,
                400);
        assertThat(message(entries)).contains("填报过于频繁").contains("连续填报 30 次");

        assertThat(upload(USER, RECEIVED, small, true).statusCode()).isEqualTo(200);
    }

    /**
     * Sends until a 429, which must come after at least {@code burst} requests, and says when to try again; every
     * answer before it is {@code answered}, the request's own answer.
     */
    private static HttpResponse<String> untilRefused(Supplier<HttpResponse<String>> request, int burst, int answered) {
        for (int sent = 1; sent <= burst * 3; sent++) {
            HttpResponse<String> response = request.get();
            if (response.statusCode() == 429) {
                assertThat(sent).as("the burst").isGreaterThan(burst);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                return response;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(answered);
        }
        throw new AssertionError("no 429 after " + burst * 3 + " requests");
    }

    // ---- the records export -----------------------------------------------------------------------------------

    @Test
    void anExportOfMoreRecordsThanAnExportHoldsIsRefusedSayingHowToNarrowItAndOneWithinStreams() throws Exception {
        // 100,001 requests: 50,001 in March, 50,000 in April
        String unit = "t.bulk";
        for (int i = 0; i <= 100_000; i++) {
            String day = i <= 50_000 ? "2042-03-" : "2042-04-";
            sendTo(
                    EventEnvelope.of(
                            unit + ":r-" + i,
                            EventType.DISCLOSURE_RECEIVED,
                            unit,
                            at(day + String.format("%02d", 1 + i % 28) + "T02:00:00Z"),
                            new Payload.DisclosureReceived(
                                    "R-" + i,
                                    Payload.DisclosureReceived.Channel.ONLINE,
                                    Payload.DisclosureReceived.ApplicantType.CITIZEN,
                                    "申请公开第" + i + "号文件")),
                    i % 3);
        }
        awaitAllConsumed();
        assertThat(values("2042", unit).path(RECEIVED).asLong()).isEqualTo(100_001);

        HttpResponse<String> year = measured(
                "an export of 100,001 records",
                () -> getAs(
                        "admin",
                        "/api/v1/stats/records?indicator=" + RECEIVED + "&period=2042&unit=" + unit + "&format=csv"));
        assertThat(year.statusCode()).as(year.body()).isEqualTo(413);
        assertThat(message(year)).contains("100001 条记录").contains("最多 100000 条").contains("缩短期间");

        long lines = measured("a CSV export of 50,001 records", () -> {
            HttpResponse<InputStream> march = download(
                    "/api/v1/stats/records?indicator=" + RECEIVED + "&period=2042-03&unit=" + unit + "&format=csv");
            assertThat(march.statusCode()).isEqualTo(200);
            try (InputStream csv = march.body()) {
                long count = 0;
                byte[] buffer = new byte[1 << 16];
                for (int n = csv.read(buffer); n >= 0; n = csv.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            count++;
                        }
                    }
                }
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(lines).as("the header and 50,001 records").isEqualTo(50_002);

        Path april = files.resolve("april.xlsx");
        measured("an Excel export of 50,000 records", () -> {
            HttpResponse<InputStream> response = download(
                    "/api/v1/stats/records?indicator=" + RECEIVED + "&period=2042-04&unit=" + unit + "&format=xlsx");
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream in = response.body()) {
                Files.copy(in, april);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return april;
        });
        assertThat(rowsOf(april)).as("the header and 50,000 records").isEqualTo(50_001);
        figureStillServed();
    }

    private HttpResponse<InputStream> download(String pathAndQuery) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                            .header("Authorization", basic("admin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of an Excel file's first sheet, read as a stream. */
    private static long rowsOf(Path xlsx) throws Exception {
        try (OPCPackage pkg = OPCPackage.open(xlsx.toFile(), PackageAccess.READ);
                InputStream sheet = new XSSFReader(pkg).getSheetsData().next()) {
            AtomicLong rows = new AtomicLong();
            XMLReader reader = XMLHelper.newXMLReader();
            reader.setContentHandler(new DefaultHandler() {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    if (localName.equals("row")) {
                        rows.incrementAndGet();
                    }
                }
            });
            reader.parse(new InputSource(sheet));
            return rows.get();
        }
    }

    // ---- answers, heap and figure -----------------------------------------------------------------------------

    private HttpResponse<String> refused(Path file, int status, String... says) {
        return refused(file, RECEIVED, status, says);
    }

    /** Uploads the file (a preview); it is refused with this status, its message says these, within the bound. */
    private HttpResponse<String> refused(Path file, String type, int status, String... says) {
        HttpResponse<String> response =
                measured(file.getFileName() + " (" + size(file) / 1024 + " KB)", () -> upload(USER, type, file, true));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(message(response)).contains(says);
        assertThat(response.body()).doesNotContain("Exception", "at org.", "at java.");
        figureStillServed();
        return response;
    }

    private static String message(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("message").asString();
    }

    private JsonNode imported(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        figureStillServed();
        return JSON.readTree(response.body());
    }

    /** The aggregator still serves the figure it served before, with its value. */
    private void figureStillServed() {
        assertThat(values(PERIOD, UNIT).path(RECEIVED).asLong()).isEqualTo(1);
    }

    /** Runs the request and holds the heap's growth over it within {@link #LEFT_BEHIND}. */
    private static <T> T measured(String what, Supplier<T> request) {
        long before = heapAfterFullCollection();
        long started = System.nanoTime();
        T result = request.get();
        long took = (System.nanoTime() - started) / 1_000_000;
        long after = heapAfterFullCollection();
        log.info(
                "{}: answered in {} ms; heap in use before {} MiB, after {} MiB",
                what,
                took,
                before / MIB,
                after / MIB);
        assertThat(after - before).as(what + ": the heap's growth (bytes)").isLessThan(LEFT_BEHIND);
        return result;
    }

    private static long heapAfterFullCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---- requests -------------------------------------------------------------------------------------------

    /** Posts the file as the import page does, streamed from disk (a preview when {@code dryRun}). */
    private HttpResponse<String> upload(String user, String type, Path file, boolean dryRun) {
        String boundary = "----lawstats" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        for (String[] field : new String[][] {{"type", type}, {"unit", UNIT}, {"dryRun", Boolean.toString(dryRun)}}) {
            head.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"")
                    .append(field[0])
                    .append("\"\r\n\r\n")
                    .append(field[1])
                    .append("\r\n");
        }
        head.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(file.getFileName())
                .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/imports"))
                            .header("Authorization", basic(user))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.concat(
                                    HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
                                    HttpRequest.BodyPublishers.ofFile(file),
                                    HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> enter(String user, HttpRequest.BodyPublisher body) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/entries"))
                            .header("Authorization", basic(user))
                            .header("Content-Type", "application/json")
                            .POST(body)
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- files, written as streams ----------------------------------------------------------------------------

    @FunctionalInterface
    private interface Content {
        void write(OutputStream out) throws IOException;
    }

    private static Path file(String name, Content content) {
        Path file = files.resolve(name);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            content.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A UTF-8 CSV ledger of {@code disclosure.received}: its header, then these lines. */
    private static Path csv(String name, TestWorkbooks.Sheet lines) {
        return file(name, out -> {
            Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            csv.write(HEADER + "\r\n");
            lines.write(csv);
            csv.flush();
        });
    }

    /** A workbook whose sheet holds these rows. */
    private static Path xlsx(String name, TestWorkbooks.Sheet rows) {
        return file(
                name,
                out -> TestWorkbooks.write(
                        out,
                        xml -> {
                            Writer buffered = new BufferedWriter(xml, 1 << 16);
                            buffered.write(TestWorkbooks.SHEET_START);
                            rows.write(buffered);
                            buffered.write(TestWorkbooks.SHEET_END);
                            buffered.flush();
                        },
                        null));
    }

    /** The header and {@code count} valid rows of {@code disclosure.received}, each its own request. */
    private static TestWorkbooks.Sheet rows(int count) {
        return xml -> {
            String[] headers = HEADER.split(",");
            xml.write("<row r=\"1\">");
            for (int c = 0; c < headers.length; c++) {
                xml.write(TestWorkbooks.inline(TestWorkbooks.column(c) + 1, headers[c]));
            }
            xml.write("</row>");
            for (int r = 2; r <= count + 1; r++) {
                xml.write("<row r=\"" + r + "\">" + TestWorkbooks.inline("A" + r, "2041-03-05")
                        + TestWorkbooks.inline("B" + r, "R-big-" + r) + TestWorkbooks.inline("C" + r, "网上申请")
                        + TestWorkbooks.inline("D" + r, "自然人") + TestWorkbooks.inline("E" + r, "申请公开第" + r + "号文件")
                        + "</row>");
            }
        };
    }

    /** The header and one valid row whose 申请内容 is {@code subject}. */
    private static TestWorkbooks.Sheet row(String subject) {
        return xml -> {
            String[] headers = HEADER.split(",");
            xml.write("<row r=\"1\">");
            for (int c = 0; c < headers.length; c++) {
                xml.write(TestWorkbooks.inline(TestWorkbooks.column(c) + 1, headers[c]));
            }
            xml.write("</row><row r=\"2\">" + TestWorkbooks.inline("A2", "2041-03-05")
                    + TestWorkbooks.inline("B2", "R-long") + TestWorkbooks.inline("C2", "网上申请")
                    + TestWorkbooks.inline("D2", "自然人") + TestWorkbooks.inline("E2", subject) + "</row>");
        };
    }

    /** Text that packs as real text does (a repeated character packs like a zip bomb). */
    private static String varied(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x4E00 + (i * 7919L) % 20_000));
        }
        return text.toString();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
