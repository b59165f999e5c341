package org.lawstats.aggregator.reports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.indicators.AsReported;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.Download;
import org.lawstats.aggregator.web.UnitParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/reports/annual?year=&unit=&format=docx|md}. */
@RestController
@Tag(name = "reports", description = "the annual rule-of-law government report (法治政府建设情况报告)")
class ReportController {
    private static final MediaType DOCX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    private static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

    private final AnnualReport report;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final AuditTrail audit;
    private final Clock clock;
    private final AsReported reported;

    ReportController(
            AnnualReport report,
            UnitRegistry registry,
            UnitAccess access,
            AuditTrail audit,
            Clock clock,
            AsReported reported) {
        this.clock = clock;
        this.reported = reported;
        this.report = report;
        this.registry = registry;
        this.access = access;
        this.audit = audit;
    }

    @Operation(
            summary = "The statistics part of the unit's annual report, every figure filled from the indicators",
            description = "Markdown or a Word document; an export, recorded in the audit trail.")
    @ApiResponse(
            responseCode = "200",
            description = "the report",
            content = {
                @Content(mediaType = "text/markdown", schema = @Schema(type = "string")),
                @Content(
                        mediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        schema = @Schema(type = "string", format = "binary"))
            })
    @ApiResponse(
            responseCode = "400",
            description = "a malformed year or format, or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/reports/annual")
    ResponseEntity<byte[]> annual(
            @Parameter(description = "YYYY; default: this year", schema = @Schema(pattern = "^[0-9]{4}$"))
                    @RequestParam(name = "year", required = false)
                    String year,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {"md", "docx"},
                                            defaultValue = "md"))
                    @RequestParam(name = "format", required = false, defaultValue = "md")
                    String format,
            @Parameter(
                            description =
                                    "true: the report from the year's lock, saying when it was locked; 404 without one")
                    @RequestParam(name = "asReported", defaultValue = "false")
                    boolean asReported,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        int y = year == null || year.isBlank()
                ? LocalDate.ofInstant(clock.instant(), registry.zone()).getYear()
                : year(year);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        String as = format.strip().toLowerCase(Locale.ROOT);
        if (!as.equals("md") && !as.equals("docx")) {
            throw new BadRequestException("format must be md or docx");
        }
        AsReported.Report lock =
                asReported ? reported.require(Period.parse(Integer.toString(y), registry.zone()), unitId, null) : null;
        String markdown = report.markdown(y, unitId, lock);
        String name = "法治政府建设情况报告-" + registry.find(unitId).orElseThrow().name() + "-" + y
                + (lock == null ? "" : "-报送版本" + lock.lockVersion());
        audit.record(
                user,
                request.getRemoteAddr(),
                "export.report",
                unitId,
                List.of(name + "." + as),
                Map.of("year", Integer.toString(y), "format", as));
        return as.equals("md")
                ? Download.file(markdown.getBytes(StandardCharsets.UTF_8), MARKDOWN, name + ".md")
                : Download.file(ReportDocument.docx(markdown), DOCX, name + ".docx");
    }

    private static int year(String year) {
        if (!year.strip().matches("\\d{4}")) {
            throw new BadRequestException("year must be YYYY");
        }
        return Integer.parseInt(year.strip());
    }
}
