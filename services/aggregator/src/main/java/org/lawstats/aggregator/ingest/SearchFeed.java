package org.lawstats.aggregator.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.lawstats.aggregator.cases.CaseKey;
import org.lawstats.aggregator.cases.CaseStore;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.deadlines.DeadlineDocument;
import org.lawstats.aggregator.deadlines.Deadlines;
import org.lawstats.aggregator.deadlines.RequestKey;
import org.lawstats.aggregator.indicators.EventDocument;
import org.lawstats.aggregator.ingest.DeadLetterPublisher.DeadLetter;
import org.lawstats.aggregator.ingest.VersionedWriter.Operation;
import org.lawstats.aggregator.ingest.VersionedWriter.Outcome;
import org.lawstats.aggregator.ingest.VersionedWriter.Target;
import org.lawstats.aggregator.store.DocumentsStored;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.topology.Published;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores what the aggregation publishes for search (ADR 15): the event documents, the case records and, from the case
 * and request records, the legal time limits (ADR 16), each with the version the topology gave it. Nothing is read before writing: the versions make every delivery, in any order and any
 * number of times, leave the latest in Elasticsearch. The topics are read committed (only what the aggregation's
 * transactions committed), in batches; the offsets are committed only after the batch is stored, and a batch that
 * could not be stored is retried with back-off by the one error handler.
 *
 * <p>A document Elasticsearch refuses (not a failure of the store: of the document) is dead-lettered with
 * {@code rejected-by-store}: for an event, its contract JSON under the topic, partition and offset it came from.
 */
@Component
public class SearchFeed {
    static final String LISTENER_ID = "lawstats-search";
    private static final Logger log = LoggerFactory.getLogger(SearchFeed.class);
    private static final EventCodec CODEC = EventCodec.strict();

    private final ResultsProperties results;
    private final VersionedWriter writer;
    private final CaseStore cases;
    private final Deadlines deadlines;
    private final Targets live;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final IngestState state;
    private final ApplicationEventPublisher publisher;

    SearchFeed(
            ResultsProperties results,
            VersionedWriter writer,
            CaseStore cases,
            Deadlines deadlines,
            EventIndexInitializer index,
            DeadLetterPublisher deadLetters,
            IngestMetrics metrics,
            IngestState state,
            ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.results = results;
        this.writer = writer;
        this.cases = cases;
        this.deadlines = deadlines;
        this.live = new Targets(
                new Target(index.alias(), true),
                new Target(index.casesAlias(), true),
                new Target(index.deadlinesAlias(), true));
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.state = state;
    }

    /** The topics it stores (public: the listener's topics are read from here, by name). */
    public List<String> topics() {
        return List.of(results.documentsTopic(), results.caseRecordsTopic(), results.requestRecordsTopic());
    }

    @KafkaListener(
            id = LISTENER_ID,
            // The group is spring.kafka.consumer.group-id, not the listener id: operators look for it by that name.
            idIsGroup = false,
            topics = "#{__listener.topics()}",
            batch = "true")
    void store(List<ConsumerRecord<byte[], byte[]>> records)
            throws InterruptedException, ExecutionException, TimeoutException {
        state.batchStarted();
        try {
            storeInto(records, live, true);
            state.batchSucceeded();
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            long attempts = state.batchFailed(e.getMessage());
            if (attempts == 1 || attempts % 10 == 0) {
                log.warn(
                        "a batch of {} records could not be stored (attempt {}); retrying with back-off: {}",
                        records.size(),
                        attempts,
                        e.toString());
            }
            throw e;
        }
    }

    /** Where a batch goes: the events, the case records, the time limits (the live aliases, or a rebuild's indices). */
    record Targets(Target events, Target cases, Target deadlines) {}

    /** One versioned result as it was published, and the record that carried it. */
    private record Result(ConsumerRecord<byte[], byte[]> record, String id, Published value) {
        long version() {
            return value.version();
        }

        Published.Document document() {
            return (Published.Document) value;
        }

        Published.Events events() {
            return (Published.Events) value;
        }
    }

