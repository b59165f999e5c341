package org.lawstats.aggregator.web;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Locale;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.reports.AnnualReport;
import org.lawstats.aggregator.reports.ReportDocument;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/reports/annual?year=&unit=&format=docx|md}. */
@RestController
class ReportController {
    private static final MediaType DOCX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    private static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

    private final AnnualReport report;
    private final UnitRegistry registry;
    private final UnitAccess access;

    ReportController(AnnualReport report, UnitRegistry registry, UnitAccess access) {
        this.report = report;
        this.registry = registry;
        this.access = access;
    }

    @GetMapping("/api/v1/reports/annual")
    ResponseEntity<byte[]> annual(
            @RequestParam(name = "year", required = false) String year,
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "format", required = false, defaultValue = "md") String format,
            @AuthenticationPrincipal LawstatsUser user) {
        int y = year == null || year.isBlank()
                ? ZonedDateTime.now(registry.zone()).getYear()
                : year(year);
        String unitId = unit == null || unit.isBlank() ? access.defaultUnit(user, Role.Right.READ) : unit;
        if (!registry.contains(unitId)) {
            throw new BadRequestException("unknown unit");
        }
        access.require(user, Role.Right.READ, unitId);
        String markdown = report.markdown(y, unitId);
        String name = "法治政府建设情况报告-" + registry.find(unitId).orElseThrow().name() + "-" + y;
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "md" -> file(markdown.getBytes(StandardCharsets.UTF_8), MARKDOWN, name + ".md");
            case "docx" -> file(ReportDocument.docx(markdown), DOCX, name + ".docx");
            default -> throw new BadRequestException("format must be md or docx");
        };
    }

    private static int year(String year) {
        if (!year.strip().matches("\\d{4}")) {
            throw new BadRequestException("year must be YYYY");
        }
        return Integer.parseInt(year.strip());
    }

    private static ResponseEntity<byte[]> file(byte[] body, MediaType type, String fileName) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(body);
    }
}
