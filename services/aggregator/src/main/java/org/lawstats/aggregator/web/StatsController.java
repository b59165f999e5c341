package org.lawstats.aggregator.web;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/indicators} and {@code /api/v1/stats}. */
@RestController
@RequestMapping("/api/v1")
class StatsController {
    private final StatsService stats;
    private final UnitRegistry registry;

    StatsController(StatsService stats, UnitRegistry registry) {
        this.stats = stats;
        this.registry = registry;
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
            @RequestParam(name = "unit", required = false) String unit) {
        Period p = period(period);
        String unitId = unit(unit);
        Map<String, Number> values = stats.compute(p, registry.subtree(unitId));
        return new StatsView(
                p.label(),
                unitId,
                iso(p.from().toOffsetDateTime()),
                iso(p.to().toOffsetDateTime()),
                values,
                iso(OffsetDateTime.now(registry.zone())));
    }

    private Period period(String period) {
        return period == null || period.isBlank()
                ? Period.currentYear(registry.zone())
                : Period.parse(period.trim(), registry.zone());
    }

    private String unit(String unit) {
        if (unit == null || unit.isBlank()) {
            return registry.root().id();
        }
        if (!registry.contains(unit)) {
            throw new BadRequestException("unknown unit '" + abbreviate(unit) + "'");
        }
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
