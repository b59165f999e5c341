package org.lawstats.aggregator.completeness;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.PeriodParameter;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.Download;
import org.lawstats.aggregator.web.RecordsExport;
import org.lawstats.aggregator.web.UnitParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/completeness}: who has reported in a period, unit by unit, so that the office sees who has not. */
@RestController
@Tag(name = "statistics")
class CompletenessController {
    private final Completeness completeness;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final Clock clock;
    private final AuditTrail audit;

    CompletenessController(
            Completeness completeness, UnitRegistry registry, UnitAccess access, Clock clock, AuditTrail audit) {
        this.clock = clock;
        this.completeness = completeness;
        this.registry = registry;
        this.access = access;
        this.audit = audit;
    }

    record CompletenessView(String period, String unit, List<Completeness.Row> rows) {}

    @Operation(
            summary = "Who has reported: each unit of the subtree with its own counted events of the period per family",
            description = "One row per unit (itself and every descendant, in the registry's order); families"
                    + " training, disclosure, cases, activities with {events, lastEventAt}; silent: the families"
                    + " with no counted event in the period. A CSV or Excel file is an export, recorded in the audit"
                    + " trail.")
    @ApiResponse(
            responseCode = "200",
            description = "the rows (JSON), or as CSV or Excel",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = CompletenessView.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(
                        mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @Schema(type = "string", format = "binary"))
            })
    @ApiResponse(
            responseCode = "400",
            description = "a malformed period or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/completeness")
    ResponseEntity<?> completeness(
            @Parameter(
                            description = ApiDocs.PERIOD,
                            schema = @Schema(pattern = ApiDocs.PERIOD_PATTERN, example = "2024-Q4"))
                    @RequestParam(name = "period", required = false)
                    String period,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @Parameter(
                            description = "our extension: csv or xlsx exports the rows",
                            schema = @Schema(allowableValues = {"json", "csv", "xlsx"}))
                    @RequestParam(name = "format", required = false)
                    String format,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        Period p = PeriodParameter.resolve(period, false, registry.zone(), clock);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        List<Completeness.Row> rows = completeness.of(p, unitId);
        String as = Download.format(format, null);
        if (as.equals("json")) {
            return ResponseEntity.ok(new CompletenessView(p.label(), unitId, rows));
        }
        RecordsExport export = new RecordsExport();
        for (Completeness.Row row : rows) {
            var line = JSON.createObjectNode();
            line.put("unitId", row.unitId());
            line.put("unitName", row.unitName());
            row.families().forEach((family, seen) -> {
                line.put(family + ".events", seen.events());
                line.put(family + ".lastEventAt", seen.lastEventAt());
            });
            line.put("silent", String.join(" ", row.silent()));
            export.add(line);
        }
        String fileName = "lawstats-completeness-" + unitId + "-" + p.label() + "." + as;
        audit.record(
                user,
                request.getRemoteAddr(),
                "export.completeness",
                unitId,
                AuditTrail.Scope.SUBTREE,
                rows.size(),
                rows.stream().map(Completeness.Row::unitId).toList(),
                Map.of("period", p.label(), "format", as, "file", fileName));
        return as.equals("csv")
                ? Download.file(export.csv(), Download.CSV, fileName)
                : Download.file(export.xlsx("completeness " + p.label()), Download.XLSX, fileName);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
}
