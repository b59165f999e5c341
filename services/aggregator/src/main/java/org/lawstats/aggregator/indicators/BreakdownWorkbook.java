package org.lawstats.aggregator.indicators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The breakdown as an Excel workbook: a first header row of Chinese titles, a second of the indicator ids, then
 * one row per breakdown row and the total. Rates are numbers formatted as percentages.
 */
final class BreakdownWorkbook {
    private BreakdownWorkbook() {}

    static byte[] write(Breakdown breakdown, List<Indicator> indicators, String totalName) {
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            // A sheet name may not hold : \\ / ? * [ ] nor exceed 31 characters; a unit id may hold ':'.
            Sheet sheet = workbook.createSheet(
                    WorkbookUtil.createSafeSheetName(breakdown.period() + " " + breakdown.unit(), '_'));
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle header = workbook.createCellStyle();
            header.setFont(bold);
            CellStyle percent = workbook.createCellStyle();
            percent.setDataFormat(workbook.createDataFormat().getFormat("0.00%"));

            Row titles = sheet.createRow(0);
            Row ids = sheet.createRow(1);
            String[] fixedTitles = {"单位编码", "单位名称", "范围"};
            String[] fixedIds = {"unitId", "unitName", "scope"};
            for (int c = 0; c < 3; c++) {
                titles.createCell(c).setCellValue(fixedTitles[c]);
                ids.createCell(c).setCellValue(fixedIds[c]);
            }
            for (int i = 0; i < indicators.size(); i++) {
                titles.createCell(3 + i).setCellValue(indicators.get(i).name());
                ids.createCell(3 + i).setCellValue(indicators.get(i).id());
            }
            titles.forEach(cell -> cell.setCellStyle(header));
            int r = 2;
            for (Breakdown.Row row : breakdown.rows()) {
                fill(
                        sheet.createRow(r++),
                        row.unitId(),
                        row.unitName(),
                        scopeName(row.scope()),
                        row.values(),
                        indicators,
                        percent);
            }
            fill(sheet.createRow(r), "TOTAL", totalName, "合计", breakdown.total().values(), indicators, percent);
            sheet.createFreezePane(3, 2);
            sheet.setColumnWidth(1, 32 * 256);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String scopeName(String scope) {
        return "self".equals(scope) ? "本级" : "含下级";
    }

    private static void fill(
            Row row,
            String unitId,
            String name,
            String scope,
            Map<String, Number> values,
            List<Indicator> indicators,
            CellStyle percent) {
        row.createCell(0).setCellValue(unitId);
        row.createCell(1).setCellValue(name);
        row.createCell(2).setCellValue(scope);
        for (int i = 0; i < indicators.size(); i++) {
            Number value = values.get(indicators.get(i).id());
            var cell = row.createCell(3 + i);
            if (value != null) {
                cell.setCellValue(value.doubleValue());
                if (indicators.get(i) instanceof Indicator.Rate) {
                    cell.setCellStyle(percent);
                }
            }
        }
    }
}
