package org.lawstats.aggregator.topology;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.lawstats.aggregator.cases.CaseKey;
import org.lawstats.aggregator.deadlines.RequestKey;
import org.lawstats.aggregator.indicators.EventDocument;
import org.lawstats.aggregator.indicators.FigureKey;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import tools.jackson.databind.node.ObjectNode;

/**
 * Step 3: a change of an event's counted revision, decoded once for every fan-out (it stays in memory: no step
 * between them has a topic), and what it takes away and adds to each of them, from the indicators' one definition.
 */
record Change(String eventId, long version, Counted before, Counted after) {
    private static final EventCodec CODEC = EventCodec.strict();

    /** A counted revision: the event, its document, its month in the registry's zone, and the record it came in. */
    record Counted(EventEnvelope event, ObjectNode document, YearMonth month, Arrival arrival) {
        boolean counts() {
            return !event.retracted();
        }

        /** The counted revision, from the event admission decoded if it is at hand, else decoded again. */
        static Counted of(Arrival arrival, EventEnvelope decoded, ZoneId zone) {
            if (arrival == null) {
                return null;
            }
            EventEnvelope event = decoded;
            if (event == null) {
                if (!(CODEC.decode(arrival.value()) instanceof EventCodec.Decoded.Valid valid)) {
                    throw new IllegalStateException("an admitted event no longer decodes");
                }
                event = valid.event();
            }
            EventDocument document =
                    EventDocument.of(event, Instant.ofEpochMilli(arrival.timestamp()), arrival.writer());
            YearMonth month = YearMonth.from(event.occurredAt().atZoneSameInstant(zone));
            return new Counted(event, document.tree(), month, arrival);
        }
    }

    static Change of(String eventId, Identify.Changed changed, ZoneId zone) {
        return new Change(
                eventId,
                changed.version(),
                Counted.of(changed.before(), null, zone),
                Counted.of(changed.after(), changed.afterEvent(), zone));
    }

    /**
     * The searchable document of the counted revision, with the version its store must keep the highest of, and the
     * record it came from (should the store refuse it, that record is dead-lettered); a null document when the event
     * counts as nothing any more (its store deletes it at that version).
     */
    byte[] document() {
        if (after == null) {
            return new Published.Document(version, null, null).encode();
        }
        Arrival arrival = after.arrival();
        return new Published.Document(
                        version,
                        new Published.Origin(arrival.topic(), arrival.partition(), arrival.offset()),
                        after.document())
                .encode();
    }

    /** What it takes away from and adds to its unit-months' counts and sums. */
    Map<FigureKey, Map<String, Long>> unitMonthDeltas(List<Indicator.Base> bases) {
        Map<FigureKey, Map<String, Long>> deltas = new HashMap<>();
        addUnitMonth(deltas, bases, before, -1);
        addUnitMonth(deltas, bases, after, 1);
        return deltas;
    }

    private static void addUnitMonth(
            Map<FigureKey, Map<String, Long>> deltas, List<Indicator.Base> bases, Counted counted, int sign) {
        if (counted == null || !counted.counts()) {
            return;
        }
        ObjectNode document = counted.document();
        for (Indicator.Base base : bases) {
            // The persons' and the joins' figures are their own steps'; the overdue counts are the deadlines'.
            long amount = switch (base) {
                case Indicator.Count count -> count.counts(document) ? 1 : 0;
                case Indicator.Sum sum -> sum.counts(document) ? sum.amount(document) : 0;
                case Indicator.Distinct distinct -> 0;
                case Indicator.Unmatched unmatched -> 0;
                case Indicator.Matched matched -> 0;
                case Indicator.Overdue overdue -> 0;
            };
            if (amount != 0) {
                deltas.computeIfAbsent(
                                new FigureKey.UnitMonth(counted.event().unitId(), counted.month()),
                                k -> new HashMap<>())
                        .merge(base.id(), sign * amount, Long::sum);
            }
        }
    }

