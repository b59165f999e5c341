package org.lawstats.aggregator.indicators;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.audit.RecordSubjects;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.Download;
import org.lawstats.aggregator.web.IntegerParameter;
import org.lawstats.aggregator.web.RecordsExport;
import org.lawstats.aggregator.web.UnitParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** {@code /api/v1/indicators}, {@code /api/v1/stats}, {@code /api/v1/stats/breakdown} and {@code /api/v1/stats/records}. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "statistics", description = "the indicators of api.md for a period and a unit subtree")
class StatsController {
    private static final String AS_REPORTED =
            "true: the figures as the lock over the period and unit holds them (api.md § Reporting periods); 404 when"
                    + " none does";
    private static final DateTimeFormatter LOCKED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final String LOCK_VERSION = "with asReported: that version of the lock, in force or lifted";
    private final StatsService stats;
    private final UnitRegistry registry;

    private final UnitAccess access;
    private final AuditTrail audit;

    private final FigureRecords figureRecords;
    private final Clock clock;
    private final ClaimantMasking masking;
    private final AsReported reported;

    StatsController(
            StatsService stats,
            UnitRegistry registry,
            UnitAccess access,
            AuditTrail audit,
            FigureRecords figureRecords,
            Clock clock,
            ClaimantMasking masking,
            AsReported reported) {
        this.reported = reported;
        this.figureRecords = figureRecords;
        this.clock = clock;
        this.masking = masking;
        this.stats = stats;
        this.registry = registry;
        this.access = access;
        this.audit = audit;
    }

    record IndicatorView(
            String id,
            @Schema(description = "Chinese name") String name,
            String nameEn,

            @Schema(allowableValues = {"count", "rate", "sum"})
            String kind) {}

    record StatsView(
            String period,
            String unit,
            @Schema(format = "date-time") String from,

            @Schema(format = "date-time", description = "exclusive")
            String to,

            @Schema(
                    description = "every catalogue id: an exact integer, a rate in [0, 1] (4 decimals), or"
                            + " null when a rate's denominator is 0",
                    additionalPropertiesSchema = Number.class,
                    nullable = true)
            Map<String, Number> values,

            @Schema(format = "date-time", description = "when the values stood so: now, or the lock's time as reported")
            String asOf,

            @Schema(nullable = true, description = "asReported=true: the version of the lock answered from")
            Integer lockVersion,

            @Schema(nullable = true, format = "date-time", description = "asReported=true: when it was locked")
            String reportedAt) {}

