package org.lawstats.aggregator.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes event documents with {@code _id} = eventId and external versioning on {@code revision}: Elasticsearch
 * keeps the highest revision whatever the arrival order, and a duplicate or stale revision is a harmless 409.
 * Every item of the bulk response is checked.
 */
@Component
class BulkEventWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] ACTION_START = "{\"index\":{\"_id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION =
            ",\"version_type\":\"external\",\"version\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_END = "}}\n".getBytes(StandardCharsets.US_ASCII);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private static final int REMEMBERED_IDENTITIES = 100_000;
    // The latest documents stored: revisions mostly follow their event soon (the benchmark's within 20,000 records).
    private static final int REMEMBERED_DOCUMENTS = 20_000;
    private static final int CHUNK = 1_250;

    private final Map<String, Identity> recentIdentities =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Identity> eldest) {
                    return size() > REMEMBERED_IDENTITIES;
                }
            });
    private final Map<String, StoredDocument> recentDocuments =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, StoredDocument> eldest) {
                    return size() > REMEMBERED_DOCUMENTS;
                }
            });
    private final ElasticsearchClient client;
    // Boot's own low-level client, the one under the typed client: the same nodes, credentials and TLS bundle
    // (spring.elasticsearch.*), so that the NDJSON path is never a second, differently configured connection.
    private final Rest5Client lowLevel;
    private final boolean viaAlias;
    private final String alias;
    private final IngestMetrics metrics;

    @org.springframework.beans.factory.annotation.Autowired
    BulkEventWriter(
            ElasticsearchClient client, Rest5Client lowLevel, EventIndexInitializer index, IngestMetrics metrics) {
        this(client, lowLevel, index.alias(), true, metrics);
    }

    private BulkEventWriter(
            ElasticsearchClient client, Rest5Client lowLevel, String target, boolean viaAlias, IngestMetrics metrics) {
        this.client = client;
        this.viaAlias = viaAlias;
        this.lowLevel = lowLevel;
        this.alias = target;
        this.metrics = metrics;
    }

    /** A writer into another index (a rebuild's), with identities of its own. */
    BulkEventWriter into(String index) {
        return new BulkEventWriter(client, lowLevel, index, false, metrics);
    }

    /** What became of one document. */
    sealed interface Outcome {
        /** Stored as the latest revision ({@code created} or {@code updated}). */
        record Stored(String result) implements Outcome {}

        /** An equal or higher revision was already stored: a duplicate or a late, stale revision. */
        record Stale() implements Outcome {}

        /** Elasticsearch refused the document itself; retrying cannot help. */
        record Rejected(String type, String reason) implements Outcome {}

        /** Refused as stale, and the stored document is another type or unit: the record contradicts it. */
        record IdentityChanged(Identity stored) implements Outcome {}
    }

    /** Thrown when the batch must be retried later: the store is unreachable, overloaded (429) or failing (5xx). */
    static class StoreUnavailableException extends RuntimeException {
        StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A document as this writer stored it, and the epoch of sole writing it was stored in. */
    private record StoredDocument(long epoch, long version, byte[] json) {}

    /** What an eventId may never change across revisions. */
    record Identity(String type, String unitId) {}

    /**
     * The identities already stored for these eventIds (absent ids are not in the map). Once stored, an eventId's
     * identity never changes (a contradicting revision is refused), so the identities this process has seen are
     * remembered, and only the others are read: with a realtime get, which costs Elasticsearch a refresh.
     */
    Map<String, Identity> storedIdentities(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Identity> identities = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : eventIds) {
            Identity seen = recentIdentities.get(id);
            if (seen != null) {
                identities.put(id, seen);
            } else {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            identities.putAll(readIdentities(unknown));
        }
        return identities;
    }

    /**
     * The documents stored now for these eventIds (absent ids are not in the map): what a write of a later revision
     * is about to replace. The documents this writer stored last in the same {@code epoch} of sole writing are known
     * (nobody else wrote them since: see {@link #rememberStored}); the others are read with a realtime get, which
     * costs Elasticsearch a refresh.
     */
    Map<String, JsonNode> storedDocuments(Collection<String> eventIds, long epoch) {
        Map<String, JsonNode> documents = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : eventIds) {
            StoredDocument known = epoch < 0 ? null : recentDocuments.get(id);
            if (known != null && known.epoch() == epoch) {
                documents.put(id, JSON.readTree(known.json()));
            } else {
                unknown.add(id);
            }
        }
        documents.putAll(readDocuments(unknown));
        return documents;
    }

    /**
     * Remembers the documents just stored as their eventIds' latest, in an epoch in which this process is the only
     * writer of the index (-1: none, nothing is remembered). Only a write whose every outcome is known may be
     * remembered: after a failure, {@link #forgetStored} (a document may be stored that this writer does not know).
     */
    void rememberStored(List<EventDocument> stored, long epoch) {
        if (epoch < 0) {
            return;
        }
        // Two threads may store revisions of one eventId at once: the highest stored is the latest.
        stored.forEach(document -> recentDocuments.merge(
                document.id(),
                new StoredDocument(epoch, document.version(), document.json()),
                (known, now) -> known.epoch() == now.epoch() && known.version() > now.version() ? known : now));
    }

    /** Forgets every remembered document: a write failed, and its outcome for each is unknown. */
    void forgetStored() {
        recentDocuments.clear();
    }

    private Map<String, JsonNode> readDocuments(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        Request request = new Request("POST", "/" + alias + "/_mget");
        request.addParameter("filter_path", "docs._id,docs.found,docs._source,docs.error");
        var body = JSON.createObjectNode();
        var ids = body.putArray("ids");
        eventIds.forEach(ids::add);
        request.setEntity(new ByteArrayEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON));
        JsonNode response = perform(request, "reading stored events failed");
        Map<String, JsonNode> documents = new HashMap<>();
        for (JsonNode doc : response.path("docs")) {
            if (doc.has("error")) {
                throw new StoreUnavailableException(
                        "reading stored event " + doc.path("_id").asString() + " failed: "
                                + doc.path("error").path("reason").asString(),
                        null);
            }
            if (doc.path("found").asBoolean() && doc.has("_source")) {
                JsonNode source = doc.path("_source");
                documents.put(doc.path("_id").asString(), source);
                remember(
                        doc.path("_id").asString(),
                        new Identity(
                                source.path("type").asString(),
                                source.path("unitId").asString()));
            }
        }
        return documents;
    }

    /** Remembers the identity of a stored event (see {@link #storedIdentities}). */
    void remember(String eventId, Identity identity) {
        recentIdentities.put(eventId, identity);
    }

    private Map<String, Identity> readIdentities(List<String> eventIds) {
        MgetResponse<JsonData> response;
        try {
            response = client.mget(m -> m.index(alias).ids(eventIds).sourceIncludes("type", "unitId"), JsonData.class);
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
                Identity identity = new Identity(source.getString("type"), source.getString("unitId"));
                identities.put(doc.id(), identity);
                remember(doc.id(), identity);
            }
        }
        return identities;
    }

    /**
     * Writes the documents in one bulk request; the outcomes are in the same order.
     *
     * <p>The request is built as NDJSON bytes and sent through the low-level client, and only the fields the outcomes
     * need come back ({@code filter_path}): the typed client spent ~115 µs per document serializing the request and
     * parsing the response, three times what Elasticsearch spent indexing it (docs/benchmarks.md).
     */
    List<Outcome> write(List<EventDocument> documents) {
        if (documents.size() <= CHUNK) {
            return writeChunk(documents);
        }
        // A large batch goes as a few concurrent requests: Elasticsearch indexes them on several threads, and the
        // order does not matter (external versioning keeps the highest revision of an eventId whatever arrives first).
        List<List<EventDocument>> chunks = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += CHUNK) {
            chunks.add(documents.subList(from, Math.min(documents.size(), from + CHUNK)));
        }
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<List<Outcome>>> futures = new ArrayList<>();
            for (List<EventDocument> chunk : chunks) {
                futures.add(executor.submit(() -> writeChunk(chunk)));
            }
            List<Outcome> outcomes = new ArrayList<>(documents.size());
            for (var future : futures) {
                outcomes.addAll(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while writing", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreUnavailableException("bulk write failed: " + e.getCause(), e.getCause());
        }
    }

    private List<Outcome> writeChunk(List<EventDocument> documents) {
        if (documents.isEmpty()) {
            return List.of();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(documents.size() * 768);
        for (EventDocument document : documents) {
            body.writeBytes(ACTION_START);
            body.writeBytes(JSON.writeValueAsBytes(document.id()));
            body.writeBytes(VERSION);
            body.writeBytes(Long.toString(document.version()).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(ACTION_END);
            body.writeBytes(document.json());
            body.write('\n');
        }
        Request request = new Request("POST", "/" + alias + "/_bulk");
        if (viaAlias) {
            // Never let a missing alias be auto-created as an index of that name (an operator may be switching it).
            request.addParameter("require_alias", "true");
        }
        request.addParameter(
                "filter_path", "took,items.*.status,items.*.result,items.*.error.type,items.*.error.reason");
        request.setEntity(new ByteArrayEntity(body.toByteArray(), NDJSON));
        long start = System.nanoTime();
        JsonNode response = perform(request, "bulk write to Elasticsearch failed");
        JsonNode items = response.path("items");
        if (items.size() != documents.size()) {
            throw new StoreUnavailableException(
                    "Elasticsearch answered " + items.size() + " items for " + documents.size() + " documents", null);
        }
        metrics.bulk(
                Duration.ofNanos(System.nanoTime() - start),
                response.path("took").asLong(),
                documents.size());
        List<Outcome> outcomes = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            outcomes.add(outcome(documents.get(i).id(), items.get(i).path("index")));
        }
        return outcomes;
    }

    /** Sends a request through the low-level client and reads its JSON answer; any failure means retry later. */
    private JsonNode perform(Request request, String failure) {
        try {
            Response answer = lowLevel.performRequest(request);
            try (InputStream content = answer.getEntity().getContent()) {
                return JSON.readTree(content);
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreUnavailableException(failure + ": " + e.getMessage(), e);
        }
    }

    static Outcome outcome(String id, JsonNode item) {
        int status = item.path("status").asInt();
        if (status >= 200 && status < 300) {
            return new Outcome.Stored(item.path("result").asString());
        }
        if (status == 409) {
            return new Outcome.Stale();
        }
        String type = item.path("error").path("type").asString();
        if (status == 429 || status >= 500 || status == 404 || status == 403 || status == 0) {
            // 404: the alias is missing (an operator is rebuilding): wait rather than write to a wrong index.
            // 403: Elasticsearch refuses this client the index (its role lacks a privilege there): an operator's fix,
            // not the document's fault, so never a dead letter.
            throw new StoreUnavailableException(
                    "Elasticsearch could not store " + id + " now (" + status + " " + type + ")", null);
        }
        return new Outcome.Rejected(type, item.path("error").path("reason").asString());
    }
}
