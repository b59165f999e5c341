package org.lawstats.aggregator.indicators;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.aggregations.FilterAggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.ObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.lawstats.aggregator.store.CompositePages;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The indicators evaluated by searches over the stored events, from their one definition: counts and sums from
 * filter aggregations, distinct counts by paging a composite aggregation (exact at any size, unlike
 * {@code cardinality}), the joins by their keys. The figures of a period cut short and the records behind every
 * figure both ask it, so that a figure and its records cannot disagree on what counts.
 */
@Component
public class SearchEvaluation {
    private static final String BUCKETS = "distinct";
    private static final String SUM = "sum";

    private final ElasticsearchClient client;
    private final String alias;

    // Spring's; the private one binds the same reads to another basis (a locked period's copies).
    @Autowired
    SearchEvaluation(ElasticsearchClient client, EventIndexInitializer index) {
        this(client, index.alias());
    }

    private SearchEvaluation(ElasticsearchClient client, String alias) {
        this.client = client;
        this.alias = alias;
    }

    /** The same evaluation over another index of event documents (a locked period's copy). */
    SearchEvaluation over(String index) {
        return new SearchEvaluation(client, index);
    }

    /** The counted events (not retracted) of these units whose occurredAt lies in the period: every figure's scope. */
    public static Query scope(Period period, List<String> unitIds) {
        return Query.of(q -> q.bool(b -> b.filter(placed(period, unitIds))
                .filter(f -> f.term(t -> t.field("retracted").value(false)))));
    }

    /** The events of these units whose occurredAt lies in the period, withdrawn ones too (a lock copies them). */
    public static Query placed(Period period, List<String> unitIds) {
        List<FieldValue> units = unitIds.stream().map(FieldValue::of).toList();
        String from = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.from());
        String to = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.to());
        return Query.of(q ->
                q.bool(b -> b.filter(f -> f.terms(t -> t.field("unitId").terms(v -> v.value(units))))
                        .filter(f -> f.range(
                                r -> r.date(d -> d.field("occurredAt").gte(from).lt(to))))));
    }

    /** The events a base counts: its type and its where, as terms filters (keywords and booleans as text). */
    static Query match(Indicator.Base indicator) {
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

    /** Each base's figure over the events in scope; an overdue count is the deadlines', not the events'. */
    Map<String, Long> figures(List<Indicator.Base> bases, Query scope) {
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        for (int i = 0; i < bases.size(); i++) {
            aggregations.put("i" + i, aggregation(bases.get(i), null));
        }
        SearchResponse<Void> response = search(scope, aggregations);
        Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < bases.size(); i++) {
            Indicator.Base indicator = bases.get(i);
            FilterAggregate filter = response.aggregations().get("i" + i).filter();
            long value = switch (indicator) {
                case Indicator.Count count -> filter.docCount();
                case Indicator.Sum sum ->
                    Math.round(filter.aggregations().get(SUM).sum().value());
                case Indicator.Distinct distinct ->
                    countDistinct(
                            distinct, scope, filter.aggregations().get(BUCKETS).composite());
                case Indicator.Unmatched unmatched ->
                    unmatchedKeys(unmatched, scope).values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
                case Indicator.Matched matched -> matchedValues(matched, scope).size();
                case Indicator.Overdue overdue ->
                    throw new IllegalStateException("an overdue count is asked of the deadlines");
            };
            values.put(indicator.id(), value);
        }
        return values;
    }

    /** Counts the buckets of every page, the first one given. */
    private long countDistinct(Indicator.Distinct indicator, Query scope, CompositeAggregate first) {
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

    private static Aggregation aggregation(Indicator.Base indicator, Map<String, FieldValue> after) {
        return Aggregation.of(a -> {
            var filter = a.filter(match(indicator));
            return switch (indicator) {
                case Indicator.Sum sum -> filter.aggregations(SUM, s -> s.sum(m -> m.field(sum.field())));
                case Indicator.Distinct distinct ->
                    filter.aggregations(BUCKETS, s -> s.composite(keysOf(List.of(distinct.field()), after)));
                case Indicator.Count count -> filter;
                case Indicator.Unmatched unmatched -> filter;
                case Indicator.Matched matched -> filter;
                case Indicator.Overdue overdue -> filter;
            };
        });
    }

    /**
     * The join: pages through the (match.on) keys of the indicator's events in scope, asks which of each page's
     * keys have a counted matching event anywhere (any period, any unit), and keeps those that have none, each with
     * its number of events (the figure is their sum).
     */
    Map<List<String>, Long> unmatchedKeys(Indicator.Unmatched indicator, Query scope) {
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

    /**
     * The cohort join: pages through the (match.on, field) keys of the indicator's events in scope, asks which have a
     * counted matching event anywhere, and keeps the distinct values of the field among those that have (the figure
     * is their number).
     */
    Set<String> matchedValues(Indicator.Matched indicator, Query scope) {
        List<String> on = indicator.match().on();
        List<String> fields = new ArrayList<>(on);
        int valueAt = on.indexOf(indicator.field());
        if (valueAt < 0) {
            valueAt = fields.size();
            fields.add(indicator.field());
        }
        int position = valueAt;
        Set<String> values = new TreeSet<>();
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
    List<String> distinctValues(Indicator.Distinct indicator, Query scope) {
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

    private static Function<CompositeAggregation.Builder, ObjectBuilder<CompositeAggregation>> keysOf(
            List<String> fields, Map<String, FieldValue> after) {
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
}