    @Operation(summary = "The indicator catalogue, in catalogue order")
    @ApiResponse(
            responseCode = "200",
            description = "the catalogue",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = IndicatorView.class))))
    @GetMapping("/indicators")
    List<IndicatorView> indicators() {
        return stats.catalogue().all().stream()
                .map(i -> new IndicatorView(i.id(), i.name(), i.nameEn(), i.apiKind()))
                .toList();
    }

    @Operation(summary = "Every indicator for a period and a unit subtree")
    @ApiResponse(responseCode = "200", description = "the figures")
    @ApiResponse(
            responseCode = "400",
            description = "a malformed period or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/stats")
    StatsView stats(
            @Parameter(
                            description = ApiDocs.PERIOD,
                            schema = @Schema(pattern = ApiDocs.PERIOD_PATTERN, example = "2024-Q4"))
                    @RequestParam(name = "period", required = false)
                    String period,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @Parameter(description = ApiDocs.TODATE) @RequestParam(name = "todate", defaultValue = "false")
                    boolean toDate,
            @Parameter(description = AS_REPORTED) @RequestParam(name = "asReported", defaultValue = "false")
                    boolean asReported,
            @Parameter(description = LOCK_VERSION) @RequestParam(name = "lockVersion", required = false)
                    String lockVersion,
            @AuthenticationPrincipal LawstatsUser user) {
        Period p = period(period, toDate);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        Optional<AsReported.Report> report = reported.asked(asReported, lockVersion, toDate, p, unitId);
        Map<String, Number> values = report.isPresent()
                ? stats.computeOver(report.get().basis(), p, registry.subtree(unitId))
                : stats.compute(p, unitId, FiguresView.Scope.SUBTREE);
        return new StatsView(
                p.label(),
                unitId,
                iso(p.from().toOffsetDateTime()),
                iso(p.to().toOffsetDateTime()),
                values,
                // As reported, the values stand as they did at the lock, whenever and wherever they are asked.
                iso(OffsetDateTime.ofInstant(
                        report.map(AsReported.Report::reportedAt).orElseGet(clock::instant), registry.zone())),
                report.map(AsReported.Report::lockVersion).orElse(null),
                reportedAt(report));
    }

    @Operation(
            summary = "Every indicator computed by searches over the stored events (admins)",
            description = "The same definitions as /stats, evaluated by Elasticsearch instead of the aggregation's"
                    + " published figures: a check that both agree (scope self: the unit's own events).")
    @GetMapping("/admin/stats/search")
    Map<String, Number> searched(
            @RequestParam(name = "period", required = false) String period,
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "scope", defaultValue = "subtree") String scope,
            @AuthenticationPrincipal LawstatsUser user) {
        Period p = period(period, false);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        List<String> units = units(unitId, scope);
        return stats.computeFromSearch(p, units);
    }

    @Operation(
            summary = "The unit's own row, one row per child subtree, and the total",
            description = "JSON; CSV (UTF-8 with BOM, last line TOTAL) with format=csv or Accept: text/csv; Excel"
                    + " with format=xlsx. A CSV or Excel file is an export, recorded in the audit trail.")
    @ApiResponse(
            responseCode = "200",
            description = "the breakdown",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = Breakdown.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(
                        mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @Schema(type = "string", format = "binary"))
            })
    @ApiResponse(
            responseCode = "400",
            description = "a malformed period or format, or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/stats/breakdown")
    ResponseEntity<?> breakdown(
            @Parameter(
                            description = ApiDocs.PERIOD,
                            schema = @Schema(pattern = ApiDocs.PERIOD_PATTERN, example = "2024-Q4"))
                    @RequestParam(name = "period", required = false)
                    String period,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @Parameter(
                            description = "json (default), csv or xlsx; wins over Accept",
                            schema = @Schema(allowableValues = {"json", "csv", "xlsx"}))
                    @RequestParam(name = "format", required = false)
                    String format,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @Parameter(description = ApiDocs.TODATE) @RequestParam(name = "todate", defaultValue = "false")
                    boolean toDate,
            @Parameter(description = AS_REPORTED) @RequestParam(name = "asReported", defaultValue = "false")
                    boolean asReported,
            @Parameter(description = LOCK_VERSION) @RequestParam(name = "lockVersion", required = false)
                    String lockVersion,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        Period p = period(period, toDate);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        String as = Download.format(format, accept);
        Optional<AsReported.Report> report = reported.asked(asReported, lockVersion, toDate, p, unitId);
        BiFunction<String, FiguresView.Scope, Map<String, Number>> figures = report.isPresent()
                ? (id, scope) -> stats.computeOver(
                        report.get().basis(), p, scope == FiguresView.Scope.SELF ? List.of(id) : registry.subtree(id))
                : (id, scope) -> stats.compute(p, id, scope);
        UnitRegistry.Unit self = registry.find(unitId).orElseThrow();
        List<UnitRegistry.Unit> children = registry.children(unitId);
        List<Map<String, Number>> values = new ArrayList<>();
        values.add(figures.apply(self.id(), FiguresView.Scope.SELF));
        children.forEach(child -> values.add(figures.apply(child.id(), FiguresView.Scope.SUBTREE)));
        values.add(figures.apply(unitId, FiguresView.Scope.SUBTREE));
        List<Breakdown.Row> rows = new ArrayList<>();
        rows.add(new Breakdown.Row(self.id(), self.name(), "self", values.get(0)));
        for (int i = 0; i < children.size(); i++) {
            UnitRegistry.Unit child = children.get(i);
            rows.add(new Breakdown.Row(child.id(), child.name(), "subtree", values.get(i + 1)));
        }
        Breakdown breakdown = new Breakdown(
                p.label(),
                unitId,
                rows,
                new Breakdown.Total(values.get(values.size() - 1)),
                report.map(AsReported.Report::lockVersion).orElse(null),
                reportedAt(report));
        // A table as reported says which lock it is in the file itself: in its total row's name, and in its name.
        String totalName = report.map(r -> self.name() + "（报送版本" + r.lockVersion() + "，锁定于"
                        + LOCKED_AT.format(r.reportedAt().atZone(registry.zone())) + "）")
                .orElse(self.name());
        String fileName = "lawstats-" + unitId + "-" + p.label()
                + report.map(AsReported.Report::fileSuffix).orElse("");
        if (!as.equals("json")) {
            audit.record(
                    user,
                    request.getRemoteAddr(),
                    "export.breakdown",
                    unitId,
                    List.of(fileName + "." + as),
                    Map.of("period", p.label(), "format", as));
        }
        return switch (as) {
            case "csv" ->
                Download.file(BreakdownCsv.write(breakdown, ids(), totalName), Download.CSV, fileName + ".csv");
            case "xlsx" ->
                Download.file(
                        BreakdownWorkbook.write(breakdown, stats.catalogue().all(), totalName),
                        Download.XLSX,
                        fileName + ".xlsx");
            default ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(breakdown);
        };
    }

    record RecordsView(
            String indicator,
            String period,
            String unit,

            @Schema(nullable = true, description = "numerator or denominator, for a rate")
            String part,

            @Schema(description = "how many records there are in all: the figure (or the rate's part)")
            long total,

            @Schema(
                    description = "events (the contract's JSON, latest revision), persons ({personId, events}), or"
                            + " for disclosure.overdue the requests' time limits")
            List<Map<String, Object>> items,

            @Schema(nullable = true, description = "asReported=true: the version of the lock answered from")
            Integer lockVersion,

            @Schema(nullable = true, format = "date-time", description = "asReported=true: when it was locked")
            String reportedAt) {}

    @Operation(
            summary = "The records behind a figure",
            description = "The counted events of a count or sum; one item per person of a distinct count; the"
                    + " requests of disclosure.pending and disclosure.overdue; part=numerator|denominator for a"
                    + " rate. total = the figure. The rights and the claimant masking of the figure's own data;"
                    + " format=csv|xlsx exports all of them (recorded in the audit trail).")
    @ApiResponse(
            responseCode = "200",
            description = "a page of records (JSON), or all of them as CSV or Excel",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = RecordsView.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(
                        mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @Schema(type = "string", format = "binary"))
            })
    @ApiResponse(
            responseCode = "400",
            description = "an unknown indicator, a rate without its part, a malformed period, an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "413",
            description = "an export (format=csv|xlsx) of more records than one export holds (lawstats.records"
                    + ".max-export-rows, 100,000): the message says how to narrow the question",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/stats/records")
    ResponseEntity<?> records(
            @RequestParam(name = "indicator", required = false) String indicator,
            @Parameter(
                            description = ApiDocs.PERIOD,
                            schema = @Schema(pattern = ApiDocs.PERIOD_PATTERN, example = "2024-Q4"))
                    @RequestParam(name = "period", required = false)
                    String period,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @RequestParam(name = "part", required = false) String part,
            @RequestParam(name = "page", required = false, defaultValue = "0") String page,
            @RequestParam(name = "size", required = false, defaultValue = "50") String size,
            @Parameter(description = ApiDocs.TODATE) @RequestParam(name = "todate", defaultValue = "false")
                    boolean toDate,
            @Parameter(
                            description = "subtree (default), or self: the unit's own events only, as the breakdown's"
                                    + " self row",
                            schema = @Schema(allowableValues = {"subtree", "self"}))
                    @RequestParam(name = "scope", defaultValue = "subtree")
                    String scope,
            @Parameter(schema = @Schema(allowableValues = {"json", "csv", "xlsx"}))
                    @RequestParam(name = "format", required = false)
                    String format,
            @Parameter(description = AS_REPORTED) @RequestParam(name = "asReported", defaultValue = "false")
                    boolean asReported,
            @Parameter(description = LOCK_VERSION) @RequestParam(name = "lockVersion", required = false)
                    String lockVersion,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        if (indicator == null || indicator.isBlank()) {
            throw new BadRequestException("indicator is required (one of GET /api/v1/indicators)");
        }
        Indicator asked = stats.catalogue()
                .find(indicator.strip())
                .orElseThrow(() ->
                        new BadRequestException("unknown indicator '" + BadRequestException.quoted(indicator) + "'"));
        Indicator.Base base;
        try {
            base = FigureRecords.base(asked, part == null ? null : part.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        Period p = period(period, toDate);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        List<String> units = units(unitId, scope);
        String as = Download.format(format, null);
        Optional<AsReported.Report> report = reported.asked(asReported, lockVersion, toDate, p, unitId);
        FigureRecords figureRecords =
                report.map(r -> this.figureRecords.over(r.basis())).orElse(this.figureRecords);
        if (as.equals("json")) {
            int pageNumber = IntegerParameter.parse("page", page, 0, Integer.MAX_VALUE);
            int pageSize = IntegerParameter.parse("size", size, 1, 1000);
            if ((long) pageNumber * pageSize + pageSize > FigureRecords.MAX_WINDOW) {
                throw new BadRequestException("page and size reach past the first " + FigureRecords.MAX_WINDOW
                        + " records: export them all with format=csv or xlsx");
            }
            FigureRecords.Page records = figureRecords.page(base, p, units, pageNumber, pageSize);
            masking.mask(records.items(), user);
            if (units.stream().anyMatch(u -> access.seesClaimant(user, u))) { // personal data read in full
                audit.record(
                        user,
                        request.getRemoteAddr(),
                        "records.read",
                        unitId,
                        auditScope(scope),
                        records.items().size(),
                        RecordSubjects.of(records.items()),
                        Map.of(
                                "indicator",
                                asked.id(),
                                "period",
                                p.label(),
                                "page",
                                Integer.toString(pageNumber),
                                "size",
                                Integer.toString(pageSize)));
            }
            return ResponseEntity.ok(new RecordsView(
                    asked.id(),
                    p.label(),
                    unitId,
                    asked instanceof Indicator.Rate ? part.strip() : null,
                    records.total(),
                    RecordsExport.maps(records.items()),
                    report.map(AsReported.Report::lockVersion).orElse(null),
                    reportedAt(report)));
        }
        // Past the export's row cap before a record is kept: 413 (ApiExceptionHandler), the kept rows deleted.
        RecordsExport export = RecordsExport.forThisRequest();
        List<ObjectNode> batch = new ArrayList<>();
        List<String> held = new ArrayList<>(); // which records the export holds, for the audit trail
        long[] count = {0};
        figureRecords.each(base, p, units, record -> {
            held.addAll(RecordSubjects.of(record));
            count[0]++;
            batch.add(record);
            if (batch.size() == 1000) {
                masking.mask(batch, user);
                batch.forEach(export::add);
                batch.clear();
            }
        });
        masking.mask(batch, user);
        batch.forEach(export::add);
        String fileName = "lawstats-" + asked.id() + (asked instanceof Indicator.Rate ? "-" + part.strip() : "") + "-"
                + unitId + "-" + p.label()
                + report.map(AsReported.Report::fileSuffix).orElse("");
        audit.record(
                user,
                request.getRemoteAddr(),
                "export.records",
                unitId,
                auditScope(scope),
                count[0],
                held,
                Map.of("indicator", asked.id(), "period", p.label(), "format", as, "file", fileName + "." + as));
        return as.equals("csv")
                ? Download.write(response, Download.CSV, fileName + ".csv", export::writeCsv)
                : Download.write(response, Download.XLSX, fileName + ".xlsx", out -> export.writeXlsx(asked.id(), out));
    }

    /**
     * {@code asReported=true} (api.md § Reporting periods): the lock over the period and unit, the one in force or of
     * {@code lockVersion}; 404 when there is none.
     */
    /** When the lock answered from was made, in the registry's zone; null for a live answer. */
    private String reportedAt(Optional<AsReported.Report> report) {
        return report.map(r -> r.reportedAt(registry.zone())).orElse(null);
    }

    private static AuditTrail.Scope auditScope(String scope) {
        return scope.equals("self") ? AuditTrail.Scope.UNIT : AuditTrail.Scope.SUBTREE;
    }

    /** The units of a question's {@code scope}: the unit's own events ({@code self}) or its subtree's. */
    private List<String> units(String unitId, String scope) {
        return switch (scope) {
            case "self" -> List.of(unitId);
            case "subtree" -> registry.subtree(unitId);
            default -> throw new BadRequestException("scope must be self or subtree");
        };
    }

    private List<String> ids() {
        return stats.catalogue().all().stream().map(Indicator::id).toList();
    }

    /**
     * {@code todate=true} (an extension of api.md) cuts the period at today's month and day in the registry's zone,
     * so that the dashboard can compare a year to date with the same span of last year.
     */
    private Period period(String period, boolean toDate) {
        return PeriodParameter.resolve(period, toDate, registry.zone(), clock);
    }

    private static String iso(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
}
