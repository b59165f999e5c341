package org.lawstats.aggregator.store;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.util.NamedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A composite aggregation read whole, page by page: the one way the figures and the completeness count distinct keys
 * exactly (a terms aggregation would be approximate past its size). The keys are named {@code k0, k1, ...}.
 */
public final class CompositePages {
    /** The buckets asked for per page. */
    public static final int SIZE = 10_000;

    private CompositePages() {}

    /**
     * Every page of a composite aggregation, following {@code after_key} until a short page: {@code next} fetches the
     * page after a key (null: the first page, when {@code first} is not given), {@code each} takes each page's buckets.
     */
    public static void each(
            CompositeAggregate first,
            int size,
            Function<Map<String, FieldValue>, CompositeAggregate> next,
            Consumer<List<CompositeBucket>> each) {
        CompositeAggregate page = first != null ? first : next.apply(null);
        while (true) {
            List<CompositeBucket> buckets = page.buckets().array();
            each.accept(buckets);
            if (buckets.size() < size
                    || page.afterKey() == null
                    || page.afterKey().isEmpty()) {
                return;
            }
            page = next.apply(page.afterKey());
        }
    }

    /** Composite sources named k0, k1, ... over these fields, in their order: a bucket's key is {@link #key}. */
    public static List<NamedValue<CompositeAggregationSource>> sources(List<String> fields) {
        List<NamedValue<CompositeAggregationSource>> sources = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            sources.add(NamedValue.of("k" + i, CompositeAggregationSource.of(s -> s.terms(t -> t.field(field)))));
        }
        return sources;
    }

    public static List<String> key(CompositeBucket bucket, int size) {
        List<String> key = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            key.add(String.valueOf(bucket.key().get("k" + i)._get()));
        }
        return key;
    }
}
