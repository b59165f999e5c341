package org.lawstats.aggregator.web;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/indicators}, {@code /api/v1/stats} and {@code /api/v1/stats/breakdown}. */
@RestController
@RequestMapping("/api/v1")
class StatsController {
    private final StatsService stats;
    private final UnitRegistry registry;

    private final UnitAccess access;

    StatsController(StatsService stats, UnitRegistry registry, UnitAccess access) {
        this.stats = stats;
        this.registry = registry;
        this.access = access;
    }

    record IndicatorView(String id, String name, String nameEn, String kind) {}

    record StatsView(String period, String unit, String from, String to, Map<String, Number> values, String asOf) {}

    @GetMapping("/indicators")
    List<IndicatorView> indicators() {
        return stats.catalogue().all().stream()
                .map(i ->
                        new IndicatorView(i.id(), i.name(), i.nameEn(), i.kind().apiKind()))
                .toList();
    }

    @GetMapping("/stats")
    StatsView stats(
            @RequestParam(name = "period", required = false) String period,
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "todate", defaultValue = "false") boolean toDate,
            @AuthenticationPrincipal LawstatsUser user) {
        Period p = period(period, toDate);
        String unitId = unit(unit, user);
        Map<String, Number> values = stats.compute(p, registry.subtree(unitId));
        return new StatsView(
                p.label(),
                unitId,
                iso(p.from().toOffsetDateTime()),
                iso(p.to().toOffsetDateTime()),
                values,
                iso(OffsetDateTime.now(registry.zone())));
    }

    @GetMapping("/stats/breakdown")
    ResponseEntity<?> breakdown(
            @RequestParam(name = "period", required = false) String period,
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "format", required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestParam(name = "todate", defaultValue = "false") boolean toDate,
            @AuthenticationPrincipal LawstatsUser user) {
        Period p = period(period, toDate);
        String unitId = unit(unit, user);
        String as = format(format, accept);
        UnitRegistry.Unit self = registry.find(unitId).orElseThrow();
        List<UnitRegistry.Unit> children = registry.children(unitId);
        List<List<String>> scopes = new ArrayList<>();
        scopes.add(List.of(self.id()));
        children.forEach(child -> scopes.add(registry.subtree(child.id())));
        scopes.add(registry.subtree(unitId));
        List<Map<String, Number>> values = stats.computeEach(p, scopes);
        List<Breakdown.Row> rows = new ArrayList<>();
        rows.add(new Breakdown.Row(self.id(), self.name(), "self", values.get(0)));
        for (int i = 0; i < children.size(); i++) {
            UnitRegistry.Unit child = children.get(i);
            rows.add(new Breakdown.Row(child.id(), child.name(), "subtree", values.get(i + 1)));
        }
        Breakdown breakdown =
                new Breakdown(p.label(), unitId, rows, new Breakdown.Total(values.get(values.size() - 1)));
        String fileName = "lawstats-" + unitId + "-" + p.label();
        return switch (as) {
            case "csv" ->
                ResponseEntity.ok()
                        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName + ".csv"))
                        .body(BreakdownCsv.write(breakdown, ids(), self.name()));
            case "xlsx" ->
                ResponseEntity.ok()
                        .contentType(XLSX)
                        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName + ".xlsx"))
                        .body(BreakdownWorkbook.write(
                                breakdown, stats.catalogue().all(), self.name()));
            default ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(breakdown);
        };
    }

    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private List<String> ids() {
        return stats.catalogue().all().stream().map(Indicator::id).toList();
    }

    /** {@code format=json|csv|xlsx} wins; otherwise {@code Accept: text/csv} asks for CSV. */
    private static String format(String format, String accept) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase(java.util.Locale.ROOT);
            if (!List.of("json", "csv", "xlsx").contains(f)) {
                throw new BadRequestException("format must be json, csv or xlsx");
            }
            return f;
        }
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv") ? "csv" : "json";
    }

    private static String attachment(String fileName) {
        return ContentDisposition.attachment()
                .filename(fileName, StandardCharsets.UTF_8)
                .build()
                .toString();
    }

    /**
     * {@code todate=true} (an extension of api.md) cuts the period at today's month and day in the registry's zone,
     * so that the dashboard can compare a year to date with the same span of last year.
     */
    private Period period(String period, boolean toDate) {
        Period p = period == null || period.isBlank()
                ? Period.currentYear(registry.zone())
                : Period.parse(period.strip(), registry.zone());
        return toDate ? p.toDate(java.time.LocalDate.now(registry.zone())) : p;
    }

    /** The unit asked for (400 if unknown, 403 outside a clerk's subtree), by default the user's own or the root. */
    private String unit(String unit, LawstatsUser user) {
        if (unit == null || unit.isBlank()) {
            return access.defaultUnit(user, Role.Right.READ);
        }
        if (!registry.contains(unit)) {
            throw new BadRequestException("unknown unit '" + abbreviate(unit) + "'");
        }
        access.require(user, Role.Right.READ, unit);
        return unit;
    }

    // Echoing a hostile parameter back in full would let a caller fill logs and responses with it.
    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
    }

    private static String iso(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
}
