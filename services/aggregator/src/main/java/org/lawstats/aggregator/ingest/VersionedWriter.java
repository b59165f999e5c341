package org.lawstats.aggregator.ingest;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes documents to Elasticsearch without reading anything first (ADR 15): each carries the version the topology
 * gave it, as an external version, so Elasticsearch keeps the highest whatever the order or the number of deliveries,
 * and a duplicate or a stale one is a harmless 409. A deletion carries its version too. Every item of the bulk
 * response is checked.
 */
@Component
class VersionedWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] INDEX = "{\"index\":{\"_id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELETE = "{\"delete\":{\"_id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION =
            ",\"version_type\":\"external\",\"version\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_END = "}}\n".getBytes(StandardCharsets.US_ASCII);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final int CHUNK = 1_250;

    // Boot's own low-level client, the one under the typed client: the same nodes, credentials and TLS bundle
    // (spring.elasticsearch.*), so that the NDJSON path is never a second, differently configured connection.
    private final Rest5Client lowLevel;
    private final IngestMetrics metrics;

    VersionedWriter(Rest5Client lowLevel, IngestMetrics metrics) {
        this.lowLevel = lowLevel;
        this.metrics = metrics;
    }

    /** A document at a version, or ({@code json} null) its deletion at that version. */
    record Operation(String id, long version, byte[] json) {
        boolean deletes() {
            return json == null;
        }
    }

    /** Where documents go: an alias (which must exist: never auto-created as an index) or a rebuild's new index. */
    record Target(String name, boolean alias) {}

    /** What became of one operation. */
    sealed interface Outcome {
        /** Done: {@code created}, {@code updated}, {@code deleted}, or {@code not_found} for a deletion. */
        record Stored(String result) implements Outcome {}

        /** An equal or higher version was already there: a duplicate or a stale delivery. */
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

    /**
     * Writes the operations; the outcomes are in the same order. A large batch goes as a few concurrent requests:
     * Elasticsearch indexes them on several threads, and the order does not matter (the versions decide).
     *
     * <p>The request is built as NDJSON bytes and sent through the low-level client, and only the fields the outcomes
     * need come back ({@code filter_path}): the typed client spent ~115 µs per document serializing the request and
     * parsing the response, three times what Elasticsearch spent indexing it (docs/benchmarks.md).
     */
    List<Outcome> write(Target target, List<Operation> operations) {
        if (operations.size() <= CHUNK) {
            return writeChunk(target, operations);
        }
        List<List<Operation>> chunks = new ArrayList<>();
        for (int from = 0; from < operations.size(); from += CHUNK) {
            chunks.add(operations.subList(from, Math.min(operations.size(), from + CHUNK)));
        }
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (List<Operation> chunk : chunks) {
                futures.add(executor.submit(() -> writeChunk(target, chunk)));
            }
            List<Outcome> outcomes = new ArrayList<>(operations.size());
            for (var future : futures) {
                outcomes.addAll(future.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreUnavailableException("bulk write failed: " + e.getCause(), e.getCause());
        }
    }

    private List<Outcome> writeChunk(Target target, List<Operation> operations) {
        if (operations.isEmpty()) {
            return List.of();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(operations.size() * 768);
        for (Operation operation : operations) {
            body.writeBytes(operation.deletes() ? DELETE : INDEX);
            body.writeBytes(JSON.writeValueAsBytes(operation.id()));
            body.writeBytes(VERSION);
            body.writeBytes(Long.toString(operation.version()).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(ACTION_END);
            if (!operation.deletes()) {
                body.writeBytes(operation.json());
                body.write('\n');
            }
        }
        Request request = new Request("POST", "/" + target.name() + "/_bulk");
        if (target.alias()) {
            // Never let a missing alias be auto-created as an index of that name (an operator may be switching it).
            request.addParameter("require_alias", "true");
        }
        request.addParameter(
                "filter_path", "took,items.*.status,items.*.result,items.*.error.type,items.*.error.reason");
        request.setEntity(new ByteArrayEntity(body.toByteArray(), NDJSON));
        long start = System.nanoTime();
        JsonNode response = perform(request);
        JsonNode items = response.path("items");
        if (items.size() != operations.size()) {
            throw new StoreUnavailableException(
                    "Elasticsearch answered " + items.size() + " items for " + operations.size() + " operations", null);
        }
        metrics.bulk(
                Duration.ofNanos(System.nanoTime() - start),
                response.path("took").asLong(),
                operations.size());
        List<Outcome> outcomes = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            JsonNode item = items.get(i).path(operations.get(i).deletes() ? "delete" : "index");
            outcomes.add(outcome(operations.get(i).id(), item));
        }
        return outcomes;
    }

    /** Sends a request through the low-level client and reads its JSON answer; any failure means retry later. */
    private JsonNode perform(Request request) {
        try {
            Response answer = lowLevel.performRequest(request);
            try (InputStream content = answer.getEntity().getContent()) {
                return JSON.readTree(content);
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreUnavailableException("bulk write to Elasticsearch failed: " + e.getMessage(), e);
        }
    }

    static Outcome outcome(String id, JsonNode item) {
        int status = item.path("status").asInt();
        boolean error = item.has("error");
        if ((status >= 200 && status < 300) || (status == 404 && !error)) {
            // 404 without an error: a deletion of a document that is not there (never stored, or deleted already).
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
