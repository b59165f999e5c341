package org.lawstats.aggregator.counsel;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.imports.LedgerImport;
import org.lawstats.aggregator.indicators.AsReported;
import org.lawstats.aggregator.indicators.FigureRecords;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.PeriodParameter;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.Download;
import org.lawstats.aggregator.web.IntegerParameter;
import org.lawstats.aggregator.web.RecordsExport;
import org.lawstats.aggregator.web.UnitParameter;
import org.lawstats.contract.EventType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legal counsel's quarterly statistics (api.md {@code GET /api/v1/counsel}), what stands behind each row, and
 * the office's assessment of them (our extensions). Rights as for statistics.
 */
@RestController
@Tag(name = "statistics")
class CounselController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The longest counsel id asked for: the contract's ids are opaque, and a query is bounded before it is sent. */
    private static final int MAX_COUNSEL_ID = 4000;

    private final CounselTable table;
    private final CounselRecords records;
    private final AssessmentSheet sheet;
    private final LedgerImport ledgers;
    private final AsReported reported;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final AuditTrail audit;
    private final Clock clock;

    CounselController(
            CounselTable table,
            CounselRecords records,
            AssessmentSheet sheet,
            LedgerImport ledgers,
            AsReported reported,
            UnitRegistry registry,
            UnitAccess access,
            AuditTrail audit,
            Clock clock) {
        this.table = table;
        this.records = records;
        this.sheet = sheet;
        this.ledgers = ledgers;
        this.reported = reported;
        this.registry = registry;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    record CounselView(
            String period,
            String unit,
            List<CounselTable.Row> rows,

            @Schema(nullable = true, description = "asReported=true: the version of the lock answered from")
            Integer lockVersion,

            @Schema(nullable = true, format = "date-time", description = "asReported=true: when it was locked")
            String reportedAt) {}

    record AssessmentView(
            String period,
            String unit,

            @Schema(description = "points per piece of work, by work kind (config/counsel.yml)")
            Map<String, BigDecimal> weights,

            @Schema(description = "from the highest: the least score over this period that earns each grade")
            List<AssessmentSheet.Threshold> grades,

            List<AssessedRow> rows,

            @Schema(description = "the Chinese words of counselKind and work, as the ledger of config/imports says")
            Map<String, Map<String, String>> words,

            @Schema(nullable = true) Integer lockVersion,
            @Schema(nullable = true, format = "date-time") String reportedAt) {}

    record AssessedRow(
            String counselId,
            String counselKind,
            String unitId,
            String unitName,
            Map<String, Long> work,
            long total,
            BigDecimal score,
            String grade) {}

    /** The question every endpoint here asks: a period, a unit the caller may read, live or from a lock. */
    private record Asked(Period period, String unitId, Optional<AsReported.Report> report) {
        List<CounselTable.Row> rows(CounselTable table, UnitRegistry registry) {
            return report.map(r -> table.over(r.basis().events(), period, registry.subtree(unitId)))
                    .orElseGet(() -> table.of(period, registry.subtree(unitId)));
        }

        Integer lockVersion() {
            return report.map(AsReported.Report::lockVersion).orElse(null);
        }

        String reportedAt(UnitRegistry registry) {
            return report.map(r -> r.reportedAt(registry.zone())).orElse(null);
        }

        String fileSuffix() {
            return report.map(AsReported.Report::fileSuffix).orElse("");
        }
    }

    private Asked ask(String period, String unit, boolean asReported, String lockVersion, LawstatsUser user) {
        Period p = PeriodParameter.resolve(period, false, registry.zone(), clock);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        return new Asked(p, unitId, reported.asked(asReported, lockVersion, false, p, unitId));
    }

    @Operation(
            summary = "The legal counsel's statistics: one row per unit and counsel, every work kind, busiest first",
            description = "api.md: the counted counsel.served of the period in the unit's subtree, one row per"
                    + " (unitId, counselId), every work kind present (0 when none), the largest total first (then"
                    + " unitId, counselId). counselKind: the kind most of the row's events say. asReported=true"
                    + " answers from the lock over the period (404 without one). A CSV or Excel file is an export,"
                    + " recorded in the audit trail.")
    @ApiResponse(
            responseCode = "200",
            description = "the rows (JSON), or as CSV or Excel",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = CounselView.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(
                        mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @Schema(type = "string", format = "binary"))
            })
    @ApiResponse(
            responseCode = "400",
            description = "a malformed period, format or lock version, or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "404",
            description = "asReported=true and no lock covers the period and unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "413",
            description = "more rows than lawstats.counsel.max-rows",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/counsel")
    ResponseEntity<?> counsel(
            @Parameter(
                            description = ApiDocs.PERIOD,
                            schema = @Schema(pattern = ApiDocs.PERIOD_PATTERN, example = "2024-Q4"))
                    @RequestParam(name = "period", required = false)
                    String period,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @Parameter(
                            description = "csv or xlsx exports the rows",
                            schema = @Schema(allowableValues = {"json", "csv", "xlsx"}))
                    @RequestParam(name = "format", required = false)
                    String format,
            @Parameter(description = "answer from the lock over the period (api.md § Reporting periods)")
                    @RequestParam(name = "asReported", defaultValue = "false")
                    boolean asReported,
            @Parameter(description = "with asReported: the lock of this version", schema = @Schema(type = "integer"))
                    @RequestParam(name = "lockVersion", required = false)
                    String lockVersion,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        String as = Download.format(format, null);
        Asked asked = ask(period, unit, asReported, lockVersion, user);
        List<CounselTable.Row> rows = asked.rows(table, registry);
        if (as.equals("json")) {
            return ResponseEntity.ok(new CounselView(
                    asked.period().label(), asked.unitId(), rows, asked.lockVersion(), asked.reportedAt(registry)));
        }
        RecordsExport export = new RecordsExport();
        rows.forEach(row ->
                export.add(line(row.unitId(), null, row.counselId(), row.counselKind(), row.work(), row.total())));
        return export(export, "counsel", asked, rows.size(), as, user, request);
    }

    @Operation(
            summary = "The office's assessment of its counsel over a period: each counsel's score and grade",
            description = "Our extension: the counsel table's rows, each with its score (the weights of"
                    + " config/counsel.yml times its counts) and the highest grade it reaches; a quarter's thresholds"
                    + " as configured, a year's four times, a month's a third. The counts are the table's; only the"
                    + " weights and grades are the office's. CSV or Excel as for the table.")
    @ApiResponse(
            responseCode = "200",
            description = "the assessment (JSON), or as CSV or Excel",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssessmentView.class)))
    @ApiResponse(
            responseCode = "400",
            description = "a malformed period, format or lock version, or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/counsel/assessment")
    ResponseEntity<?> assessment(
            @RequestParam(name = "period", required = false) String period,
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "format", required = false) String format,
            @RequestParam(name = "asReported", defaultValue = "false") boolean asReported,
            @RequestParam(name = "lockVersion", required = false) String lockVersion,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        String as = Download.format(format, null);
        Asked asked = ask(period, unit, asReported, lockVersion, user);
        List<AssessedRow> rows = sheet.assess(asked.rows(table, registry), asked.period()).stream()
                .map(a -> new AssessedRow(
                        a.row().counselId(),
                        a.row().counselKind(),
                        a.row().unitId(),
                        registry.find(a.row().unitId())
                                .map(u -> u.name())
                                .orElse(a.row().unitId()),
                        a.row().work(),
                        a.row().total(),
                        a.score(),
                        a.grade()))
                .toList();
        if (as.equals("json")) {
            return ResponseEntity.ok(new AssessmentView(
                    asked.period().label(),
                    asked.unitId(),
                    sheet.weights(),
                    sheet.thresholds(asked.period()),
                    rows,
                    words(),
                    asked.lockVersion(),
                    asked.reportedAt(registry)));
        }
        RecordsExport export = new RecordsExport();
        for (AssessedRow row : rows) {
            ObjectNode line =
                    line(row.unitId(), row.unitName(), row.counselId(), row.counselKind(), row.work(), row.total());
            line.put("score", row.score());
            line.put("grade", row.grade());
            export.add(line);
        }
        return export(export, "counsel-assessment", asked, rows.size(), as, user, request);
    }

    @Operation(
            summary = "One counsel's counted work in one unit and period, oldest first, paged",
            description = "Our extension: what a row of the counsel table stands for (the unit's own events, not its"
                    + " subtree's), with the work kind and the file or matter (ref) of each.")
    @ApiResponse(
            responseCode = "400",
            description = "a malformed period, page or size, no counselId, or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/counsel/records")
    CounselRecords.Page work(
            @RequestParam(name = "period", required = false) String period,
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "counselId", required = false) String counselId,
            @RequestParam(name = "page", defaultValue = "0") String page,
            @RequestParam(name = "size", defaultValue = "50") String size,
            @RequestParam(name = "asReported", defaultValue = "false") boolean asReported,
            @RequestParam(name = "lockVersion", required = false) String lockVersion,
            @AuthenticationPrincipal LawstatsUser user) {
        if (counselId == null || counselId.isBlank() || counselId.length() > MAX_COUNSEL_ID) {
            throw new BadRequestException(
                    "counselId is required (a counsel of the table), at most " + MAX_COUNSEL_ID + " characters");
        }
        int pageNumber = IntegerParameter.parse("page", page, 0, Integer.MAX_VALUE);
        int pageSize = IntegerParameter.parse("size", size, 1, 200);
        if ((long) (pageNumber + 1) * pageSize > FigureRecords.MAX_WINDOW) {
            throw new BadRequestException(
                    "page and size reach past the first " + FigureRecords.MAX_WINDOW + " records: narrow the period");
        }
        Asked asked = ask(period, unit, asReported, lockVersion, user);
        return records.of(
                asked.report().map(r -> r.basis().events()).orElse(null),
                asked.period(),
                asked.unitId(),
                counselId,
                pageNumber,
                pageSize);
    }

    /** The words the ledger shows for the counsel's enumerations: one definition, the clerk's and the office's. */
    private Map<String, Map<String, String>> words() {
        Map<String, Map<String, String>> words = new LinkedHashMap<>();
        ledgers.spec().ledger(EventType.COUNSEL_SERVED).orElseThrow().columns().stream()
                .filter(column -> column.values() != null && !column.values().isEmpty())
                .forEach(column -> words.put(column.field(), column.values()));
        return words;
    }

    /** One row of an export: the table's columns, the unit's name after its id when the file has it. */
    private static ObjectNode line(
            String unitId, String unitName, String counselId, String counselKind, Map<String, Long> work, long total) {
        ObjectNode line = JSON.createObjectNode();
        line.put("unitId", unitId);
        if (unitName != null) {
            line.put("unitName", unitName);
        }
        line.put("counselId", counselId);
        line.put("counselKind", counselKind);
        work.forEach(line::put);
        line.put("total", total);
        return line;
    }

    private ResponseEntity<?> export(
            RecordsExport export,
            String what,
            Asked asked,
            int rows,
            String as,
            LawstatsUser user,
            HttpServletRequest request) {
        String fileName = "lawstats-" + what + "-" + asked.unitId() + "-"
                + asked.period().label() + asked.fileSuffix() + "." + as;
        audit.record(
                user,
                request.getRemoteAddr(),
                "export." + what,
                asked.unitId(),
                AuditTrail.Scope.SUBTREE,
                rows,
                List.of(asked.unitId()),
                Map.of("period", asked.period().label(), "format", as, "file", fileName));
        return as.equals("csv")
                ? Download.file(export.csv(), Download.CSV, fileName)
                : Download.file(export.xlsx(what + " " + asked.period().label()), Download.XLSX, fileName);
    }
}
