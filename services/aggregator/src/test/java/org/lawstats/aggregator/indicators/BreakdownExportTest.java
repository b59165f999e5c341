package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lawstats.aggregator.web.Csv;
import org.lawstats.contract.EventType;

class BreakdownExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+2", "+1", "-1", "@SUM(A1)", "\t=1+2", "\r=1+2"})
    void aCellASpreadsheetWouldEvaluateIsDefused(String value) {
        String field = Csv.field(value);

        assertThat(field.replace("\"", "")).startsWith("'");
    }

    @Test
    void anOrdinaryNameIsLeftAsItIs() {
        assertThat(Csv.field("南开区人民政府办公室")).isEqualTo("南开区人民政府办公室");
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
    }

    @Test
    void aUnitIdThatNoSheetNameMayHoldStillGivesAWorkbook() throws Exception {
        Indicator count = new Indicator.Count(
                "meeting.executive", "政府常务会议", "Executive meetings", EventType.MEETING_HELD, Map.of());
        Breakdown breakdown = new Breakdown(
                "2024-Q1",
                "nk:archive/[old]*?",
                List.of(new Breakdown.Row("nk:archive/[old]*?", "档案馆", "self", Map.of("meeting.executive", 3))),
                new Breakdown.Total(Map.of("meeting.executive", 3)));

        byte[] xlsx = BreakdownWorkbook.write(breakdown, List.of(count), "档案馆");

        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(workbook.getSheetAt(0).getSheetName())
                    .doesNotContain(":", "/", "[", "]", "*", "?")
                    .hasSizeLessThanOrEqualTo(31);
            assertThat(workbook.getSheetAt(0).getRow(2).getCell(0).getStringCellValue())
                    .isEqualTo("nk:archive/[old]*?");
        }
    }
}
