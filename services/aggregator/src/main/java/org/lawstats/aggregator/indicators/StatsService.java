package org.lawstats.aggregator.indicators;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lawstats.aggregator.deadlines.DeadlineRules;
import org.lawstats.aggregator.deadlines.DeadlineStore;
import org.lawstats.aggregator.deadlines.Deadlines;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The catalogue's figures for a period and a unit, exactly.
 *
 * <p>A whole month, quarter or year comes from this instance's view of the figures that the aggregation publishes
 * (ADR 15), for the unit's subtree or its own events. Until the view has caught up, nothing is answered
 * ({@link FiguresNotReadyException}: a figure older than one already shown is never served). A period cut short
 * ({@code todate}) is computed by searches over the events in Elasticsearch, from the same definitions
 * ({@link SearchEvaluation}); the overdue counts are the deadlines'.
 */
@Service
public class StatsService {
    private static final Logger log = LoggerFactory.getLogger(StatsService.class);

    private final SearchEvaluation search;
    private final IndicatorCatalogue catalogue;
    private final FiguresView view;
    private final FiguresFollower follower;
    private final UnitRegistry registry;
    private final DeadlineStore deadlines;
    private final Deadlines days;

    StatsService(
            SearchEvaluation search,
            IndicatorCatalogue catalogue,
            FiguresView view,
            FiguresFollower follower,
            UnitRegistry registry,
            DeadlineStore deadlines,
            Deadlines days,
            DeadlineRules rules) {
        this.search = search;
        this.catalogue = catalogue;
        this.view = view;
        this.follower = follower;
        this.registry = registry;
        this.deadlines = deadlines;
        this.days = days;
        for (Indicator.Base base : catalogue.bases()) {
            if (base instanceof Indicator.Overdue overdue
                    && rules.rule(overdue.deadline()).starts() != overdue.type()) {
                throw new IllegalStateException("the indicator catalogue is invalid: " + overdue.id() + " counts "
                        + overdue.type().wireName() + " but a " + overdue.deadline() + " time limit starts with "
                        + rules.rule(overdue.deadline()).starts().wireName());
            }
        }
    }

    /** Thrown while this instance's view of the figures has not caught up: the API answers 503. */
    public static class FiguresNotReadyException extends ServiceUnavailableException {
        FiguresNotReadyException() {
            // Starting up: an answer now could be a figure older than one already shown.
            super("the figures are being loaded; ask again in a moment", 1, null);
        }
    }

    /**
     * Every catalogue id to its value (a Long, a Double rate, or null for a rate over zero), in catalogue order, for
     * the unit's subtree or ({@code FiguresView.Scope.SELF}) its own events.
     */
    public Map<String, Number> compute(Period period, String unitId, FiguresView.Scope scope) {
        Optional<Map<String, Long>> bases = view.bases(period, unitId, scope);
        List<String> units = scope == FiguresView.Scope.SELF ? List.of(unitId) : registry.subtree(unitId);
        if (bases.isPresent()) {
            if (!follower.caughtUp()) {
                throw new FiguresNotReadyException();
            }
            Map<String, Long> values = new LinkedHashMap<>(bases.get());
            values.putAll(pastDue(deadlines, days.today(), period, units));
            return catalogue.figures(values);
        }
        return computeFromSearch(period, units);
    }

    /** The figures from searches alone, whatever the period: what the view must always agree with. */
    public Map<String, Number> computeFromSearch(Period period, List<String> unitIds) {
        return evaluate(search, deadlines, days.today(), period, unitIds);
    }

    /** The figures as they stand in another basis: a locked period's copies of the events and time limits, on its day. */
    public Map<String, Number> computeOver(Basis basis, Period period, List<String> unitIds) {
        return evaluate(search.over(basis.events()), deadlines.over(basis.deadlines()), basis.today(), period, unitIds);
    }

    private Map<String, Number> evaluate(
            SearchEvaluation events, DeadlineStore limits, LocalDate today, Period period, List<String> unitIds) {
        Map<String, Long> values = events.figures(
                catalogue.bases().stream()
                        .filter(base -> !(base instanceof Indicator.Overdue))
                        .toList(),
                SearchEvaluation.scope(period, unitIds));
        values.putAll(pastDue(limits, today, period, unitIds));
        return catalogue.figures(values);
    }

    /**
     * The overdue bases, asked of the deadlines on {@code today} (in the registry's zone): no stream publishes them,
     * since the passing of a day changes them where no event does. A matter counts in the period of the day it
     * started.
     */
    private Map<String, Long> pastDue(DeadlineStore limits, LocalDate today, Period period, List<String> unitIds) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Indicator.Base base : catalogue.bases()) {
            if (base instanceof Indicator.Overdue overdue) {
                Long value;
                try {
                    value = limits.countPastDue(
                            unitIds,
                            overdue.deadline(),
                            period.from().toLocalDate(),
                            period.to().toLocalDate(),
                            today);
                } catch (RuntimeException e) {
                    // The other figures do not wait for Elasticsearch (ADR 15); this one only it knows: no value
                    // (null) rather than a wrong one, until it is back.
                    log.warn("{} is unknown while the deadlines cannot be read: {}", base.id(), e.getMessage());
                    value = null;
                }
                values.put(base.id(), value);
            }
        }
        return values;
    }

    public IndicatorCatalogue catalogue() {
        return catalogue;
    }
}
