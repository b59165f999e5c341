package org.lawstats.aggregator.indicators;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.FilterAggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.NamedValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.stereotype.Service;

/**
 * Computes the catalogue's figures for a period and a set of units, exactly.
 *
 * <p>Counts and sums come from filter aggregations in one request. Distinct counts page through a composite
 * aggregation and count every bucket: exact at any size, unlike the {@code cardinality} aggregation (HyperLogLog).
 * Only counted events are seen: the document holds the latest revision, and retracted ones are filtered out.
 */
@Service
public class StatsService {
    static final int DISTINCT_PAGE = 10_000;
    private static final String BUCKETS = "distinct";
    private static final String SUM = "sum";

    private final ElasticsearchClient client;
    private final IndicatorCatalogue catalogue;
    private final String alias;

    StatsService(ElasticsearchClient client, IndicatorCatalogue catalogue, EventIndexInitializer index) {
        this.client = client;
        this.catalogue = catalogue;
        this.alias = index.alias();
    }

    /** Every catalogue id to its value (a Long, a Double rate, or null for a rate over zero), in catalogue order. */
    public Map<String, Number> compute(Period period, List<String> unitIds) {
        List<Indicator> bases = new ArrayList<>();
        for (Indicator indicator : catalogue.all()) {
            if (indicator.kind() == Indicator.Kind.RATIO) {
                addOnce(bases, indicator.numerator());
                addOnce(bases, indicator.denominator());
            } else {
                addOnce(bases, indicator);
            }
        }
        Query scope = scope(period, unitIds);
        Map<String, Long> base = computeBases(bases, scope);
        Map<String, Number> values = new LinkedHashMap<>();
        for (Indicator indicator : catalogue.all()) {
            if (indicator.kind() == Indicator.Kind.RATIO) {
                values.put(
                        indicator.id(),
                        ratio(
                                base.get(indicator.numerator().id()),
                                base.get(indicator.denominator().id())));
            } else {
                values.put(indicator.id(), base.get(indicator.id()));
            }
        }
        return values;
    }

    private static void addOnce(List<Indicator> bases, Indicator indicator) {
        if (bases.stream().noneMatch(b -> b.id().equals(indicator.id()))) {
            bases.add(indicator);
        }
    }

    /** Rates are rounded half-up to 4 decimals; a zero denominator has no rate. */
    static Double ratio(long numerator, long denominator) {
        if (denominator == 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator)
                .divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static Query scope(Period period, List<String> unitIds) {
        List<FieldValue> units = unitIds.stream().map(FieldValue::of).toList();
        String from = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.from());
        String to = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.to());
        return Query.of(q ->
                q.bool(b -> b.filter(f -> f.terms(t -> t.field("unitId").terms(v -> v.value(units))))
                        .filter(f -> f.range(
                                r -> r.date(d -> d.field("occurredAt").gte(from).lt(to))))
                        .filter(f -> f.term(t -> t.field("retracted").value(false)))));
    }

    private static Query match(Indicator indicator) {
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
                case RATIO -> throw new IllegalStateException("a ratio is not a base indicator");
            };
            values.put(indicator.id(), value);
        }
        return values;
    }

    /** Counts the first page's buckets, then follows {@code after_key} until a short page. */
    private long countDistinct(Indicator indicator, Query scope, CompositeAggregate page) {
        long count = 0;
        while (true) {
            int size = page.buckets().array().size();
            count += size;
            if (size < DISTINCT_PAGE
                    || page.afterKey() == null
                    || page.afterKey().isEmpty()) {
                return count;
            }
            Map<String, FieldValue> after = page.afterKey();
            SearchResponse<Void> next = search(scope, Map.of("i", aggregation(indicator, after)));
            page = next.aggregations()
                    .get("i")
                    .filter()
                    .aggregations()
                    .get(BUCKETS)
                    .composite();
        }
    }

    private static Aggregation aggregation(Indicator indicator, Map<String, FieldValue> after) {
        return Aggregation.of(a -> {
            var filter = a.filter(match(indicator));
            return switch (indicator.kind()) {
                case COUNT, RATIO -> filter;
                case SUM -> filter.aggregations(SUM, s -> s.sum(m -> m.field(indicator.field())));
                case DISTINCT ->
                    filter.aggregations(
                            BUCKETS,
                            s -> s.composite(c -> {
                                c.size(DISTINCT_PAGE)
                                        .sources(NamedValue.of(
                                                "v",
                                                CompositeAggregationSource.of(
                                                        src -> src.terms(t -> t.field(indicator.field())))));
                                if (after != null) {
                                    c.after(after);
                                }
                                return c;
                            }));
            };
        });
    }

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
