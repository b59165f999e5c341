package org.lawstats.aggregator.counsel;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.SearchEvaluation;
import org.lawstats.aggregator.store.CompositePages;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.web.LimitExceededException;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload.CounselServed;
import org.springframework.stereotype.Component;

/**
 * The legal counsel's quarterly statistics (api.md {@code GET /api/v1/counsel}): one row per unit and counsel with the
 * counted {@code counsel.served} of the period in a subtree, by work kind. Counted as every figure is (the latest
 * revision, not withdrawn, in the period in the registry's zone), so that a row's counts add up to the indicators.
 */
@Component
class CounselTable {
    private static final String KEYS = "keys";
    private static final List<String> FIELDS =
            List.of("unitId", "payload.counselId", "payload.counselKind", "payload.work");

    private final ElasticsearchClient client;
    private final String events;
    private final CounselProperties properties;

    CounselTable(ElasticsearchClient client, EventIndexInitializer index, CounselProperties properties) {
        this.client = client;
        this.events = index.alias();
        this.properties = properties;
    }

    /**
     * One row: a counsel's work in one unit.
     *
     * @param counselKind the kind most of its events say (a unit that recorded both keeps the more frequent, then
     *     the first in the contract's order)
     * @param work every work kind of events.md, in its order, 0 when none
     */
    record Row(String counselId, String counselKind, String unitId, Map<String, Long> work, long total) {}

    /** The live rows. */
    List<Row> of(Period period, List<String> units) {
        return over(events, period, units);
    }

    /** The rows over another index of event documents (a locked period's copy). */
    List<Row> over(String index, Period period, List<String> units) {
        Query scope = Query.of(q -> q.bool(b -> b.filter(SearchEvaluation.scope(period, units))
                .filter(f -> f.term(t -> t.field("type").value(EventType.COUNSEL_SERVED.wireName())))));
        // (unitId, counselId) -> kind -> work -> count
        Map<List<String>, Map<String, Map<String, Long>>> counted = new HashMap<>();
        CompositePages.each(
                null,
                CompositePages.SIZE,
                after -> page(index, scope, after),
                buckets -> buckets.forEach(bucket -> {
                    List<String> key = CompositePages.key(bucket, FIELDS.size());
                    counted.computeIfAbsent(List.of(key.get(0), key.get(1)), k -> new HashMap<>())
                            .computeIfAbsent(key.get(2), k -> new LinkedHashMap<>())
                            .merge(key.get(3), bucket.docCount(), Long::sum);
                    if (counted.size() > properties.maxRows()) {
                        throw LimitExceededException.tooLarge(
                                "the counsel table of this period and unit has more than " + properties.maxRows()
                                        + " rows (lawstats.counsel.max-rows): ask for a unit lower down");
                    }
                }));
        return counted.entrySet().stream()
                .map(entry -> row(entry.getKey().get(0), entry.getKey().get(1), entry.getValue()))
                .sorted(Comparator.comparingLong(Row::total)
                        .reversed()
                        .thenComparing(Row::unitId)
                        .thenComparing(Row::counselId))
                .toList();
    }

    private static Row row(String unitId, String counselId, Map<String, Map<String, Long>> byKind) {
        Map<String, Long> work = new LinkedHashMap<>();
        Arrays.stream(CounselServed.Work.values()).forEach(kind -> work.put(kind.name(), 0L));
        byKind.values().forEach(counts -> counts.forEach((kind, n) -> work.merge(kind, n, Long::sum)));
        String counselKind = Arrays.stream(CounselServed.CounselKind.values())
                .map(Enum::name)
                .filter(byKind::containsKey)
                // max keeps the first of equals: the contract's order breaks a tie
                .max(Comparator.comparingLong((String kind) -> byKind.get(kind).values().stream()
                        .mapToLong(Long::longValue)
                        .sum()))
                .orElseThrow();
        return new Row(
                counselId,
                counselKind,
                unitId,
                work,
                work.values().stream().mapToLong(Long::longValue).sum());
    }

    private CompositeAggregate page(String index, Query scope, Map<String, FieldValue> after) {
        Aggregation keys = Aggregation.of(a -> a.composite(c -> {
            c.size(CompositePages.SIZE).sources(CompositePages.sources(FIELDS));
            if (after != null) {
                c.after(after);
            }
            return c;
        }));
        try {
            return client.search(s -> s.index(index).size(0).query(scope).aggregations(KEYS, keys), Void.class)
                    .aggregations()
                    .get(KEYS)
                    .composite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
