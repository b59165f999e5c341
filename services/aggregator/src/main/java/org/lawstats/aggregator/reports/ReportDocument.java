package org.lawstats.aggregator.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;

/**
 * The report as a Word document, in the layout of an official Chinese report: a centred title in 方正小标宋/黑体,
 * headings in 黑体, body text in 仿宋 with a two-character first-line indent. Reads the Markdown the template
 * produces: {@code # } title, {@code ## } headings, other lines paragraphs.
 */
public final class ReportDocument {
    private static final int TWIPS_PER_POINT = 20;

    private ReportDocument() {}

    public static byte[] docx(String markdown) {
        try (XWPFDocument document = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String line : markdown.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                XWPFParagraph paragraph = document.createParagraph();
                if (line.startsWith("# ")) {
                    paragraph.setAlignment(ParagraphAlignment.CENTER);
                    run(paragraph, line.substring(2), "黑体", 22, true);
                } else if (line.startsWith("## ")) {
                    run(paragraph, line.substring(3), "黑体", 16, false);
                } else {
                    paragraph.setFirstLineIndent(2 * 16 * TWIPS_PER_POINT);
                    paragraph.setSpacingBetween(1.5);
                    run(paragraph, line, "仿宋", 16, false);
                }
            }
            document.getDocument().getBody().addNewSectPr().addNewPgSz().setW(BigInteger.valueOf(11906));
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(XWPFParagraph paragraph, String text, String font, int points, boolean bold) {
        XWPFRun run = paragraph.createRun();
        run.setText(text);
        run.setFontFamily(font, XWPFRun.FontCharRange.eastAsia);
        run.setFontFamily("Times New Roman", XWPFRun.FontCharRange.ascii);
        run.setFontSize(points);
        run.setBold(bold);
    }
}
