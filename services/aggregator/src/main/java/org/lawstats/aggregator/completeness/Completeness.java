package org.lawstats.aggregator.completeness;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.SearchEvaluation;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.store.CompositePages;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.contract.EventType;
import org.springframework.stereotype.Service;

/**
 * Who has reported (api.md {@code /api/v1/completeness}): for each unit of a subtree, its own counted events of the
 * period per family of types (the families are the topics: training, disclosure, cases, activities), the latest
 * one's time, and the families it has said nothing of. Counted as the figures count: the same scope of events.
 */
@Service
public class Completeness {
    private static final String LAST = "last";

    private final ElasticsearchClient client;
    private final String alias;
    private final UnitRegistry registry;

    Completeness(ElasticsearchClient client, EventIndexInitializer index, UnitRegistry registry) {
        this.client = client;
        this.alias = index.alias();
        this.registry = registry;
    }

    /** A family's counted events in the period, and the occurredAt of the latest (null when none). */
    public record Family(long events, String lastEventAt) {}

    /** One unit's own reports. */
    public record Row(String unitId, String unitName, Map<String, Family> families, List<String> silent) {}

    /** One row per unit of the subtree, the unit first, in the registry's order. */
    public List<Row> of(Period period, String unitId) {
        List<String> units = registry.subtree(unitId);
        // unit -> family -> [events, latest epoch millis]
        Map<String, Map<String, long[]>> counted = new HashMap<>();
        CompositePages.each(
                null,
                CompositePages.SIZE,
                after -> search(period, units, after),
                buckets -> buckets.forEach(bucket -> add(counted, bucket)));
        List<Row> rows = new ArrayList<>();
        for (String id : units) {
            Map<String, Family> families = new LinkedHashMap<>();
            List<String> silent = new ArrayList<>();
            Map<String, long[]> own = counted.getOrDefault(id, Map.of());
            for (String family : EventType.families()) {
                long[] seen = own.get(family);
                if (seen == null) {
                    families.put(family, new Family(0, null));
                    silent.add(family);
                } else {
                    families.put(family, new Family(seen[0], time(seen[1])));
                }
            }
            rows.add(new Row(id, registry.find(id).orElseThrow().name(), families, silent));
        }
        return rows;
    }

    private static void add(Map<String, Map<String, long[]>> counted, CompositeBucket bucket) {
        List<String> key = CompositePages.key(bucket, 2);
        String family =
                EventType.fromWireName(key.get(1)).map(EventType::family).orElse(null);
        if (family == null) {
            return;
        }
        long last = Math.round(bucket.aggregations().get(LAST).max().value());
        long[] seen = counted.computeIfAbsent(key.get(0), k -> new HashMap<>())
                .computeIfAbsent(family, k -> new long[] {0, Long.MIN_VALUE});
        seen[0] += bucket.docCount();
        seen[1] = Math.max(seen[1], last);
    }

    private CompositeAggregate search(Period period, List<String> units, Map<String, FieldValue> after) {
        Aggregation byUnitAndType = Aggregation.of(a -> a.composite(c -> {
                    c.size(CompositePages.SIZE).sources(CompositePages.sources(List.of("unitId", "type")));
                    if (after != null) {
                        c.after(after);
                    }
                    return c;
                })
                .aggregations(LAST, m -> m.max(x -> x.field("occurredAt"))));
        try {
            return client.search(
                            s -> s.index(alias)
                                    .size(0)
                                    .trackTotalHits(t -> t.enabled(false))
                                    .query(SearchEvaluation.scope(period, units))
                                    .aggregations("k", byUnitAndType),
                            Void.class)
                    .aggregations()
                    .get("k")
                    .composite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String time(long epochMillis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), registry.zone()));
    }
}
