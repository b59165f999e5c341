package org.lawstats.aggregator.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.lawstats.aggregator.cases.CaseKey;
import org.lawstats.aggregator.cases.CaseStore;
import org.lawstats.aggregator.ingest.DeadLetterPublisher.DeadLetter;
import org.lawstats.aggregator.store.SearchVisibility;
import org.lawstats.aggregator.store.StoredChange;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Rejection;
import org.lawstats.contract.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Consumes every event topic in batches: validates each record, stores the valid ones in one bulk request,
 * dead-letters the invalid ones, and only then returns, so that the container commits the batch's offsets
 * after its events are in Elasticsearch. Any failure to store or dead-letter throws, and the whole batch is
 * retried (idempotently: external versioning makes a second write of the same revision a no-op).
 *
 * <p>The event topics are the four contract topics, each carrying its types, and every unit's own topic (ADR 11),
 * which carries any type for the unit and the units below it: only that unit's Kafka user may write it, so an event
 * there for any other unit is dead-lettered ({@code unit-not-permitted}). Unit topics are found by a pattern
 * subscription, a new one within {@code metadata.max.age.ms}.
 */
@Component
class EventIngestListener {
    static final String LISTENER_ID = "lawstats-ingest";
    private static final Logger log = LoggerFactory.getLogger(EventIngestListener.class);

    private final EventAdmission admission;
    private final BulkEventWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final IngestState state;
    private final CaseStore cases;
    private final SearchVisibility visibility;

