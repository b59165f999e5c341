package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The breakdown of t.tree in 2038: t.tree itself 1 person, child t.tree.a (with t.tree.a.x) 3, t.tree.b 1. */
class BreakdownIT extends IntegrationTest {
    private static boolean sent;

    @BeforeEach
    void events() {
        if (sent) {
            return;
        }
        send(enrolled("bd:1", "t.tree", "p1", at("2038-03-01T09:00:00+08:00")));
        send(enrolled("bd:2", "t.tree.a", "p2", at("2038-03-01T09:00:00+08:00")));
        send(enrolled("bd:3", "t.tree.a.x", "p3", at("2038-03-01T09:00:00+08:00")));
        send(enrolled("bd:4", "t.tree.a.x", "p4", at("2038-03-01T09:00:00+08:00")));
        send(completed("bd:5", "t.tree.a.x", "p4", at("2038-03-02T09:00:00+08:00")));
        send(enrolled("bd:6", "t.tree.b", "p1", at("2038-03-01T09:00:00+08:00"))); // p1 in two branches
        awaitStored("bd:6", 1);
        sent = true;
    }

    private HttpResponse<byte[]> download(String query, String accept) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stats/breakdown?" + query));
        request.header("Authorization", basic("admin"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void rowsAreTheUnitItselfThenEachChildSubtreeAndTheTotalCountsDistinctPersonsOnce() {
        JsonNode body = JSON.readTree(
                get("/api/v1/stats/breakdown?period=2038&unit=t.tree").body());

        assertThat(body.path("period").asString()).isEqualTo("2038");
        List<JsonNode> rows = body.path("rows").valueStream().toList();
        assertThat(rows).extracting(r -> r.path("unitId").asString()).containsExactly("t.tree", "t.tree.a", "t.tree.b");
        assertThat(rows).extracting(r -> r.path("scope").asString()).containsExactly("self", "subtree", "subtree");
        assertThat(rows).extracting(r -> r.path("unitName").asString()).containsExactly("上级单位", "下级单位甲", "下级单位乙");
        assertThat(rows)
                .extracting(
                        r -> r.path("values").path("training.enrolled_persons").asLong())
                .containsExactly(1L, 3L, 1L);
        assertThat(body.path("total")
                        .path("values")
                        .path("training.enrolled_persons")
                        .asLong())
                .as("p1 counts once in the total although it is in two rows")
                .isEqualTo(4);
        assertThat(rows.get(1).path("values").path("training.completion_rate").asDouble())
                .isEqualTo(0.3333);
    }

    @Test
    void csvIsUtf8WithABomTheIdsAsHeaderAndATotalLine() throws Exception {
        for (HttpResponse<byte[]> response : List.of(
                download("period=2038&unit=t.tree&format=csv", null),
                download("period=2038&unit=t.tree", "text/csv"))) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/csv");
            byte[] bytes = response.body();
            assertThat(new byte[] {bytes[0], bytes[1], bytes[2]})
                    .isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            List<String> lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            assertThat(lines.get(0))
                    .startsWith("unitId,unitName,scope,training.enrolled_persons,training.completed_persons");
            assertThat(lines.get(0).split(","))
                    .hasSize(3 + JSON.readTree(get("/api/v1/indicators").body()).size());
            assertThat(lines).hasSize(5);
            assertThat(lines.get(1)).startsWith("t.tree,上级单位,self,1,0,0.0,");
            assertThat(lines.get(2)).startsWith("t.tree.a,下级单位甲,subtree,3,1,0.3333,");
            assertThat(lines.get(4)).startsWith("TOTAL,上级单位,total,4,1,0.25,");
        }
    }

    @Test
    void xlsxHasChineseTitlesTheIdsAndTheSameFigures() throws Exception {
        HttpResponse<byte[]> response = download("period=2038&unit=t.tree&format=xlsx", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains(".xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(3).getStringCellValue()).isEqualTo("学法培训报名人数");
            assertThat(sheet.getRow(0).getCell(4).getStringCellValue()).isEqualTo("参训并结业人数");
            assertThat(sheet.getRow(1).getCell(3).getStringCellValue()).isEqualTo("training.enrolled_persons");
            assertThat(sheet.getRow(3).getCell(0).getStringCellValue()).isEqualTo("t.tree.a");
            assertThat(sheet.getRow(3).getCell(3).getNumericCellValue()).isEqualTo(3.0);
            assertThat(sheet.getRow(5).getCell(0).getStringCellValue()).isEqualTo("TOTAL");
            assertThat(sheet.getRow(5).getCell(3).getNumericCellValue()).isEqualTo(4.0);
        }
    }

    @Test
    void anUnknownFormatIsABadRequest() {
        var response = get("/api/v1/stats/breakdown?unit=t.tree&format=pdf");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("message").asString()).contains("csv");
    }
}
