package org.lawstats.aggregator.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Excel template of one ledger (api.md {@code GET /api/v1/imports/templates/{type}}): the first sheet has the
 * Chinese headers (required ones marked *) over empty rows whose cells are formatted for their kind, with drop-down
 * lists for enumerations and yes/no; a second sheet explains each column.
 */
public final class LedgerTemplate {
    /** The rows prepared with drop-downs and formats: more than a year's ledger of most units. */
    static final int ROWS = 10_000;

    private LedgerTemplate() {}

    public static byte[] write(LedgerSpec spec, LedgerSpec.Ledger ledger) {
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(ledger.name(), '_'));
            Font bold = workbook.createFont();
            bold.setBold(true);
            CellStyle header = workbook.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle text = workbook.createCellStyle();
            text.setDataFormat(workbook.createDataFormat().getFormat("@"));
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));

            List<String> headers = new ArrayList<>();
            headers.add(ledger.date() + "*");
            ledger.columns().forEach(c -> headers.add(c.header() + (c.required() ? "*" : "")));
            Row top = sheet.createRow(0);
            for (int c = 0; c < headers.size(); c++) {
                top.createCell(c).setCellValue(headers.get(c));
                top.getCell(c).setCellStyle(header);
                sheet.setColumnWidth(c, Math.max(12, headers.get(c).length() * 2 + 4) * 256);
            }
            sheet.setDefaultColumnStyle(0, date);
            DataValidationHelper validations = sheet.getDataValidationHelper();
            for (int i = 0; i < ledger.columns().size(); i++) {
                LedgerSpec.Column column = ledger.columns().get(i);
                int c = i + 1;
                switch (column.kind()) {
                    case TEXT -> sheet.setDefaultColumnStyle(c, text);
                    case DATETIME -> sheet.setDefaultColumnStyle(c, date);
                    case ENUM ->
                        list(sheet, validations, c, column.values().values().toArray(String[]::new));
                    case BOOLEAN -> list(sheet, validations, c, new String[] {spec.trueWord(), spec.falseWord()});
                    default -> {}
                }
            }
            sheet.createFreezePane(0, 1);
            explain(workbook, spec, ledger, header);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void list(Sheet sheet, DataValidationHelper validations, int column, String[] values) {
        DataValidation validation = validations.createValidation(
                validations.createExplicitListConstraint(values), new CellRangeAddressList(1, ROWS, column, column));
        validation.setShowErrorBox(true);
        validation.createErrorBox("请从列表中选择", "可选值：" + String.join("、", values));
        sheet.addValidationData(validation);
    }

    private static void explain(XSSFWorkbook workbook, LedgerSpec spec, LedgerSpec.Ledger ledger, CellStyle header) {
        Sheet help = workbook.createSheet("填写说明");
        String[] titles = {"列", "字段", "是否必填", "填写要求"};
        Row top = help.createRow(0);
        for (int c = 0; c < titles.length; c++) {
            top.createCell(c).setCellValue(titles[c]);
            top.getCell(c).setCellStyle(header);
        }
        int r = 1;
        Row date = help.createRow(r++);
        date.createCell(0).setCellValue(ledger.date());
        date.createCell(1).setCellValue("occurredAt");
        date.createCell(2).setCellValue("必填");
        date.createCell(3).setCellValue("日期，如 2024-03-05（也可写 2024/3/5、2024年3月5日，或带时间 2024-03-05 14:30）");
        for (LedgerSpec.Column column : ledger.columns()) {
            Row row = help.createRow(r++);
            row.createCell(0).setCellValue(column.header());
            row.createCell(1).setCellValue(column.field());
            row.createCell(2).setCellValue(column.required() ? "必填" : "选填");
            row.createCell(3)
                    .setCellValue(
                            switch (column.kind()) {
                                case TEXT -> "文字，最多4000字";
                                case ENUM ->
                                    "从下拉列表选择："
                                            + String.join("、", column.values().values());
                                case BOOLEAN -> "填“" + spec.trueWord() + "”或“" + spec.falseWord() + "”";
                                case INTEGER -> "整数";
                                case NUMBER -> "数字";
                                case DATETIME -> "日期，如 2024-03-05";
                            });
        }
        Row note = help.createRow(r + 1);
        note.createCell(0)
                .setCellValue("同一事项（"
                        + String.join(
                                "、",
                                ledger.identity().stream().map(ledger::header).toList())
                        + "相同）只填一行；再次导入同一文件不会重复计数，修改后的行作为更正导入。");
        for (int c = 0; c < titles.length; c++) {
            help.setColumnWidth(c, (c == 3 ? 60 : 18) * 256);
        }
    }
}
