package org.lawstats.aggregator.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.BinaryData;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.stereotype.Component;

/**
 * Writes event documents with {@code _id} = eventId and external versioning on {@code revision}: Elasticsearch
 * keeps the highest revision whatever the arrival order, and a duplicate or stale revision is a harmless 409.
 * Every item of the bulk response is checked.
 */
@Component
class BulkEventWriter {
    private final ElasticsearchClient client;
    private final String alias;
    private final IngestMetrics metrics;

    BulkEventWriter(ElasticsearchClient client, EventIndexInitializer index, IngestMetrics metrics) {
        this.client = client;
        this.alias = index.alias();
        this.metrics = metrics;
    }

    /** What became of one document. */
    sealed interface Outcome {
        /** Stored as the latest revision ({@code created} or {@code updated}). */
        record Stored(String result) implements Outcome {}

        /** An equal or higher revision was already stored: a duplicate or a late, stale revision. */
        record Stale() implements Outcome {}

        /** Elasticsearch refused the document itself; retrying cannot help. */
        record Rejected(String type, String reason) implements Outcome {}
    }

    /** Thrown when the batch must be retried later: the store is unreachable, overloaded (429) or failing (5xx). */
    static class StoreUnavailableException extends RuntimeException {
        StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What an eventId may never change across revisions. */
    record Identity(String type, String unitId) {}

    /** The identities already stored for these eventIds (absent ids are not in the map). */
    Map<String, Identity> storedIdentities(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        MgetResponse<JsonData> response;
        try {
            response = client.mget(
                    m -> m.index(alias).ids(List.copyOf(eventIds)).sourceIncludes("type", "unitId"), JsonData.class);
        } catch (IOException | RuntimeException e) {
            throw new StoreUnavailableException("reading stored events failed: " + e.getMessage(), e);
        }
        Map<String, Identity> identities = new HashMap<>();
        for (MultiGetResponseItem<JsonData> item : response.docs()) {
            if (item.isFailure()) {
                throw new StoreUnavailableException(
                        "reading stored event " + item.failure().id() + " failed: "
                                + item.failure().error().reason(),
                        null);
            }
            var doc = item.result();
            if (doc.found() && doc.source() != null) {
                JsonObject source = doc.source().toJson().asJsonObject();
                identities.put(doc.id(), new Identity(source.getString("type"), source.getString("unitId")));
            }
        }
        return identities;
    }

    /** Writes the documents in one bulk request; the outcomes are in the same order. */
    List<Outcome> write(List<EventDocument> documents) {
        if (documents.isEmpty()) {
            return List.of();
        }
        BulkRequest.Builder request = new BulkRequest.Builder().requireAlias(true);
        for (EventDocument document : documents) {
            request.operations(op -> op.index(index -> index.index(alias)
                    .id(document.id())
                    .version(document.version())
                    .versionType(VersionType.External)
                    .document(BinaryData.of(document.json(), "application/json"))));
        }
        long start = System.nanoTime();
        BulkResponse response;
        try {
            response = client.bulk(request.build());
        } catch (IOException | RuntimeException e) {
            throw new StoreUnavailableException("bulk write to Elasticsearch failed: " + e.getMessage(), e);
        }
        metrics.bulk(Duration.ofNanos(System.nanoTime() - start));
        List<Outcome> outcomes = new ArrayList<>(documents.size());
        for (BulkResponseItem item : response.items()) {
            outcomes.add(outcome(item));
        }
        return outcomes;
    }

    private static Outcome outcome(BulkResponseItem item) {
        if (item.error() == null) {
            return new Outcome.Stored(item.result());
        }
        int status = item.status();
        if (status == 409) {
            return new Outcome.Stale();
        }
        if (status == 429 || status >= 500 || status == 404) {
            // 404: the alias is missing (an operator is rebuilding): wait rather than write to a wrong index.
            throw new StoreUnavailableException(
                    "Elasticsearch could not store " + item.id() + " now (" + status + " "
                            + item.error().type() + ")",
                    null);
        }
        return new Outcome.Rejected(
                item.error().type(), String.valueOf(item.error().reason()));
    }
}
