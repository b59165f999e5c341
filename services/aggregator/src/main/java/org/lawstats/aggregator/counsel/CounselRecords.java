package org.lawstats.aggregator.counsel;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.SearchEvaluation;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.contract.EventType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One counsel's counted work in one unit and period, oldest first: what a row of the counsel table opens onto, so
 * that the office can see what stands behind each count before it assesses anyone.
 */
@Component
class CounselRecords {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ElasticsearchClient client;
    private final String events;

    CounselRecords(ElasticsearchClient client, EventIndexInitializer index) {
        this.client = client;
        this.events = index.alias();
    }

    /** One piece of work: the fields of the event a clerk reads, nothing else of its document. */
    record Item(String eventId, long revision, String occurredAt, String counselKind, String work, String ref) {}

    record Page(long total, List<Item> items) {}

    Page of(String index, Period period, String unitId, String counselId, int page, int size) {
        Query query = Query.of(q -> q.bool(b -> b.filter(SearchEvaluation.scope(period, List.of(unitId)))
                .filter(f -> f.term(t -> t.field("type").value(EventType.COUNSEL_SERVED.wireName())))
                .filter(f -> f.term(t -> t.field("payload.counselId").value(counselId)))));
        try {
            SearchResponse<JsonData> found = client.search(
                    s -> s.index(index == null ? events : index)
                            .query(query)
                            .from(page * size)
                            .size(size)
                            .trackTotalHits(t -> t.enabled(true))
                            .sort(o -> o.field(f -> f.field("occurredAt").order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field("eventId").order(SortOrder.Asc))),
                    JsonData.class);
            List<Item> items = found.hits().hits().stream()
                    .map(hit -> JSON.readTree(hit.source().toJson().toString()))
                    .map(CounselRecords::item)
                    .toList();
            return new Page(
                    found.hits().total() == null
                            ? items.size()
                            : found.hits().total().value(),
                    items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Item item(JsonNode event) {
        JsonNode payload = event.path("payload");
        return new Item(
                event.path("eventId").asString(),
                event.path("revision").asLong(1),
                event.path("occurredAt").asString(),
                payload.path("counselKind").asString(),
                payload.path("work").asString(),
                payload.path("ref").isString() ? payload.path("ref").asString() : null);
    }
}
