package org.lawstats.aggregator.imports;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.contract.EventCodec;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/**
 * A unit's own recent entries (its events, the latest revision of each, withdrawn ones included), the most recently
 * stored first: what a clerk looks at to correct or withdraw a mistake.
 */
@Service
public class RecentEntries {
    private final ElasticsearchClient client;
    private final String alias;
    private final EventCodec codec = EventCodec.strict();

    RecentEntries(ElasticsearchClient client, EventIndexInitializer index) {
        this.client = client;
        this.alias = index.alias();
    }

    /** A page of entries and how many there are. */
    public record Page(long total, List<ObjectNode> items) {}

    public Page of(String unitId, int page, int size) {
        try {
            SearchResponse<JsonData> response = client.search(
                    s -> s.index(alias)
                            .query(q -> q.term(t -> t.field("unitId").value(unitId)))
                            .sort(o -> o.field(f -> f.field("ingestedAt").order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field("eventId").order(SortOrder.Asc)))
                            .from(page * size)
                            .size(size)
                            .trackTotalHits(t -> t.enabled(true)),
                    JsonData.class);
            List<ObjectNode> items = response.hits().hits().stream()
                    .map(hit -> {
                        ObjectNode event = (ObjectNode)
                                codec.mapper().readTree(hit.source().toJson().toString());
                        event.remove(List.of("derived"));
                        return event;
                    })
                    .toList();
            return new Page(
                    response.hits().total() == null
                            ? items.size()
                            : response.hits().total().value(),
                    items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
