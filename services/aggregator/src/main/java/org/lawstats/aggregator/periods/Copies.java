package org.lawstats.aggregator.periods;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.ResponseBody;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.SearchEvaluation;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.stereotype.Component;

/**
 * A lock's own copies of what its figures and records are evaluated over, copied from the live aliases once the pipeline has reached its cut: the events of the subtree in the period, with every
 * event a join may match (any unit, any period: a reply counts a request wherever it is); and the subtree's time
 * limits. Named after the aliases ({@code <alias>-reported-<id>}) so that the aliases' index templates apply.
 */
@Component
class Copies {
    private static final int PAGE = 1_000;
    private static final String KEEP_ALIVE = "2m";

    private final ElasticsearchClient client;
    private final String events;
    private final String deadlines;
    private final IndicatorCatalogue catalogue;

    Copies(ElasticsearchClient client, EventIndexInitializer index, IndicatorCatalogue catalogue) {
        this.client = client;
        this.events = index.alias();
        this.deadlines = index.deadlinesAlias();
        this.catalogue = catalogue;
    }

    /** The names of a lock's two copies. */
    record Made(String events, String deadlines) {}

    /** Copies what the subtree's figures of the period are evaluated over; searchable when this returns. */
    Made make(Period period, List<String> subtree) {
        String id = UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        Made made = new Made(events + "-reported-" + id, deadlines + "-reported-" + id);
        List<FieldValue> units = subtree.stream().map(FieldValue::of).toList();
        List<FieldValue> matched = catalogue.bases().stream()
                .flatMap(base -> base.join().stream())
                .map(join -> join.type().wireName())
                .distinct()
                .map(FieldValue::of)
                .toList();
        // The scope without its retracted filter: a withdrawn event is copied as it stood, withdrawn.
        // The events in the period are copied withdrawn ones too: they stood so when the lock was made.
        Query ofTheSubtree = Query.of(q -> q.bool(b -> {
            b.should(SearchEvaluation.placed(period, subtree));
            if (!matched.isEmpty()) {
                b.should(s -> s.terms(t -> t.field("type").terms(v -> v.value(matched))));
            }
            return b.minimumShouldMatch("1");
        }));
        try {
            // Everything stored before the cut becomes searchable, so that the copy holds it.
            client.indices().refresh(r -> r.index(events, deadlines));
            copy(events, ofTheSubtree, made.events());
            copy(
                    deadlines,
                    Query.of(q -> q.terms(t -> t.field("unitId").terms(v -> v.value(units)))),
                    made.deadlines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return made;
    }

    /**
     * Copies the matching documents under their ids through one scroll: its search context is a point in time, so a
     * document revised while the copy runs is copied as it stood when the copy began. (The server has no
     * {@code _reindex}: its reindex module is not part of every distribution.)
     */
    private void copy(String source, Query query, String target) throws IOException {
        client.indices().create(c -> c.index(target));
        ResponseBody<JsonData> page = client.search(
                s -> s.index(source)
                        .query(query)
                        .size(PAGE)
                        .sort(o -> o.doc(d -> d))
                        .scroll(t -> t.time(KEEP_ALIVE)),
                JsonData.class);
        String scroll = page.scrollId();
        try {
            while (!page.hits().hits().isEmpty()) {
                List<Hit<JsonData>> hits = page.hits().hits();
                BulkResponse written = client.bulk(b -> {
                    for (Hit<JsonData> hit : hits) {
                        b.operations(
                                op -> op.index(i -> i.index(target).id(hit.id()).document(hit.source())));
                    }
                    return b;
                });
                if (written.errors()) {
                    throw new IllegalStateException("copying " + source + " into " + target + " failed: "
                            + written.items().stream()
                                    .filter(item -> item.error() != null)
                                    .findFirst()
                                    .map(item -> item.error().reason())
                                    .orElse("unknown"));
                }
                String current = scroll;
                page = client.scroll(s -> s.scrollId(current).scroll(t -> t.time(KEEP_ALIVE)), JsonData.class);
                scroll = page.scrollId();
            }
        } finally {
            String done = scroll;
            client.clearScroll(c -> c.scrollId(done));
        }
        client.indices().refresh(r -> r.index(target));
    }
}
