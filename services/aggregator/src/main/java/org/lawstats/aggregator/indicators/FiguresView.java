package org.lawstats.aggregator.indicators;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.stereotype.Component;

/**
 * The figures as the aggregation keeps them (ADR 15), held whole by every instance: per unit and month, the counts and
 * sums (which a question adds up over its units and months); per indicator, scope, unit and period, the distinct
 * counts (which do not add up, so the topology counts each cell). Each part of the topology (a partition) keeps its
 * own share of a figure in a store whose changelog is read here ({@link FigureStore}); the view adds the shares, so no
 * figure crosses a further topic to be summed. A question is answered from memory, exactly, for any unit and any
 * month, quarter or year.
 */
@Component
public final class FiguresView {
    /** A unit's own events ({@code self}, a breakdown's first row), or those of its whole subtree. */
    public enum Scope {
        SELF("self"),
        SUBTREE("subtree");

        private final String key;

        Scope(String key) {
            this.key = key;
        }

        /** As a figure's key names it. */
        String key() {
            return key;
        }

        static Scope of(String key) {
            for (Scope scope : values()) {
                if (scope.key.equals(key)) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("no scope " + key);
        }
    }

    private final IndicatorCatalogue catalogue;
    private final UnitRegistry registry;
    private final ZoneId zone;
    /** Each part's share: "topic/partition/key" to its values (read by the follower's thread only). */
    private final Map<String, Figures> shares = new ConcurrentHashMap<>();

    private final Map<String, Map<YearMonth, Map<String, Long>>> unitMonths = new ConcurrentHashMap<>();
    private final Map<String, Long> cells = new ConcurrentHashMap<>();

    public FiguresView(IndicatorCatalogue catalogue, UnitRegistry registry) {
        this.catalogue = catalogue;
        this.registry = registry;
        this.zone = registry.zone();
    }

    /** Forgets everything (the figures are being read again from the beginning). */
    public void clear() {
        shares.clear();
        unitMonths.clear();
        cells.clear();
    }

    /**
     * Takes in one record of a figure store's changelog: the share of the figure {@code key} that the part
     * ({@code topic}, {@code partition}) holds now (a null value: none). Returns the figure's key.
     */
    public FigureKey apply(String topic, int partition, String key, byte[] value) {
        FigureKey figure = FigureKey.parse(key);
        Figures now = Figures.decode(value);
        String share = topic + "/" + partition + "/" + key;
        Figures was = now.isEmpty() ? shares.remove(share) : shares.put(share, now);
        Map<String, Long> change = now.minus(was == null ? Figures.NONE : was);
        if (change.isEmpty()) {
            return figure;
        }
        switch (figure) {
            case FigureKey.UnitMonth unitMonth ->
                unitMonths
                        .computeIfAbsent(unitMonth.unit(), u -> new ConcurrentHashMap<>())
                        .compute(unitMonth.month(), (month, figures) -> {
                            Figures sum = new Figures(figures == null ? Map.of() : figures).plus(change);
                            return sum.isEmpty() ? null : sum.values();
                        });
            case FigureKey.CellYear cellYear ->
                change.forEach((period, count) -> cells.merge(
                        cell(cellYear.indicator(), cellYear.scope(), cellYear.unit(), period),
                        count,
                        (a, b) -> a + b == 0 ? null : a + b));
        }
        return figure;
    }

    private static String cell(String indicator, Scope scope, String unit, String period) {
        return indicator + "|" + scope.key + "|" + unit + "|" + period;
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
        for (Indicator.Base base : catalogue.bases()) {
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
        for (Indicator.Base base : catalogue.bases()) {
            if (base instanceof Indicator.Distinct || base instanceof Indicator.Matched) {
                bases.put(base.id(), cells.getOrDefault(cell(base.id(), scope, unit, period.label()), 0L));
            }
        }
        return Optional.of(bases);
    }
}