    EventIngestListener(
            EventAdmission admission,
            BulkEventWriter writer,
            DeadLetterPublisher deadLetters,
            IngestMetrics metrics,
            IngestState state,
            CaseStore cases,
            SearchVisibility visibility) {
        this.visibility = visibility;
        this.state = state;
        this.cases = cases;
        this.admission = admission;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    private record Accepted(ConsumerRecord<byte[], byte[]> record, EventEnvelope event) {}

    @KafkaListener(
            id = LISTENER_ID,
            // The group is spring.kafka.consumer.group-id, not the listener id: operators look for it by that name.
            idIsGroup = false,
            topicPattern = Topics.EVENT_TOPIC_REGEX,
            batch = "true")
    void ingest(List<ConsumerRecord<byte[], byte[]>> records)
            throws InterruptedException, ExecutionException, TimeoutException {
        state.batchStarted();
        try {
            store(records);
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

    private void store(List<ConsumerRecord<byte[], byte[]>> records)
            throws InterruptedException, ExecutionException, TimeoutException {
        storeInto(records, writer, cases, true);
    }

    /**
     * The ingest of one batch into the given stores. {@code live} is the aggregator's own consumption (dead letters,
     * metrics, visibility); a rebuild replays the topics into new indices without them: the dead letters were sent
     * the first time.
     */
    void storeInto(List<ConsumerRecord<byte[], byte[]>> records, BulkEventWriter writer, CaseStore cases, boolean live)
            throws InterruptedException, ExecutionException, TimeoutException {
        long t0 = System.nanoTime();
        List<Accepted> accepted = new ArrayList<>(records.size());
        List<DeadLetter> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            switch (validate(record)) {
                case EventCodec.Decoded.Valid valid -> accepted.add(new Accepted(record, valid.event()));
                case EventCodec.Decoded.Invalid invalid -> rejected.add(new DeadLetter(record, invalid.rejection()));
            }
        }
        long t1 = System.nanoTime();
        metrics.phase("validate", t1 - t0);
        Set<String> units = new HashSet<>();
        accepted.forEach(a -> units.add(a.event().unitId()));
        long epoch = live ? visibility.soleWriterEpoch() : -1;
        // The write begins before what it replaces is read: a write of the same unit by the other consumer thread
        // after that read would otherwise go unnoticed (the unit would count as this write's alone).
        SearchVisibility.Write write = live ? visibility.writing(units) : null;
        Map<String, JsonNode> before = Map.of();
        List<EventDocument> documents = List.of();
        List<BulkEventWriter.Outcome> outcomes;
        List<Integer> latest = null;
        long t2 = t1;
        long written;
        try {
            before = writer.storedDocuments(revisedIds(accepted), epoch);
            accepted = withUnchangedIdentity(accepted, rejected, before);
            Instant now = Instant.now();
            documents =
                    accepted.stream().map(a -> EventDocument.of(a.event(), now)).toList();
            t2 = System.nanoTime();
            metrics.phase("identity", t2 - t1);
            outcomes = new ArrayList<>(writer.write(documents));
            latest = latestStored(documents, outcomes);
            writer.rememberStored(latest.stream().map(documents::get).toList(), epoch);
        } catch (RuntimeException e) {
            writer.forgetStored();
            throw e;
        } finally {
            written = System.nanoTime();
            metrics.phase("write", written - t2);
            if (live) {
                visibility.written(write, latest == null ? null : changes(accepted, documents, latest, before));
            }
        }
        long t3 = System.nanoTime();
        metrics.phase("ledger", t3 - written);
        identityOfStaleFirstRevisions(accepted, outcomes, writer);
        for (int i = 0; i < outcomes.size(); i++) {
            Accepted a = accepted.get(i);
            switch (outcomes.get(i)) {
                case BulkEventWriter.Outcome.Stored stored -> {
                    writer.remember(a.event().eventId(), identity(a.event()));
                    metrics.indexed(a.event().type().wireName(), stored.result());
                }
                case BulkEventWriter.Outcome.Stale stale ->
                    metrics.indexed(a.event().type().wireName(), "stale");
                case BulkEventWriter.Outcome.Rejected refused ->
                    rejected.add(new DeadLetter(
                            a.record(),
                            Rejection.of(
                                    Rejection.Reason.REJECTED_BY_STORE,
                                    "",
                                    "Elasticsearch refused the document (" + refused.type() + ")")));
                case BulkEventWriter.Outcome.IdentityChanged changed ->
                    rejected.add(new DeadLetter(a.record(), identityChanged(a.event(), changed.stored())));
            }
        }
        long t4 = System.nanoTime();
        mergeCases(accepted, outcomes, latest, before, writer, cases);
        long t5 = System.nanoTime();
        metrics.phase("cases", t5 - t4);
        if (!live) {
            return;
        }
        deadLetters.publish(rejected);
        metrics.phase("dead-letters", System.nanoTime() - t5);
        Instant stored = Instant.now();
        for (Accepted a : accepted) {
            metrics.consumed(topicTag(a.record().topic()), a.event().type().wireName(), "valid");
            metrics.endToEnd(Duration.between(Instant.ofEpochMilli(a.record().timestamp()), stored));
        }
        for (DeadLetter letter : rejected) {
            metrics.consumed(topicTag(letter.record().topic()), "unknown", "invalid");
        }
    }

    /** The topic as a metric tag: the unit topics as one, so that the number of series does not grow with units. */
    private static String topicTag(String topic) {
        return topic.startsWith(Topics.UNIT_PREFIX) ? Topics.UNIT_PREFIX + "*" : topic;
    }

    /**
     * Case records take each case event's stored revision: the one this write stored, or, for a record delivered
     * again (after a crash the redelivered events are stale for the event index, but their case records may not have
     * been written), the stored one if it is this very revision. A stale earlier revision is never merged: it may name
     * another case than the stored one. A revision takes its event out of the records of its earlier revisions (it
     * may move the event to another caseNo or kind): those of the document it replaced and of earlier revisions in
     * this batch; for a revision delivered again, whose earlier records this write cannot know, by a search.
     */
    private static void mergeCases(
            List<Accepted> accepted,
            List<BulkEventWriter.Outcome> outcomes,
            List<Integer> latest,
            Map<String, JsonNode> before,
            BulkEventWriter writer,
            CaseStore cases) {
        Map<String, EventEnvelope> current = new LinkedHashMap<>();
        for (int i : latest) {
            EventEnvelope event = accepted.get(i).event();
            if (CaseKey.of(event).isPresent()) {
                current.put(event.eventId(), event);
            }
        }
        Set<String> unknownFormer = new HashSet<>();
        Set<String> staleFirstRevisions = new HashSet<>();
        for (int i = 0; i < outcomes.size(); i++) {
            EventEnvelope event = accepted.get(i).event();
            if (outcomes.get(i) instanceof BulkEventWriter.Outcome.Stale
                    && CaseKey.of(event).isPresent()
                    && !current.containsKey(event.eventId())
                    && event.revision() == 1) {
                staleFirstRevisions.add(event.eventId());
            }
        }
        Map<String, JsonNode> stored = new HashMap<>(before);
        stored.putAll(writer.storedDocuments(staleFirstRevisions, -1));
        for (int i = 0; i < outcomes.size(); i++) {
            EventEnvelope event = accepted.get(i).event();
            JsonNode now = stored.get(event.eventId());
            if (outcomes.get(i) instanceof BulkEventWriter.Outcome.Stale
                    && CaseKey.of(event).isPresent()
                    && !current.containsKey(event.eventId())
                    && now != null
                    && now.path("revision").asLong(1) == event.revision()) {
                current.put(event.eventId(), event);
                if (event.revision() > 1) {
                    unknownFormer.add(event.eventId());
                }
            }
        }
        Map<String, Set<CaseKey>> formerKeys = new HashMap<>();
        for (EventEnvelope event : current.values()) {
            JsonNode replaced = before.get(event.eventId());
            if (replaced != null && replaced.path("revision").asLong(1) < event.revision()) {
                CaseKey.ofStored(replaced)
                        .ifPresent(key -> formerKeys
                                .computeIfAbsent(event.eventId(), id -> new HashSet<>())
                                .add(key));
            }
        }
        for (Accepted a : accepted) {
            EventEnvelope winner = current.get(a.event().eventId());
            if (winner != null && a.event().revision() < winner.revision()) {
                CaseKey.of(a.event())
                        .ifPresent(key -> formerKeys
                                .computeIfAbsent(winner.eventId(), id -> new HashSet<>())
                                .add(key));
            }
        }
        cases.merge(List.copyOf(current.values()), formerKeys, unknownFormer);
    }

    /**
     * The eventIds of revisions above 1: only they can overwrite a stored document (external versioning), so only
     * their stored documents are read before writing. A first revision either creates its document or is refused
     * as stale (409) and writes nothing; the stale ones are checked after the bulk
     * ({@link #identityOfStaleFirstRevisions}). Most records are first revisions, so this saves a read of every
     * eventId of the batch (see docs/benchmarks.md).
     */
    private static Set<String> revisedIds(List<Accepted> accepted) {
        Set<String> revised = new HashSet<>();
        accepted.stream()
                .filter(a -> a.event().revision() > 1)
                .forEach(a -> revised.add(a.event().eventId()));
        return revised;
    }

    /**
     * A revision may not change the type or unit of its eventId: the first identity seen (stored, or earlier in
     * this batch) stands, and a record that contradicts it is dead-lettered.
     */
    private static List<Accepted> withUnchangedIdentity(
            List<Accepted> accepted, List<DeadLetter> rejected, Map<String, JsonNode> stored) {
        Map<String, BulkEventWriter.Identity> known = new HashMap<>();
        stored.forEach((id, document) -> known.put(
                id,
                new BulkEventWriter.Identity(
                        document.path("type").asString(),
                        document.path("unitId").asString())));
        List<Accepted> kept = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            var first = known.putIfAbsent(a.event().eventId(), identity(a.event()));
            if (first == null || first.equals(identity(a.event()))) {
                kept.add(a);
            } else {
                rejected.add(new DeadLetter(a.record(), identityChanged(a.event(), first)));
            }
        }
        return kept;
    }

    /**
     * What the write changed, per eventId it stored: the document before the batch and the one stored now. External
     * versioning keeps the highest revision whatever the order the batch's documents were indexed in, so the stored
     * one is the highest revision of the batch that was stored. An eventId stored only as a first revision was
     * created (a first revision cannot replace anything); the others' documents were read before writing.
     */
    private static List<StoredChange> changes(
            List<Accepted> accepted,
            List<EventDocument> documents,
            List<Integer> latest,
            Map<String, JsonNode> before) {
        List<StoredChange> changes = new ArrayList<>(latest.size());
        for (int i : latest) {
            changes.add(new StoredChange(
                    accepted.get(i).event().unitId(),
                    before.get(documents.get(i).id()),
                    documents.get(i).tree()));
        }
        return changes;
    }

    /** The positions of the documents now stored: per eventId stored by the write, its highest revision. */
    private static List<Integer> latestStored(List<EventDocument> documents, List<BulkEventWriter.Outcome> outcomes) {
        Map<String, Integer> latest = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Integer seen = latest.get(documents.get(i).id());
            if (outcomes.get(i) instanceof BulkEventWriter.Outcome.Stored
                    && (seen == null
                            || documents.get(i).version() > documents.get(seen).version())) {
                latest.put(documents.get(i).id(), i);
            }
        }
        return List.copyOf(latest.values());
    }

