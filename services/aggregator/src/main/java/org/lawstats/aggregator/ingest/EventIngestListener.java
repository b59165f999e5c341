package org.lawstats.aggregator.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.lawstats.aggregator.cases.CaseStore;
import org.lawstats.aggregator.ingest.DeadLetterPublisher.DeadLetter;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.store.EventsStored;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Rejection;
import org.lawstats.contract.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes every event topic in batches: validates each record, stores the valid ones in one bulk request,
 * dead-letters the invalid ones, and only then returns, so that the container commits the batch's offsets
 * after its events are in Elasticsearch. Any failure to store or dead-letter throws, and the whole batch is
 * retried (idempotently: external versioning makes a second write of the same revision a no-op).
 */
@Component
class EventIngestListener {
    static final String LISTENER_ID = "lawstats-ingest";
    private static final Logger log = LoggerFactory.getLogger(EventIngestListener.class);

    private final EventCodec codec = EventCodec.strict();
    private final UnitRegistry registry;
    private final BulkEventWriter writer;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final IngestState state;
    private final CaseStore cases;
    private final ApplicationEventPublisher events;

    EventIngestListener(
            UnitRegistry registry,
            BulkEventWriter writer,
            DeadLetterPublisher deadLetters,
            IngestMetrics metrics,
            IngestState state,
            CaseStore cases,
            ApplicationEventPublisher events) {
        this.events = events;
        this.state = state;
        this.cases = cases;
        this.registry = registry;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    private record Accepted(ConsumerRecord<byte[], byte[]> record, EventEnvelope event) {}

    @KafkaListener(
            id = LISTENER_ID,
            // The group is spring.kafka.consumer.group-id, not the listener id: operators look for it by that name.
            idIsGroup = false,
            topics = {Topics.TRAINING, Topics.DISCLOSURE, Topics.CASES, Topics.ACTIVITIES},
            batch = "true")
    void ingest(List<ConsumerRecord<byte[], byte[]>> records)
            throws InterruptedException, ExecutionException, TimeoutException {
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
        List<Accepted> accepted = new ArrayList<>(records.size());
        List<DeadLetter> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            switch (validate(record)) {
                case EventCodec.Decoded.Valid valid -> accepted.add(new Accepted(record, valid.event()));
                case EventCodec.Decoded.Invalid invalid -> rejected.add(new DeadLetter(record, invalid.rejection()));
            }
        }
        accepted = withUnchangedIdentity(accepted, rejected);
        Instant now = Instant.now();
        List<EventDocument> documents =
                accepted.stream().map(a -> EventDocument.of(a.event(), now)).toList();
        List<BulkEventWriter.Outcome> outcomes = writer.write(documents);
        for (int i = 0; i < outcomes.size(); i++) {
            Accepted a = accepted.get(i);
            switch (outcomes.get(i)) {
                case BulkEventWriter.Outcome.Stored stored ->
                    metrics.indexed(a.event().type().wireName(), stored.result());
                case BulkEventWriter.Outcome.Stale stale ->
                    metrics.indexed(a.event().type().wireName(), "stale");
                case BulkEventWriter.Outcome.Rejected refused ->
                    rejected.add(new DeadLetter(
                            a.record(),
                            Rejection.of(
                                    Rejection.Reason.REJECTED_BY_STORE,
                                    "",
                                    "Elasticsearch refused the document (" + refused.type() + ")")));
            }
        }
        // Case records merge every valid case event, stored or stale alike: after a crash the redelivered events
        // are stale for the event index, but their case records may not have been written yet.
        List<EventEnvelope> valid = new ArrayList<>(accepted.size());
        for (int i = 0; i < outcomes.size(); i++) {
            if (!(outcomes.get(i) instanceof BulkEventWriter.Outcome.Rejected)) {
                valid.add(accepted.get(i).event());
            }
        }
        cases.merge(valid);
        deadLetters.publish(rejected);
        if (!valid.isEmpty()) {
            events.publishEvent(new EventsStored(valid.size(), Instant.now()));
        }
        Instant stored = Instant.now();
        for (Accepted a : accepted) {
            metrics.consumed(a.record().topic(), a.event().type().wireName(), "valid");
            metrics.endToEnd(Duration.between(Instant.ofEpochMilli(a.record().timestamp()), stored));
        }
        for (DeadLetter letter : rejected) {
            metrics.consumed(letter.record().topic(), "unknown", "invalid");
        }
    }

    /**
     * A revision may not change the type or unit of its eventId: the first identity seen (stored, or earlier in
     * this batch) stands, and a record that contradicts it is dead-lettered.
     */
    private List<Accepted> withUnchangedIdentity(List<Accepted> accepted, List<DeadLetter> rejected) {
        Set<String> ids = new HashSet<>();
        accepted.forEach(a -> ids.add(a.event().eventId()));
        Map<String, BulkEventWriter.Identity> known = new HashMap<>(writer.storedIdentities(ids));
        List<Accepted> kept = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            var identity = new BulkEventWriter.Identity(
                    a.event().type().wireName(), a.event().unitId());
            var first = known.putIfAbsent(a.event().eventId(), identity);
            if (first == null || first.equals(identity)) {
                kept.add(a);
            } else {
                rejected.add(new DeadLetter(
                        a.record(),
                        Rejection.of(
                                Rejection.Reason.IDENTITY_CHANGED,
                                first.type().equals(identity.type()) ? "unitId" : "type",
                                "eventId " + a.event().eventId() + " is a " + first.type() + " of unit "
                                        + first.unitId() + "; a revision cannot change its type or unit")));
            }
        }
        return kept;
    }

    private EventCodec.Decoded validate(ConsumerRecord<byte[], byte[]> record) {
        EventCodec.Decoded decoded = codec.decode(record.value());
        if (!(decoded instanceof EventCodec.Decoded.Valid valid)) {
            return decoded;
        }
        EventEnvelope event = valid.event();
        if (!event.type().topic().equals(record.topic())) {
            return invalid(
                    event,
                    Rejection.Reason.WRONG_TOPIC,
                    "type",
                    event.type().wireName() + " belongs on " + event.type().topic() + ", not " + record.topic());
        }
        if (!registry.contains(event.unitId())) {
            return invalid(
                    event,
                    Rejection.Reason.UNKNOWN_UNIT,
                    "unitId",
                    "'" + event.unitId() + "' is not a unit of the registry");
        }
        return decoded;
    }

    private static EventCodec.Decoded invalid(
            EventEnvelope event, Rejection.Reason reason, String field, String message) {
        return new EventCodec.Decoded.Invalid(
                Rejection.of(reason, field, message), java.util.Optional.of(event.eventId()));
    }
}