    /**
     * Stores one batch into these targets. {@code live} is the aggregator's own feed (dead letters, metrics); a rebuild
     * replays the topics into new indices without them: the dead letters were sent the first time.
     */
    void storeInto(List<ConsumerRecord<byte[], byte[]>> records, Targets targets, boolean live)
            throws InterruptedException, ExecutionException, TimeoutException {
        long t0 = System.nanoTime();
        // Only the latest version of a key in the batch needs writing: the others would be stale at once.
        Map<String, Result> documents = new LinkedHashMap<>();
        Map<String, Result> caseRecords = new LinkedHashMap<>();
        Map<String, Result> requestRecords = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.key() == null || record.value() == null) {
                continue; // nothing the aggregation publishes: a tombstone an operator wrote to compact a key away
            }
            boolean document = record.topic().equals(results.documentsTopic());
            Result result = new Result(
                    record,
                    new String(record.key(), StandardCharsets.UTF_8),
                    document ? Published.Document.decode(record.value()) : Published.Events.decode(record.value()));
            Map<String, Result> latest = document
                    ? documents
                    : record.topic().equals(results.caseRecordsTopic()) ? caseRecords : requestRecords;
            latest.merge(result.id(), result, (held, next) -> next.version() >= held.version() ? next : held);
        }
        List<Result> eventResults = List.copyOf(documents.values());
        List<Result> caseResults = List.copyOf(caseRecords.values());
        List<Result> requestResults = List.copyOf(requestRecords.values());
        // Each record's events are decoded once, for its case document and its time limit alike.
        List<Operation> caseOperations = new ArrayList<>(caseResults.size());
        List<Operation> limits = new ArrayList<>(caseResults.size() + requestResults.size());
        for (Result result : caseResults) {
            List<EventEnvelope> held = events(result);
            caseOperations.add(
                    new Operation(result.id(), result.version(), held.isEmpty() ? null : cases.source(held)));
            limits.add(deadline(result, held, true));
        }
        for (Result result : requestResults) {
            limits.add(deadline(result, events(result), false));
        }
        long t1 = System.nanoTime();
        metrics.phase("decode", t1 - t0);
        List<Outcome> eventOutcomes = writer.write(
                targets.events(),
                eventResults.stream().map(SearchFeed::document).toList());
        List<Outcome> caseOutcomes = writer.write(targets.cases(), caseOperations);
        List<Outcome> limitOutcomes = writer.write(targets.deadlines(), limits);
        long t2 = System.nanoTime();
        metrics.phase("write", t2 - t1);
        if (!live) {
            return;
        }
        List<DeadLetter> rejected = new ArrayList<>();
        Set<String> units = new HashSet<>();
        Instant stored = Instant.now();
        for (int i = 0; i < eventResults.size(); i++) {
            Result result = eventResults.get(i);
            ObjectNode document = result.document().document();
            String type = document == null ? "deleted" : document.path("type").asString("deleted");
            switch (eventOutcomes.get(i)) {
                case Outcome.Stored done -> {
                    metrics.indexed(type, done.result());
                    if (document == null) {
                        continue;
                    }
                    if (document.has("unitId")) {
                        units.add(document.path("unitId").asString());
                    }
                    if (document.has("ingestedAt")) {
                        metrics.endToEnd(Duration.between(ingestedAt(document), stored));
                    }
                }
                case Outcome.Stale stale -> metrics.indexed(type, "stale");
                case Outcome.Rejected refused -> {
                    metrics.indexed(type, "rejected");
                    rejected.add(refusedEvent(result, refused));
                }
            }
        }
        for (int i = 0; i < caseResults.size(); i++) {
            if (caseOutcomes.get(i) instanceof Outcome.Rejected refused) {
                rejected.add(new DeadLetter(caseResults.get(i).record(), refusal(refused)));
            }
        }
        for (int i = 0; i < limits.size(); i++) {
            if (limitOutcomes.get(i) instanceof Outcome.Rejected refused) {
                Result result =
                        i < caseResults.size() ? caseResults.get(i) : requestResults.get(i - caseResults.size());
                rejected.add(new DeadLetter(result.record(), refusal(refused)));
            }
        }
        deadLetters.publish(rejected);
        metrics.phase("dead-letters", System.nanoTime() - t2);
        if (!units.isEmpty()) {
            publisher.publishEvent(new DocumentsStored(units));
        }
    }

    private static Operation document(Result result) {
        ObjectNode document = result.document().document();
        return new Operation(
                result.id(),
                result.version(),
                document == null ? null : CODEC.mapper().writeValueAsBytes(document));
    }

    /**
     * The time limit a case or request record makes, at the record's version; none (deleted at that version) when it
     * has no events or no limit (a case whose copy's service is unknown, a request not received).
     */
    private Operation deadline(Result result, List<EventEnvelope> held, boolean ofCase) {
        Optional<Deadline> deadline = Optional.empty();
        if (!held.isEmpty()) {
            deadline = ofCase
                    ? CaseKey.of(held.getFirst()).flatMap(key -> deadlines.ofCase(key.unitId(), key.caseNo(), held))
                    : RequestKey.of(held.getFirst())
                            .flatMap(key -> deadlines.ofRequest(key.unitId(), key.requestId(), held));
        }
        return new Operation(
                result.id(),
                result.version(),
                deadline.map(d -> CODEC.mapper().writeValueAsBytes(DeadlineDocument.of(d)))
                        .orElse(null));
    }

    private static List<EventEnvelope> events(Result result) {
        List<EventEnvelope> held = new ArrayList<>();
        for (JsonNode event : result.events().events()) {
            if (!(CODEC.decode(event) instanceof EventCodec.Decoded.Valid valid)) {
                throw new IllegalStateException("the record " + result.id() + " holds an event that no longer decodes");
            }
            held.add(valid.event());
        }
        return held;
    }

    private static Instant ingestedAt(JsonNode document) {
        try {
            return Instant.parse(document.path("ingestedAt").asString());
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    /** The event Elasticsearch refused, as a dead letter of the record it came in: its contract JSON. */
    private static DeadLetter refusedEvent(Result result, Outcome.Rejected refused) {
        Published.Document refusedDocument = result.document();
        ObjectNode event = EventDocument.contract(refusedDocument.document());
        Published.Origin origin = refusedDocument.origin();
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(
                origin.topic(),
                origin.partition(),
                origin.offset(),
                result.record().key(),
                CODEC.mapper().writeValueAsBytes(event));
        return new DeadLetter(original, refusal(refused));
    }

    private static Rejection refusal(Outcome.Rejected refused) {
        return Rejection.of(
                Rejection.Reason.REJECTED_BY_STORE, "", "Elasticsearch refused the document (" + refused.type() + ")");
    }
}
