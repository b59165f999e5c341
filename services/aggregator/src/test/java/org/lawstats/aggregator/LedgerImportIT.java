package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventType;
import tools.jackson.databind.JsonNode;

/**
 * Ledger imports (api.md) on the real broker and server: the Excel template, a 200-row ledger with 3 bad rows, the
 * same file again, one row edited, the same ledger as a GB18030 CSV from Excel, and the rights of the gateway.
 */
class LedgerImportIT extends IntegrationTest {
    private static final String UNIT = "t.import";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The ledger's rows: date, requestId, channel, applicantType, subject. */
    private static List<String[]> ledger() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            rows.add(new String[] {
                "2024-0" + (1 + i % 9) + "-1" + (i % 9),
                "R-" + i,
                i % 2 == 0 ? "网上申请" : "信函申请",
                "自然人",
                "申请公开第" + i + "号文件"
            });
        }
        rows.set(9, new String[] {"2024-02-30", "R-10", "网上申请", "自然人", "日期有误"}); // no 30 February
        rows.set(19, new String[] {"2024-03-03", "R-20", "传真", "自然人", "方式有误"}); // not a channel
        rows.set(29, new String[] {"2024-03-04", "R-5", "网上申请", "自然人", "与R-5重复"}); // the key of row 6
        return rows;
    }

    private static final String[] HEADERS = {"受理日期*", "申请编号*", "申请方式*", "申请人类型*", "申请内容*"};

    private static byte[] workbook(List<String[]> rows) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("台账");
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADERS.length; c++) {
                header.createCell(c).setCellValue(HEADERS[c]);
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).length; c++) {
                    row.createCell(c).setCellValue(rows.get(r)[c]);
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** As Excel on a Chinese Windows saves "CSV (逗号分隔)": GB18030, CRLF, no BOM, dates as 2024/3/5. */
    private static byte[] excelCsv(List<String[]> rows) {
        StringBuilder csv = new StringBuilder(String.join(",", HEADERS)).append("\r\n");
        for (String[] row : rows) {
            String[] cells = row.clone();
            String[] date = cells[0].split("-");
            cells[0] = date[0] + "/" + Integer.parseInt(date[1]) + "/" + Integer.parseInt(date[2]);
            csv.append(String.join(",", cells)).append("\r\n");
        }
        return csv.toString().getBytes(Charset.forName("GB18030"));
    }

    private HttpResponse<String> upload(String user, String unit, String type, String fileName, byte[] file)
            throws Exception {
        String boundary = "----lawstats" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"type", type}, {"unit", unit}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                            + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/imports"))
                        .header("Authorization", basic(user))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode imported(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String counts(JsonNode result) {
        return result.path("imported").asInt() + "/" + result.path("unchanged").asInt() + "/"
                + result.path("revised").asInt() + "/" + result.path("errors").size();
    }

    @Test
    void aLedgerWithThreeBadRowsImportsTheRestOnceAndAChangedRowAsItsRevision() throws Exception {
        List<String[]> rows = ledger();
        JsonNode first = imported(upload("ledger-emitter", UNIT, "disclosure.received", "台账.xlsx", workbook(rows)));

        assertThat(counts(first)).isEqualTo("197/0/0/3");
        JsonNode errors = first.path("errors");
        assertThat(errors.get(0).path("row").asInt()).isEqualTo(11);
        assertThat(errors.get(0).path("column").asString()).isEqualTo("受理日期");
        assertThat(errors.get(0).path("message").asString())
                .contains("2024-02-30")
                .contains("不是有效的日期");
        assertThat(errors.get(1).path("row").asInt()).isEqualTo(21);
        assertThat(errors.get(1).path("column").asString()).isEqualTo("申请方式");
        assertThat(errors.get(1).path("message").asString()).contains("传真").contains("网上申请");
        assertThat(errors.get(2).path("row").asInt()).isEqualTo(31);
        assertThat(errors.get(2).path("message").asString()).contains("与第6行").contains("重复");
        awaitAllConsumed();
        assertThat(values("2024", UNIT).path("disclosure.received").asLong()).isEqualTo(197);

        JsonNode again = imported(upload("ledger-emitter", UNIT, "disclosure.received", "台账.xlsx", workbook(rows)));
        assertThat(counts(again)).as("the same file again").isEqualTo("0/197/0/3");

        rows.set(41, new String[] {rows.get(41)[0], "R-42", "网上申请", "自然人", "申请公开第42号文件（补正后）"});
        JsonNode edited = imported(upload("ledger-emitter", UNIT, "disclosure.received", "台账.xlsx", workbook(rows)));
        assertThat(counts(edited)).isEqualTo("0/196/1/3");
        awaitAllConsumed();
        assertThat(values("2024", UNIT).path("disclosure.received").asLong()).isEqualTo(197);

        // The same ledger saved by Excel as CSV on a Chinese Windows: the same events.
        JsonNode csv = imported(upload("ledger-emitter", UNIT, "disclosure.received", "台账.csv", excelCsv(rows)));
        assertThat(counts(csv)).isEqualTo("0/197/0/3");
        JsonNode utf8 = imported(upload(
                "ledger-emitter",
                UNIT,
                "disclosure.received",
                "台账.csv",
                ("\uFEFF" + new String(excelCsv(rows), Charset.forName("GB18030"))).getBytes(StandardCharsets.UTF_8)));
        assertThat(counts(utf8)).as("UTF-8 with BOM").isEqualTo("0/197/0/3");
    }

    @Test
    void theTemplateHasTheChineseHeadersAndDropDowns() throws Exception {
        HttpResponse<byte[]> template = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + "/api/v1/imports/templates/disclosure.received"))
                        .header("Authorization", basic("ledger-emitter"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(template.statusCode()).isEqualTo(200);
        assertThat(template.headers().firstValue("Content-Type").orElseThrow()).contains("spreadsheetml");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template.body()))) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            List<String> headers = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> headers.add(cell.getStringCellValue()));
            assertThat(headers).containsExactly(HEADERS);
            assertThat(sheet.getDataValidations())
                    .anySatisfy(v -> assertThat(v.getValidationConstraint().getExplicitListValues())
                            .containsExactly("网上申请", "信函申请", "当面申请", "其他"));
            assertThat(workbook.getSheet("填写说明")).isNotNull();
        }
        assertThat(getAs("ledger-emitter", "/api/v1/imports/templates/no.such").statusCode())
                .isEqualTo(404);
    }

    @Test
    void anImportIsForThoseWhoMayEmitForTheUnitAndABadFileSaysWhy() throws Exception {
        byte[] file = workbook(ledger().subList(0, 2));
        assertThat(upload("ledger-emitter", "t.tree.a", "disclosure.received", "a.xlsx", file)
                        .statusCode())
                .isEqualTo(403);
        assertThat(upload("leader", UNIT, "disclosure.received", "a.xlsx", file).statusCode())
                .isEqualTo(403);
        var xls = upload("ledger-emitter", UNIT, "disclosure.received", "a.xls", new byte[] {
            (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0
        });
        assertThat(xls.statusCode()).isEqualTo(400);
        assertThat(xls.body()).contains("另存为 .xlsx");
        var type = upload("ledger-emitter", UNIT, "disclosure.nothing", "a.xlsx", file);
        assertThat(type.statusCode()).isEqualTo(400);
        var missing = imported(upload(
                "ledger-emitter",
                UNIT,
                "disclosure.received",
                "a.csv",
                "申请编号,申请方式\r\nR-1,网上申请\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(missing.path("errors").get(0).path("message").asString()).contains("缺少必填列");
        assertThat(missing.path("imported").asInt()).isZero();
    }

    @Test
    void theEntryPagesAndEndpointsAreForThoseWhoEmitAndOnlyForTheirUnits() {
        assertThat(getAs("ledger-emitter", "/entry.html").statusCode()).isEqualTo(200);
        assertThat(getAs("ledger-emitter", "/import.html").statusCode()).isEqualTo(200);
        assertThat(getAs("ledger-emitter", "/").statusCode())
                .as("the dashboard is for readers")
                .isEqualTo(403);
        assertThat(getAs("adviser", "/entry.html").statusCode()).isEqualTo(403);
        assertThat(getAs("adviser", "/api/v1/entries?unit=" + UNIT).statusCode())
                .isEqualTo(403);
        assertThat(getAs("ledger-emitter", "/api/v1/entries?unit=t.tree.a").statusCode())
                .isEqualTo(403);
        assertThat(getAs("ledger-emitter", "/api/v1/entries?unit=" + UNIT).statusCode())
                .isEqualTo(200);
        JsonNode units =
                JSON.readTree(getAs("ledger-emitter", "/api/v1/entries/units").body());
        assertThat(units).extracting(u -> u.path("id").asString()).containsExactly(UNIT);
        JsonNode ledgers =
                JSON.readTree(getAs("ledger-emitter", "/api/v1/entries/ledgers").body());
        assertThat(ledgers.path("ledgers")).hasSize(EventType.values().length);
    }
}