    /** The persons of its distinct counts it takes away and adds, keyed by indicator and person. */
    List<KeyValue<String, PersonCells.PersonDelta>> personDeltas(List<Indicator.Base> bases) {
        List<KeyValue<String, PersonCells.PersonDelta>> out = new ArrayList<>();
        for (Indicator.Base base : bases) {
            if (base instanceof Indicator.Distinct distinct) {
                addPerson(out, distinct, before, -1);
                addPerson(out, distinct, after, 1);
            }
        }
        return out;
    }

    private static void addPerson(
            List<KeyValue<String, PersonCells.PersonDelta>> out, Indicator.Distinct base, Counted counted, int sign) {
        if (counted == null || !counted.counts() || !base.counts(counted.document())) {
            return;
        }
        String person = base.distinctValue(counted.document());
        if (person != null) {
            out.add(KeyValue.pair(
                    PersonCells.key(base.id(), person),
                    new PersonCells.PersonDelta(counted.event().unitId(), counted.month(), sign)));
        }
    }

    /** The sides of its joins it takes away and adds, keyed by indicator and join key. */
    List<KeyValue<String, Join.JoinDelta>> joinDeltas(List<Indicator.Base> bases) {
        List<KeyValue<String, Join.JoinDelta>> out = new ArrayList<>();
        for (Indicator.Base base : bases) {
            switch (base) {
                // Unmatched counts the events (no value of their own), matched the distinct values of its field.
                case Indicator.Unmatched unmatched -> {
                    addJoin(out, base, unmatched.match(), document -> "", before, -1);
                    addJoin(out, base, unmatched.match(), document -> "", after, 1);
                }
                case Indicator.Matched matched -> {
                    addJoin(out, base, matched.match(), matched::distinctValue, before, -1);
                    addJoin(out, base, matched.match(), matched::distinctValue, after, 1);
                }
                case Indicator.Count count -> {}
                case Indicator.Distinct distinct -> {}
                case Indicator.Sum sum -> {}
                case Indicator.Overdue overdue -> {}
            }
        }
        return out;
    }

    private static void addJoin(
            List<KeyValue<String, Join.JoinDelta>> out,
            Indicator.Base base,
            Indicator.Match match,
            Function<ObjectNode, String> valueOf,
            Counted counted,
            int sign) {
        if (counted == null || !counted.counts()) {
            return;
        }
        ObjectNode document = counted.document();
        if (base.counts(document)) {
            String key = match.key(document);
            String value = valueOf.apply(document);
            if (key != null && value != null) {
                out.add(KeyValue.pair(
                        Join.key(base.id(), key),
                        new Join.JoinDelta(false, counted.event().unitId(), counted.month(), value, sign)));
            }
        }
        if (match.isOtherSide(document)) {
            String key = match.key(document);
            if (key != null) {
                out.add(KeyValue.pair(Join.key(base.id(), key), new Join.JoinDelta(true, null, null, null, sign)));
            }
        }
    }

    /** Its case records' changes, keyed by the case record's document id. */
    List<KeyValue<String, RecordEvents.RecordDelta>> caseDeltas() {
        return recordDeltas(event -> CaseKey.of(event).map(CaseKey::documentId));
    }

    /** Its disclosure requests' records' changes, keyed by the request record's document id. */
    List<KeyValue<String, RecordEvents.RecordDelta>> requestDeltas() {
        return recordDeltas(event -> RequestKey.of(event).map(RequestKey::documentId));
    }

    /** A revision that moves the event to another record leaves the old one. */
    private List<KeyValue<String, RecordEvents.RecordDelta>> recordDeltas(
            Function<EventEnvelope, Optional<String>> recordOf) {
        Optional<String> was = before == null ? Optional.empty() : recordOf.apply(before.event());
        Optional<String> now = after == null ? Optional.empty() : recordOf.apply(after.event());
        List<KeyValue<String, RecordEvents.RecordDelta>> out = new ArrayList<>(2);
        if (was.isPresent() && !was.equals(now)) {
            out.add(KeyValue.pair(was.get(), new RecordEvents.RecordDelta(eventId, null)));
        }
        // The event as it arrived (admitted, so valid): passed on, not encoded again.
        now.ifPresent(key -> out.add(KeyValue.pair(
                key, new RecordEvents.RecordDelta(eventId, after.arrival().value()))));
        return out;
    }
}
