package org.lawstats.aggregator.indicators;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lawstats.aggregator.registry.UnitRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures as the aggregation topology publishes them ({@code lawstats.figures}, ADR 15), held whole by every
 * instance: per unit and month, the counts and sums (which a question adds up over its units and months); per
 * indicator, scope, unit and period, the distinct counts (which do not add up, so the topology counts each cell, and
 * publishes a year's cells in one record).
 * A question is answered from memory, exactly, for any unit and any month, quarter or year.
 */
@org.springframework.stereotype.Component
public final class FiguresView {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A unit's own events ({@code self}, a breakdown's first row), or those of its whole subtree. */
    public enum Scope {
        SELF("self"),
        SUBTREE("subtree");

        private final String key;

        Scope(String key) {
            this.key = key;
        }
    }

    private final IndicatorCatalogue catalogue;
    private final UnitRegistry registry;
    private final ZoneId zone;
    private final Map<String, Map<YearMonth, Map<String, Long>>> unitMonths = new ConcurrentHashMap<>();
    private final Map<String, Long> cells = new ConcurrentHashMap<>();

    public FiguresView(IndicatorCatalogue catalogue, UnitRegistry registry) {
        this.catalogue = catalogue;
        this.registry = registry;
        this.zone = registry.zone();
    }

    /** Forgets everything (the figures are being read again from the beginning). */
    public void clear() {
        unitMonths.clear();
        cells.clear();
    }

    /** The unit a record of the figures topic is about. */
    public static String unitOf(String key) {
        String[] parts = key.split("\\|");
        return key.startsWith("u|") ? parts[1] : parts[3];
    }

    /** Takes in one record of the figures topic (a null value deletes). */
    public void apply(String key, byte[] value) {
        if (key.startsWith("u|")) {
            int bar = key.lastIndexOf('|');
            String unit = key.substring(2, bar);
            YearMonth month = YearMonth.parse(key.substring(bar + 1));
            if (value == null) {
                Map<YearMonth, Map<String, Long>> months = unitMonths.get(unit);
                if (months != null) {
                    months.remove(month);
                }
                return;
            }
            Map<String, Long> figures = new HashMap<>();
            JSON.readTree(value)
                    .properties()
                    .forEach(e -> figures.put(e.getKey(), e.getValue().asLong()));
            unitMonths.computeIfAbsent(unit, u -> new ConcurrentHashMap<>()).put(month, Map.copyOf(figures));
        } else if (key.startsWith("c|")) {
            int bar = key.lastIndexOf('|');
            String cell = key.substring(2, bar + 1);
            int year = Integer.parseInt(key.substring(bar + 1));
            JsonNode counts = value == null ? JSON.missingNode() : JSON.readTree(value);
            for (String period : periodsOf(year)) {
                long count = counts.path(period).asLong(0);
                if (count == 0) {
                    cells.remove(cell + period);
                } else {
                    cells.put(cell + period, count);
                }
            }
        } else {
            throw new IllegalArgumentException("not a key of the figures topic: " + key);
        }
    }

    /** The year, its quarters and its months, as the topology names a year's cells. */
    private static List<String> periodsOf(int year) {
        List<String> periods = new java.util.ArrayList<>(17);
        periods.add(Integer.toString(year));
        for (int quarter = 1; quarter <= 4; quarter++) {
            periods.add(year + "-Q" + quarter);
        }
        for (int month = 1; month <= 12; month++) {
            periods.add(YearMonth.of(year, month).toString());
        }
        return periods;
    }

    /**
     * Every catalogue id to its value for this period (a whole month, quarter or year: empty otherwise) and unit, as
     * {@link IndicatorCatalogue#figures} gives them.
     */
    public Optional<Map<String, Number>> values(Period period, String unit, Scope scope) {
        return bases(period, unit, scope).map(catalogue::figures);
    }

    /** The bases' values for this period (a whole month, quarter or year: empty otherwise) and unit. */
    public Optional<Map<String, Long>> bases(Period period, String unit, Scope scope) {
        if (!period.equals(Period.parse(period.label(), zone))) {
            return Optional.empty(); // cut short (to date): not a period the topology counts
        }
        YearMonth from = YearMonth.from(period.from());
        YearMonth until = YearMonth.from(period.to());
        List<String> units = scope == Scope.SELF ? List.of(unit) : registry.subtree(unit);
        Map<String, Long> bases = new HashMap<>();
        for (Indicator base : catalogue.bases()) {
            bases.put(base.id(), 0L);
        }
        for (String each : units) {
            Map<YearMonth, Map<String, Long>> months = unitMonths.get(each);
            if (months == null) {
                continue;
            }
            for (YearMonth month = from; month.isBefore(until); month = month.plusMonths(1)) {
                Map<String, Long> figures = months.get(month);
                if (figures != null) {
                    figures.forEach((id, value) -> bases.merge(id, value, Long::sum));
                }
            }
        }
        for (Indicator base : catalogue.bases()) {
            if (base.kind() == Indicator.Kind.DISTINCT || base.kind() == Indicator.Kind.MATCHED) {
                bases.put(
                        base.id(),
                        cells.getOrDefault(base.id() + "|" + scope.key + "|" + unit + "|" + period.label(), 0L));
            }
        }
        return Optional.of(bases);
    }
}
