package org.lawstats.aggregator.indicators;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.aggregations.FilterAggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lawstats.aggregator.deadlines.DeadlineRules;
import org.lawstats.aggregator.deadlines.DeadlineStore;
import org.lawstats.aggregator.deadlines.Deadlines;
import org.lawstats.aggregator.store.CompositePages;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.web.ServiceUnavailableException;
import org.springframework.stereotype.Service;

/**
 * The catalogue's figures for a period and a unit, exactly.
 *
 * <p>A whole month, quarter or year comes from this instance's view of the figures that the aggregation publishes
 * (ADR 15), for the unit's subtree or its own events. Until the view has caught up, nothing is answered
 * ({@link FiguresNotReadyException}: a figure older than one already shown is never served). A period cut short
 * ({@code todate}) is computed by searches over the events in Elasticsearch, from the same definitions: counts and
 * sums from filter aggregations, distinct counts by paging a composite aggregation (exact at any size, unlike
 * {@code cardinality}), the joins by their keys.
 */
@Service
public class StatsService {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StatsService.class);
    private static final String BUCKETS = "distinct";
    private static final String SUM = "sum";

    private final ElasticsearchClient client;
    private final IndicatorCatalogue catalogue;
    private final String alias;
    private final FiguresView view;
    private final FiguresFollower follower;
    private final org.lawstats.aggregator.registry.UnitRegistry registry;
    private final DeadlineStore deadlines;
    private final Deadlines days;

    StatsService(
            ElasticsearchClient client,
            IndicatorCatalogue catalogue,
            EventIndexInitializer index,
            FiguresView view,
            FiguresFollower follower,
            org.lawstats.aggregator.registry.UnitRegistry registry,
            DeadlineStore deadlines,
            Deadlines days,
            DeadlineRules rules) {
        this.client = client;
        this.catalogue = catalogue;
        this.alias = index.alias();
        this.view = view;
        this.follower = follower;
        this.registry = registry;
        this.deadlines = deadlines;
        this.days = days;
        for (Indicator base : catalogue.bases()) {
            if (base.kind() == Indicator.Kind.OVERDUE
                    && rules.rule(base.deadline()).starts() != base.type()) {
                throw new IllegalStateException("the indicator catalogue is invalid: " + base.id() + " counts "
                        + base.type().wireName() + " but a " + base.deadline() + " time limit starts with "
                        + rules.rule(base.deadline()).starts().wireName());
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
            values.putAll(pastDue(period, units));
            return catalogue.figures(values);
        }
        return computeFromSearch(period, units);
    }

    /** The figures from searches alone, whatever the period: what the view must always agree with. */
    public Map<String, Number> computeFromSearch(Period period, List<String> unitIds) {
        Map<String, Long> values = computeBases(
                catalogue.bases().stream()
                        .filter(base -> base.kind() != Indicator.Kind.OVERDUE)
                        .toList(),
                scope(period, unitIds));
        values.putAll(pastDue(period, unitIds));
        return catalogue.figures(values);
    }

    /**
     * The overdue bases, asked of the deadlines on today (in the registry's zone): no stream publishes them, since
     * the passing of a day changes them where no event does. A matter counts in the period of the day it started.
     */
    private Map<String, Long> pastDue(Period period, List<String> unitIds) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Indicator base : catalogue.bases()) {
            if (base.kind() == Indicator.Kind.OVERDUE) {
                Long value;
                try {
                    value = deadlines.countPastDue(
                            unitIds,
                            base.deadline(),
                            period.from().toLocalDate(),
                            period.to().toLocalDate(),
                            days.today());
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

    /** The counted events (not retracted) of these units whose occurredAt lies in the period: every figure's scope. */
    public static Query scope(Period period, List<String> unitIds) {
        List<FieldValue> units = unitIds.stream().map(FieldValue::of).toList();
        String from = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.from());
        String to = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.to());
        return Query.of(q ->
                q.bool(b -> b.filter(f -> f.terms(t -> t.field("unitId").terms(v -> v.value(units))))
                        .filter(f -> f.range(
                                r -> r.date(d -> d.field("occurredAt").gte(from).lt(to))))
                        .filter(f -> f.term(t -> t.field("retracted").value(false)))));
    }

    static Query match(Indicator indicator) {
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("type").value(indicator.type().wireName())));
            indicator
                    .where()
                    .forEach((field, accepted) -> b.filter(f -> f.terms(t -> t.field(field)
                            .terms(v -> v.value(
                                    accepted.stream().map(FieldValue::of).toList())))));
            return b;
        }));
    }

    private Map<String, Long> computeBases(List<Indicator> bases, Query scope) {
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        for (int i = 0; i < bases.size(); i++) {
            aggregations.put("i" + i, aggregation(bases.get(i), null));
        }
        SearchResponse<Void> response = search(scope, aggregations);
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < bases.size(); i++) {
            Indicator indicator = bases.get(i);
            FilterAggregate filter = response.aggregations().get("i" + i).filter();
            long value = switch (indicator.kind()) {
                case COUNT -> filter.docCount();
                case SUM -> Math.round(filter.aggregations().get(SUM).sum().value());
                case DISTINCT ->
                    countDistinct(
                            indicator, scope, filter.aggregations().get(BUCKETS).composite());
                case UNMATCHED -> countUnmatched(indicator, scope);
                case MATCHED -> countMatched(indicator, scope);
                case RATIO -> throw new IllegalStateException("a ratio is not a base indicator");
                case OVERDUE -> throw new IllegalStateException("an overdue count is asked of the deadlines");
            };
            values.put(indicator.id(), value);
        }
        return values;
    }

    /** Counts the buckets of every page, the first one given. */
    private long countDistinct(Indicator indicator, Query scope, CompositeAggregate first) {
        long[] count = {0};
        CompositePages.each(
                first,
                CompositePages.SIZE,
                after -> keysPage(scope, aggregation(indicator, after)),
                buckets -> count[0] += buckets.size());
        return count[0];
    }

    /** One page of a composite aggregation named {@code BUCKETS} inside a filter aggregation. */
    private CompositeAggregate keysPage(Query scope, Aggregation filtered) {
        return search(scope, Map.of("i", filtered))
                .aggregations()
                .get("i")
                .filter()
                .aggregations()
                .get(BUCKETS)
                .composite();
    }

    private static Aggregation aggregation(Indicator indicator, Map<String, FieldValue> after) {
        return Aggregation.of(a -> {
            var filter = a.filter(match(indicator));
            return switch (indicator.kind()) {
                case COUNT, RATIO, UNMATCHED, MATCHED, OVERDUE -> filter;
                case SUM -> filter.aggregations(SUM, s -> s.sum(m -> m.field(indicator.field())));
                case DISTINCT ->
                    filter.aggregations(BUCKETS, s -> s.composite(keysOf(List.of(indicator.field()), after)));
            };
        });
    }

    private long countUnmatched(Indicator indicator, Query scope) {
        return unmatchedKeys(indicator, scope).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /**
     * The join: pages through the (match.on) keys of the indicator's events in scope, asks which of each page's
     * keys have a counted matching event anywhere (any period, any unit), and keeps those that have none, each with
     * its number of events (the figure is their sum).
     */
    Map<List<String>, Long> unmatchedKeys(Indicator indicator, Query scope) {
        List<String> on = indicator.match().on();
        Map<List<String>, Long> unmatched = new LinkedHashMap<>();
        CompositePages.each(
                null,
                CompositePages.SIZE,
                after -> keysPage(
                        scope,
                        Aggregation.of(a ->
                                a.filter(match(indicator)).aggregations(BUCKETS, s -> s.composite(keysOf(on, after))))),
                buckets -> {
                    if (buckets.isEmpty()) {
                        return;
                    }
                    Set<List<String>> matched = matchedKeys(indicator.match(), buckets);
                    for (CompositeBucket bucket : buckets) {
                        List<String> key = CompositePages.key(bucket, on.size());
                        if (!matched.contains(key)) {
                            unmatched.put(key, bucket.docCount());
                        }
                    }
                });
        return unmatched;
    }

    private long countMatched(Indicator indicator, Query scope) {
        return matchedValues(indicator, scope).size();
    }

    /**
     * The cohort join: pages through the (match.on, field) keys of the indicator's events in scope, asks which have a
     * counted matching event anywhere, and keeps the distinct values of the field among those that have (the figure
     * is their number).
     */
    Set<String> matchedValues(Indicator indicator, Query scope) {
        List<String> on = indicator.match().on();
        List<String> fields = new ArrayList<>(on);
        int valueAt = on.indexOf(indicator.field());
        if (valueAt < 0) {
            valueAt = fields.size();
            fields.add(indicator.field());
        }
        int position = valueAt;
        Set<String> values = new java.util.TreeSet<>();
        CompositePages.each(
                null,
                CompositePages.SIZE,
                after -> keysPage(
                        scope,
                        Aggregation.of(a -> a.filter(match(indicator))
                                .aggregations(BUCKETS, s -> s.composite(keysOf(fields, after))))),
                buckets -> {
                    if (buckets.isEmpty()) {
                        return;
                    }
                    Set<List<String>> matched = matchedKeys(indicator.match(), buckets);
                    for (CompositeBucket bucket : buckets) {
                        if (matched.contains(CompositePages.key(bucket, on.size()))) {
                            values.add(CompositePages.key(bucket, fields.size()).get(position));
                        }
                    }
                });
        return values;
    }

    /** The distinct values of a distinct indicator's field over its events in scope, in order (the figure: their number). */
    List<String> distinctValues(Indicator indicator, Query scope) {
        List<String> values = new ArrayList<>();
        CompositePages.each(
                null,
                CompositePages.SIZE,
                after -> keysPage(scope, aggregation(indicator, after)),
                buckets -> buckets.forEach(
                        bucket -> values.add(CompositePages.key(bucket, 1).get(0))));
        return values;
    }

    private Set<List<String>> matchedKeys(Indicator.Match match, List<CompositeBucket> keys) {
        List<String> on = match.on();
        Query candidates = Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("type").value(match.type().wireName())));
            b.filter(f -> f.term(t -> t.field("retracted").value(false)));
            for (int i = 0; i < on.size(); i++) {
                int position = i;
                List<FieldValue> values = keys.stream()
                        .map(bucket -> bucket.key().get("k" + position))
                        .distinct()
                        .toList();
                b.filter(f -> f.terms(t -> t.field(on.get(position)).terms(v -> v.value(values))));
            }
            return b;
        }));
        Set<List<String>> matched = new HashSet<>();
        CompositePages.each(
                null,
                CompositePages.SIZE,
                after -> search(candidates, Map.of("k", Aggregation.of(a -> a.composite(keysOf(on, after)))))
                        .aggregations()
                        .get("k")
                        .composite(),
                buckets -> buckets.forEach(bucket -> matched.add(CompositePages.key(bucket, on.size()))));
        return matched;
    }

    private static java.util.function.Function<
                    co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregation.Builder,
                    co.elastic.clients.util.ObjectBuilder<
                            co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregation>>
            keysOf(List<String> fields, Map<String, FieldValue> after) {
        return c -> {
            c.size(CompositePages.SIZE).sources(CompositePages.sources(fields));
            if (after != null) {
                c.after(after);
            }
            return c;
        };
    }

    /** Aggregations only (no hits, no total) over the events in scope: the one shape of search figures need. */
    private SearchResponse<Void> search(Query scope, Map<String, Aggregation> aggregations) {
        try {
            return client.search(
                    s -> s.index(alias)
                            .size(0)
                            .trackTotalHits(t -> t.enabled(false))
                            .query(scope)
                            .aggregations(aggregations),
                    Void.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public IndicatorCatalogue catalogue() {
        return catalogue;
    }
}
