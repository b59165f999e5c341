package org.lawstats.aggregator.topology;

import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Rejection;

/**
 * Step 2: the revisions of an eventId meet in one store ({@link EventHistory}): the lowest revision defines the
 * identity, the event counts as the highest revision of that identity, and each change of the counted revision goes
 * on as (before, after) with a growing version. A duplicate changes nothing and writes nothing.
 */
final class Identify implements Processor<String, Admit.Arriving, String, Identify.Identified> {
    /** What the revisions of an eventId make of an arrival: a change of the counted revision, or a dead letter. */
    sealed interface Identified {}

    /** The counted revision changed; {@code afterEvent} is the event admission decoded, when it is that record. */
    record Changed(long version, Arrival before, Arrival after, EventEnvelope afterEvent) implements Identified {}

    /** A record refused by its eventId's identity, as it arrived. */
    record DeadArrival(byte[] key, byte[] value) implements Identified {}

    private final UnitRegistry registry;
    private final EventMetrics metrics;
    private ProcessorContext<String, Identified> context;
    private KeyValueStore<String, EventHistory> store;

    Identify(UnitRegistry registry, EventMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Identified> context) {
        this.context = context;
        this.store = context.getStateStore(EventTopology.EVENTS_STORE);
    }

    @Override
    public void process(Record<String, Admit.Arriving> record) {
        String eventId = record.key();
        Arrival arrival = record.value().arrival();
        EventHistory before = Optional.ofNullable(store.get(eventId)).orElse(EventHistory.NONE);
        Optional<EventHistory.Claim> governed = before.governing(registry);
        EventHistory after = before.with(arrival);
        Optional<EventHistory.Claim> governing = after.governing(registry);
        if (governing.isEmpty() || !governing.get().claims(arrival)) {
            deadLetter(record, arrival, refusal(eventId, arrival, governing, after));
        }
        if (governed.isPresent() && (governing.isEmpty() || !governed.get().sameIdentity(governing.get()))) {
            // The identity counted so far lost to a lower revision, or is contested: it was never valid.
            Arrival overtaken = governed.get().highest();
            deadLetter(record, overtaken, refusal(eventId, overtaken, governing, after));
        }
        Arrival was = governed.map(EventHistory.Claim::highest).orElse(null);
        Arrival now = governing.map(EventHistory.Claim::highest).orElse(null);
        if (now == null ? was != null : !now.sameAs(was)) {
            after = after.advanced();
            // The event admission decoded, if the counted revision is this very record (not an equal revision kept
            // from before).
            EventEnvelope decoded = now != null && Arrays.equals(now.value(), arrival.value())
                    ? record.value().event()
                    : null;
            context.forward(record.withValue(new Changed(after.version(), was, now, decoded)));
        }
        if (!after.equals(before)) {
            store.put(eventId, after);
        }
    }

    private void deadLetter(Record<String, Admit.Arriving> record, Arrival letter, Rejection why) {
        metrics.deadLettered(why.reason().code());
        context.forward(new Record<String, Identified>(
                record.key(),
                new DeadArrival(letter.key(), letter.value()),
                record.timestamp(),
                DeadLetters.headers(new RecordHeaders(), why, letter.topic(), letter.partition(), letter.offset())));
    }

    private static Rejection refusal(
            String eventId, Arrival letter, Optional<EventHistory.Claim> governing, EventHistory history) {
        if (governing.isPresent()) {
            EventHistory.Claim claim = governing.get();
            return Rejection.of(
                    Rejection.Reason.IDENTITY_CHANGED,
                    claim.type().equals(letter.type()) ? "unitId" : "type",
                    "eventId " + eventId + " is a " + claim.type() + " of unit " + claim.unitId()
                            + " (its lowest revision, " + claim.lowest() + "); revision " + letter.revision()
                            + " cannot change its type or unit");
        }
        return Rejection.of(
                Rejection.Reason.UNIT_NOT_PERMITTED,
                "unitId",
                "eventId " + eventId + " is claimed by units "
                        + history.claims().stream()
                                .map(EventHistory.Claim::unitId)
                                .distinct()
                                .sorted()
                                .toList()
                        + " through topics of units none of which is over all of them; it counts for none");
    }
}