    /** A first revision refused as stale may have contradicted the stored identity: it is dead-lettered then. */
    private static void identityOfStaleFirstRevisions(
            List<Accepted> accepted, List<BulkEventWriter.Outcome> outcomes, BulkEventWriter writer) {
        Set<String> stale = new HashSet<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof BulkEventWriter.Outcome.Stale
                    && accepted.get(i).event().revision() == 1) {
                stale.add(accepted.get(i).event().eventId());
            }
        }
        Map<String, BulkEventWriter.Identity> stored = writer.storedIdentities(stale);
        for (int i = 0; i < outcomes.size(); i++) {
            EventEnvelope event = accepted.get(i).event();
            BulkEventWriter.Identity identity = stored.get(event.eventId());
            if (event.revision() == 1
                    && outcomes.get(i) instanceof BulkEventWriter.Outcome.Stale
                    && identity != null
                    && !identity.equals(identity(event))) {
                outcomes.set(i, new BulkEventWriter.Outcome.IdentityChanged(identity));
            }
        }
    }

    private static BulkEventWriter.Identity identity(EventEnvelope event) {
        return new BulkEventWriter.Identity(event.type().wireName(), event.unitId());
    }

    private static Rejection identityChanged(EventEnvelope event, BulkEventWriter.Identity first) {
        return Rejection.of(
                Rejection.Reason.IDENTITY_CHANGED,
                first.type().equals(event.type().wireName()) ? "unitId" : "type",
                "eventId " + event.eventId() + " is a " + first.type() + " of unit " + first.unitId()
                        + "; a revision cannot change its type or unit");
    }

    private EventCodec.Decoded validate(ConsumerRecord<byte[], byte[]> record) {
        return admission.admit(record.topic(), record.value());
    }
}
