package org.lawstats.aggregator.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.lawstats.aggregator.cases.CaseKey;
import org.lawstats.aggregator.deadlines.RequestKey;
import org.lawstats.aggregator.indicators.FigureKey;
import org.lawstats.aggregator.indicators.FigureStore;
import org.lawstats.aggregator.indicators.Figures;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Rejection;
import org.lawstats.contract.Topics;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregation as one Kafka Streams topology (ADR 15): the state it needs lives next to the partitions that feed
 * it, in changelogged stores, and every step commits exactly once with its inputs, so no redelivery, crash or arrival
 * order changes a figure.
 *
 * <ol>
 *   <li>Every record of the event topics is admitted ({@link EventAdmission}) or dead-lettered with its reason.
 *   <li>Re-keyed by eventId, the revisions meet in one store ({@link EventHistory}): the lowest revision defines the
 *       identity, the event counts as the highest revision of that identity, and each change of the counted revision
 *       goes on as (before, after) with a growing version.
 *   <li>Each change is what it takes away and adds: to the unit-month figures (counts, sums), to the persons of a
 *       distinct count (re-keyed by person, so that each person is in one task and the partial counts add up
 *       exactly), to the joins (re-keyed by their key: pending requests, cohorts), to the case records and the
 *       disclosure requests' records (re-keyed by their record), and the event's document for the searchable store.
 *   <li>Each part (partition) keeps its share of the figures where the changes already are, in a cached store
 *       ({@link FigureStore}): the unit-months' counts and sums where the events' identities are settled and where the
 *       joins are, the distinct counts' cells where the persons are (each person in one part, so the shares add up
 *       exactly). The stores' changelogs, compacted, are the published figures: every instance reads them whole and
 *       adds the shares ({@link org.lawstats.aggregator.indicators.FiguresView}); no figure crosses another topic.
 * </ol>
 */
final class EventTopology {
    static final String DOCUMENTS_TOPIC = "lawstats.documents";
    static final String CASE_RECORDS_TOPIC = "lawstats.case-records";
    static final String REQUEST_RECORDS_TOPIC = "lawstats.request-records";

    /** The partitions of {@code by-event} (and so of the identities' tasks) unless told: the contract topics' own. */
    static final int DEFAULT_PARTITIONS = 3;

    static final String EVENTS_STORE = "lawstats-events";
    static final String PERSONS_STORE = "lawstats-persons";
    static final String JOINS_STORE = "lawstats-joins";
    static final String CASES_STORE = "lawstats-cases";
    static final String REQUESTS_STORE = "lawstats-requests";

    private static final StateSerde<Arrival> ARRIVAL = Arrival.SERDE;
    private static final StateSerde<EventHistory> HISTORY = EventHistory.SERDE;
    private static final org.apache.kafka.common.serialization.Serde<Arriving> ARRIVING = Serdes.serdeFrom(
            (topic, arriving) -> ARRIVAL.serializer().serialize(topic, arriving.arrival()),
            (topic, bytes) -> new Arriving(ARRIVAL.deserializer().deserialize(topic, bytes), null));
    private static final org.apache.kafka.common.serialization.Serde<Figures> FIGURES =
            Serdes.serdeFrom((topic, figures) -> figures.encode(), (topic, bytes) -> Figures.decode(bytes));
    /**
     * The figure stores' changelogs are what the views read from the beginning: small segments, cleaned early, so
     * that a cold start reads about one record per figure (part 4 of issue 24).
     */
    private static final Map<String, String> FIGURE_CHANGELOG = Map.of(
            org.apache.kafka.common.config.TopicConfig.SEGMENT_MS_CONFIG, "600000",
            org.apache.kafka.common.config.TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(16 << 20),
            org.apache.kafka.common.config.TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");

    private static final StateSerde<PersonDelta> PERSON_DELTA = StateSerde.of(
            PersonDelta.class,
            (delta, out) -> {
                StateSerde.writeString(out, delta.unitId());
                StateSerde.writeString(out, delta.month());
                out.writeInt(delta.sign());
            },
            in -> new PersonDelta(StateSerde.readString(in), StateSerde.readString(in), in.readInt()));
    private static final StateSerde<Counts> COUNTS = StateSerde.of(
            Counts.class,
            (counts, out) -> StateSerde.writeInts(out, counts.counts()),
            in -> new Counts(StateSerde.readInts(in)));
    private static final StateSerde<JoinDelta> JOIN_DELTA = StateSerde.of(
            JoinDelta.class,
            (delta, out) -> {
                out.writeBoolean(delta.matching());
                StateSerde.writeString(out, delta.unitId());
                StateSerde.writeString(out, delta.month());
                StateSerde.writeString(out, delta.value());
                out.writeInt(delta.sign());
            },
            in -> new JoinDelta(
                    in.readBoolean(),
                    StateSerde.readString(in),
                    StateSerde.readString(in),
                    StateSerde.readString(in),
                    in.readInt()));
    private static final StateSerde<JoinState> JOIN_STATE = StateSerde.of(
            JoinState.class,
            (state, out) -> {
                StateSerde.writeInts(out, state.counted());
                out.writeLong(state.matching());
            },
            in -> new JoinState(StateSerde.readInts(in), in.readLong()));
    private static final StateSerde<RecordDelta> RECORD_DELTA = StateSerde.of(
            RecordDelta.class,
            (delta, out) -> {
                StateSerde.writeString(out, delta.eventId());
                StateSerde.writeBytes(out, delta.value());
            },
            in -> new RecordDelta(StateSerde.readString(in), StateSerde.readBytes(in)));
    private static final StateSerde<RecordState> RECORD_STATE = StateSerde.of(
            RecordState.class,
            (state, out) -> {
                out.writeLong(state.version());
                out.writeInt(state.events().size());
                for (var event : state.events().entrySet()) {
                    StateSerde.writeString(out, event.getKey());
                    StateSerde.writeBytes(out, event.getValue());
                }
            },
            in -> {
                long version = in.readLong();
                int size = in.readInt();
                Map<String, byte[]> events = new TreeMap<>();
                for (int i = 0; i < size; i++) {
                    events.put(StateSerde.readString(in), StateSerde.readBytes(in));
                }
                return new RecordState(version, events);
            });
    private static final EventCodec CODEC = EventCodec.strict();

    private final EventAdmission admission;
    private final UnitRegistry registry;
    private final ZoneId zone;
    private final List<Indicator> bases;
    private final Pattern source;
    private final Outputs outputs;
    private final IngestMetrics metrics;
    private final int partitions;

    /**
     * Where the results go (null: not made): the documents, case and request records for the searchable store. The
     * names are per application, so that two applications on one broker never mix their results; the figures are the
     * figure stores' changelogs, named by the application id.
     */
    record Outputs(String documents, String caseRecords, String requestRecords, boolean deadLetters) {
        static final Outputs ALL = new Outputs(DOCUMENTS_TOPIC, CASE_RECORDS_TOPIC, REQUEST_RECORDS_TOPIC, true);
    }

    EventTopology(EventAdmission admission, UnitRegistry registry, IndicatorCatalogue catalogue) {
        this(admission, registry, catalogue, Pattern.compile(Topics.EVENT_TOPIC_REGEX), Outputs.ALL);
    }

    /** A topology that reads only the event topics that {@code source} matches (a test's own unit topics). */
    EventTopology(EventAdmission admission, UnitRegistry registry, IndicatorCatalogue catalogue, Pattern source) {
        this(admission, registry, catalogue, source, Outputs.ALL);
    }

    EventTopology(
            EventAdmission admission,
            UnitRegistry registry,
            IndicatorCatalogue catalogue,
            Pattern source,
            Outputs outputs) {
        this(
                admission,
                registry,
                catalogue,
                source,
                outputs,
                new IngestMetrics(new SimpleMeterRegistry()),
                DEFAULT_PARTITIONS);
    }

    EventTopology(
            EventAdmission admission,
            UnitRegistry registry,
            IndicatorCatalogue catalogue,
            Pattern source,
            Outputs outputs,
            IngestMetrics metrics,
            int partitions) {
        this.partitions = partitions;
        this.source = source;
        this.outputs = outputs;
        this.metrics = metrics;
        this.admission = admission;
        this.registry = registry;
        this.zone = registry.zone();
        this.bases = catalogue.bases();
    }

    // ---- the records between the steps (JSON in the internal topics and stores) ------------------------------

    /** One counted event of a person in a unit and month, added (+1) or taken away (-1). */
    record PersonDelta(String unitId, String month, int sign) {}

    /** How many counted events a person has per "unit|month", for one distinct indicator. */
    record Counts(Map<String, Integer> counts) {
        Counts {
            counts = new TreeMap<>(counts);
        }
    }

    /**
     * One side of a join: a counted event of the indicator (its unit, month and, for a cohort, the value it counts),
     * or a matching event ({@code matching}), added or taken away.
     */
    record JoinDelta(boolean matching, String unitId, String month, String value, int sign) {}

    /** A join key's counted events ("unit|month|value" to how many) and how many matching events it has. */
    record JoinState(Map<String, Integer> counted, long matching) {
        JoinState {
            counted = new TreeMap<>(counted);
        }
    }

    /** An event entering a case or request record (its counted revision's bytes) or leaving it (value null). */
    record RecordDelta(String eventId, byte[] value) {}

    /** A case or request record's events (eventId to bytes) and how many times it changed (its version). */
    record RecordState(long version, Map<String, byte[]> events) {
        RecordState {
            events = new TreeMap<>(events);
        }
    }

    /** What admission makes of a record: an arrival to count, or a dead letter. */
    private sealed interface Admitted {}

    /** An admitted arrival, and whether it already sits on the partition its eventId's identity is settled in. */
    private record Valid(String eventId, Arriving arriving, boolean inPlace) implements Admitted {}

    /**
     * An arrival on its way to its identity, with the event as admission decoded it while it stays in memory (in
     * place); after the hop through {@code by-event} only the arrival is read back, and its event decoded again.
     */
    private record Arriving(Arrival arrival, EventEnvelope event) {}

    private record Dead(byte[] value) implements Admitted {}

    /** What the revisions of an eventId make of an arrival: a change of the counted revision, or a dead letter. */
    private sealed interface Identified {}

    private record Changed(long version, Arrival before, Arrival after, EventEnvelope afterEvent)
            implements Identified {}

    private record DeadArrival(byte[] key, byte[] value) implements Identified {}

    /** A change decoded once for every fan-out (it stays in memory: no step between them has a topic). */
    private record Change(String eventId, long version, Counted before, Counted after) {}

    /** A counted revision: the event, its document, its month in the registry's zone, and the record it came in. */
    private record Counted(EventEnvelope event, ObjectNode document, YearMonth month, Arrival arrival) {
        boolean counts() {
            return !event.retracted();
        }
    }

    // ---- the topology ------------------------------------------------------------------------------------------

    Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENTS_STORE), Serdes.String(), HISTORY));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PERSONS_STORE), Serdes.String(), COUNTS));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOINS_STORE), Serdes.String(), JOIN_STATE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CASES_STORE), Serdes.String(), RECORD_STATE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REQUESTS_STORE), Serdes.String(), RECORD_STATE));
        for (FigureStore store : FigureStore.values()) {
            builder.addStateStore(Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(store.storeName()), Serdes.String(), FIGURES)
                    .withCachingEnabled()
                    .withLoggingEnabled(FIGURE_CHANGELOG));
        }

        KStream<byte[], Admitted> admitted = builder.stream(
                        source,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events"))
                .process(Admit::new, Named.as("admit"));
        Map<String, KStream<byte[], Admitted>> admission = admitted.split(Named.as("admitted-"))
                .branch((key, value) -> value instanceof Dead, Branched.as("dead"))
                .defaultBranch(Branched.as("valid"));
        deadLetters(admission.get("admitted-dead").mapValues(v -> ((Dead) v).value()));

        // An event keyed by its eventId (events.md 1.2) is on its identity's partition already and is settled where it
        // is, in the same task; one keyed otherwise (by its unit, as 1.0 and 1.1 said) takes one hop to get there.
        Map<String, KStream<byte[], Admitted>> placed = admission
                .get("admitted-valid")
                .split(Named.as("placed-"))
                .branch((key, value) -> ((Valid) value).inPlace(), Branched.as("here"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, Arriving> moved = placed.get("placed-elsewhere")
                .map((key, value) -> KeyValue.pair(((Valid) value).eventId(), ((Valid) value).arriving()))
                .repartition(Repartitioned.with(Serdes.String(), ARRIVING)
                        .withName("by-event")
                        .withNumberOfPartitions(partitions)
                        .withStreamPartitioner(
                                (topic, eventId, value, count) -> Optional.of(Set.of(partitionOf(eventId, count)))));
        KStream<String, Identified> identified = placed.get("placed-here")
                .map((key, value) -> KeyValue.pair(((Valid) value).eventId(), ((Valid) value).arriving()))
                .merge(moved)
                .process(Identify::new, Named.as("identify"), EVENTS_STORE);
        Map<String, KStream<String, Identified>> identities = identified
                .split(Named.as("identified-"))
                .branch((key, value) -> value instanceof DeadArrival, Branched.as("dead"))
                .defaultBranch(Branched.as("changed"));
        deadLetters(identities
                .get("identified-dead")
                .map((key, value) -> KeyValue.pair(((DeadArrival) value).key(), ((DeadArrival) value).value())));

        KStream<String, Change> changes =
                identities.get("identified-changed").mapValues((eventId, value) -> decode(eventId, (Changed) value));

        if (outputs.documents() != null) {
            changes.mapValues(EventTopology::document, Named.as("document"))
                    .to(outputs.documents(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        }

        changes.process(MonthFigures::new, Named.as("month-figures"), FigureStore.MONTHS.storeName());

        KStream<String, PersonDelta> joinedPersons = changes.flatMap(this::joinDeltas, Named.as("join-deltas"))
                .repartition(Repartitioned.with(Serdes.String(), JOIN_DELTA).withName("by-join-key"))
                .process(Join::new, Named.as("join"), JOINS_STORE, FigureStore.JOINS.storeName());

        changes.flatMap(this::personDeltas, Named.as("person-deltas"))
                .merge(joinedPersons)
                .repartition(Repartitioned.with(Serdes.String(), PERSON_DELTA).withName("by-person"))
                .process(PersonCells::new, Named.as("person-cells"), PERSONS_STORE, FigureStore.CELLS.storeName());

        if (outputs.caseRecords() != null) {
            changes.flatMap(EventTopology::caseDeltas, Named.as("case-deltas"))
                    .repartition(
                            Repartitioned.with(Serdes.String(), RECORD_DELTA).withName("by-case"))
                    .process(() -> new RecordEvents(CASES_STORE), Named.as("case-records"), CASES_STORE)
                    .to(outputs.caseRecords(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        }
        if (outputs.requestRecords() != null) {
            changes.flatMap(EventTopology::requestDeltas, Named.as("request-deltas"))
                    .repartition(
                            Repartitioned.with(Serdes.String(), RECORD_DELTA).withName("by-request"))
                    .process(() -> new RecordEvents(REQUESTS_STORE), Named.as("request-records"), REQUESTS_STORE)
                    .to(outputs.requestRecords(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        }
        return builder.build();
    }

    /**
     * The partition of {@code by-event} that settles an eventId's identity: the one the default partitioner gives a
     * record keyed by the eventId on a topic of {@code count} partitions, so that such a record is already there.
     */
    static int partitionOf(String eventId, int count) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(eventId.getBytes(StandardCharsets.UTF_8)))
                % count;
    }

    private void deadLetters(KStream<byte[], byte[]> letters) {
        if (outputs.deadLetters()) {
            letters.to(Topics.DLQ, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        }
    }

    private static byte[] json(Object value) {
        return CODEC.mapper().writeValueAsBytes(value);
    }

    // ---- admission and identity ----------------------------------------------------------------------------------

    private final class Admit implements Processor<byte[], byte[], byte[], Admitted> {
        private ProcessorContext<byte[], Admitted> context;

        @Override
        public void init(ProcessorContext<byte[], Admitted> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            var origin = context.recordMetadata().orElseThrow();
            switch (admission.admit(origin.topic(), record.value())) {
                case EventCodec.Decoded.Valid valid -> {
                    EventEnvelope event = valid.event();
                    metrics.consumed(origin.topic(), event.type().wireName(), "valid");
                    Arrival arrival = new Arrival(
                            event.revision(),
                            event.unitId(),
                            event.type().wireName(),
                            authority(origin.topic(), record.headers()),
                            record.key(),
                            record.value(),
                            origin.topic(),
                            origin.partition(),
                            origin.offset(),
                            record.timestamp(),
                            Writer.of(origin.topic(), record.headers()));
                    boolean inPlace = origin.partition() == partitionOf(event.eventId(), partitions);
                    context.forward(
                            record.withValue(new Valid(event.eventId(), new Arriving(arrival, event), inPlace)));
                }
                case EventCodec.Decoded.Invalid invalid -> {
                    metrics.consumed(origin.topic(), "unknown", "invalid");
                    metrics.deadLettered(invalid.rejection().reason().code());
                    context.forward(record.withValue((Admitted) new Dead(record.value()))
                            .withHeaders(deadLetterHeaders(
                                    record.headers(),
                                    invalid.rejection(),
                                    origin.topic(),
                                    origin.partition(),
                                    origin.offset())));
                }
            }
        }
    }

    private final class Identify implements Processor<String, Arriving, String, Identified> {
        private ProcessorContext<String, Identified> context;
        private KeyValueStore<String, EventHistory> store;

        @Override
        public void init(ProcessorContext<String, Identified> context) {
            this.context = context;
            this.store = context.getStateStore(EVENTS_STORE);
        }

        @Override
        public void process(Record<String, Arriving> record) {
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
                EventEnvelope decoded = now != null && java.util.Arrays.equals(now.value(), arrival.value())
                        ? record.value().event()
                        : null;
                context.forward(record.withValue(new Changed(after.version(), was, now, decoded)));
            }
            if (!after.equals(before)) { // a duplicate changes nothing, and writes nothing
                store.put(eventId, after);
            }
        }

        private void deadLetter(Record<String, Arriving> record, Arrival letter, Rejection why) {
            metrics.deadLettered(why.reason().code());
            context.forward(new Record<String, Identified>(
                    record.key(),
                    new DeadArrival(letter.key(), letter.value()),
                    record.timestamp(),
                    deadLetterHeaders(new RecordHeaders(), why, letter.topic(), letter.partition(), letter.offset())));
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

    /** Who wrote the record, as far as the topic and the gateway's header tell (see {@link Arrival#authority}). */
    private static String authority(String topic, org.apache.kafka.common.header.Headers headers) {
        Optional<String> unitTopic = Topics.unitOf(topic);
        if (unitTopic.isPresent()) {
            return unitTopic.get();
        }
        var header = headers.lastHeader(Topics.AUTHORITY_HEADER);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static org.apache.kafka.common.header.Headers deadLetterHeaders(
            org.apache.kafka.common.header.Headers original,
            Rejection rejection,
            String topic,
            int partition,
            long offset) {
        RecordHeaders headers = new RecordHeaders(original.toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(rejection.reason().code()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(DeadLetterPublisher.shortened(rejection.detail())));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(topic));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(Integer.toString(partition)));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private Change decode(String eventId, Changed changed) {
        return new Change(
                eventId,
                changed.version(),
                counted(changed.before(), null),
                counted(changed.after(), changed.afterEvent()));
    }

    /** The counted revision, from the event admission decoded if it is at hand, else decoded again. */
    private Counted counted(Arrival arrival, EventEnvelope decoded) {
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
        EventDocument document = EventDocument.of(event, Instant.ofEpochMilli(arrival.timestamp()), arrival.writer());
        YearMonth month = YearMonth.from(event.occurredAt().atZoneSameInstant(zone));
        return new Counted(event, document.tree(), month, arrival);
    }

    /**
     * The searchable document of the counted revision, with the version its store must keep the highest of, and the
     * record it came from (should the store refuse it, that record is dead-lettered); a null document when the event
     * counts as nothing any more (its store deletes it at that version).
     */
    private static byte[] document(Change change) {
        ObjectNode versioned = CODEC.mapper().createObjectNode();
        versioned.put("version", change.version());
        if (change.after() == null) {
            versioned.putNull("document");
        } else {
            Arrival arrival = change.after().arrival();
            ObjectNode origin = versioned.putObject("origin");
            origin.put("topic", arrival.topic());
            origin.put("partition", arrival.partition());
            origin.put("offset", arrival.offset());
            versioned.set("document", change.after().document());
        }
        return json(versioned);
    }

    // ---- what a change takes away and adds ----------------------------------------------------------------------

    /** What a change takes away from and adds to its unit-months' counts and sums. */
    private Map<FigureKey, Map<String, Long>> unitMonthDeltas(Change change) {
        Map<FigureKey, Map<String, Long>> deltas = new HashMap<>();
        addUnitMonth(deltas, change.before(), -1);
        addUnitMonth(deltas, change.after(), 1);
        return deltas;
    }

    private void addUnitMonth(Map<FigureKey, Map<String, Long>> deltas, Counted counted, int sign) {
        if (counted == null || !counted.counts()) {
            return;
        }
        for (Indicator base : bases) {
            long amount = switch (base.kind()) {
                case COUNT -> base.counts(counted.document()) ? 1 : 0;
                case SUM -> base.counts(counted.document()) ? base.amount(counted.document()) : 0;
                default -> 0;
            };
            if (amount != 0) {
                deltas.computeIfAbsent(
                                new FigureKey.UnitMonth(counted.event().unitId(), counted.month()),
                                k -> new HashMap<>())
                        .merge(base.id(), sign * amount, Long::sum);
            }
        }
    }

    /** Adds a change to a part's share of a figure, kept in a cached store: its changelog publishes the share. */
    private static void addShare(KeyValueStore<String, Figures> store, FigureKey key, Map<String, Long> change) {
        String encoded = key.encode();
        Figures before = Optional.ofNullable(store.get(encoded)).orElse(Figures.NONE);
        Figures after = before.plus(change);
        if (after.equals(before)) {
            return;
        }
        if (after.isEmpty()) {
            store.delete(encoded);
        } else {
            store.put(encoded, after);
        }
    }

    /** The unit-months' shares of the events whose identity this part settles. */
    private final class MonthFigures implements Processor<String, Change, Void, Void> {
        private KeyValueStore<String, Figures> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(FigureStore.MONTHS.storeName());
        }

        @Override
        public void process(Record<String, Change> record) {
            unitMonthDeltas(record.value()).forEach((key, change) -> addShare(store, key, change));
        }
    }

    private List<KeyValue<String, PersonDelta>> personDeltas(String eventId, Change change) {
        List<KeyValue<String, PersonDelta>> out = new ArrayList<>();
        for (Indicator base : bases) {
            if (base.kind() == Indicator.Kind.DISTINCT) {
                addPerson(out, base, change.before(), -1);
                addPerson(out, base, change.after(), 1);
            }
        }
        return out;
    }

    private static void addPerson(List<KeyValue<String, PersonDelta>> out, Indicator base, Counted counted, int sign) {
        if (counted == null || !counted.counts() || !base.counts(counted.document())) {
            return;
        }
        String person = base.distinctValue(counted.document());
        if (person != null) {
            out.add(KeyValue.pair(
                    base.id() + "|" + person,
                    new PersonDelta(counted.event().unitId(), counted.month().toString(), sign)));
        }
    }

    private List<KeyValue<String, JoinDelta>> joinDeltas(String eventId, Change change) {
        List<KeyValue<String, JoinDelta>> out = new ArrayList<>();
        for (Indicator base : bases) {
            if (base.kind() == Indicator.Kind.UNMATCHED || base.kind() == Indicator.Kind.MATCHED) {
                addJoin(out, base, change.before(), -1);
                addJoin(out, base, change.after(), 1);
            }
        }
        return out;
    }

    private static void addJoin(List<KeyValue<String, JoinDelta>> out, Indicator base, Counted counted, int sign) {
        if (counted == null || !counted.counts()) {
            return;
        }
        ObjectNode document = counted.document();
        if (base.counts(document)) {
            String key = base.joinKey(document);
            String value = base.kind() == Indicator.Kind.MATCHED ? base.distinctValue(document) : "";
            if (key != null && value != null) {
                out.add(KeyValue.pair(
                        base.id() + "|" + key,
                        new JoinDelta(
                                false, counted.event().unitId(), counted.month().toString(), value, sign)));
            }
        }
        if (base.matches(document)) {
            String key = base.joinKey(document);
            if (key != null) {
                out.add(KeyValue.pair(base.id() + "|" + key, new JoinDelta(true, null, null, null, sign)));
            }
        }
    }

    private static List<KeyValue<String, RecordDelta>> caseDeltas(String eventId, Change change) {
        return recordDeltas(eventId, change, event -> CaseKey.of(event).map(CaseKey::documentId));
    }

    private static List<KeyValue<String, RecordDelta>> requestDeltas(String eventId, Change change) {
        return recordDeltas(eventId, change, event -> RequestKey.of(event).map(RequestKey::documentId));
    }

    /**
     * A change of an event as changes of the records it belongs to (a case, a request), keyed by the record's
     * document id: a revision that moves it to another record leaves the old one.
     */
    private static List<KeyValue<String, RecordDelta>> recordDeltas(
            String eventId, Change change, java.util.function.Function<EventEnvelope, Optional<String>> recordOf) {
        Optional<String> before = change.before() == null
                ? Optional.empty()
                : recordOf.apply(change.before().event());
        Optional<String> after = change.after() == null
                ? Optional.empty()
                : recordOf.apply(change.after().event());
        List<KeyValue<String, RecordDelta>> out = new ArrayList<>(2);
        if (before.isPresent() && !before.equals(after)) {
            out.add(KeyValue.pair(before.get(), new RecordDelta(eventId, null)));
        }
        after.ifPresent(key -> out.add(
                KeyValue.pair(key, new RecordDelta(eventId, json(change.after().event())))));
        return out;
    }

    private static String unitMonth(String unitId, String month) {
        return unitId + "|" + month;
    }

    // ---- the joins ---------------------------------------------------------------------------------------------

    /**
     * A join key's counted and matching events. Unmatched events entering or leaving a unit-month go to this part's
     * share of it; a cohort's persons go on to the persons (keyed by person).
     */
    private final class Join implements Processor<String, JoinDelta, String, PersonDelta> {
        private ProcessorContext<String, PersonDelta> context;
        private KeyValueStore<String, JoinState> store;
        private KeyValueStore<String, Figures> figures;

        @Override
        public void init(ProcessorContext<String, PersonDelta> context) {
            this.context = context;
            this.store = context.getStateStore(JOINS_STORE);
            this.figures = context.getStateStore(FigureStore.JOINS.storeName());
        }

        @Override
        public void process(Record<String, JoinDelta> record) {
            String key = record.key();
            String id = key.substring(0, key.indexOf('|'));
            Indicator base = bases.stream()
                    .filter(b -> b.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no join indicator " + id));
            JoinState before = Optional.ofNullable(store.get(key)).orElse(new JoinState(Map.of(), 0));
            JoinDelta delta = record.value();
            Map<String, Integer> counted = new TreeMap<>(before.counted());
            long matching = before.matching();
            if (delta.matching()) {
                matching += delta.sign();
            } else {
                String entry = delta.unitId() + "|" + delta.month() + "|" + delta.value();
                counted.merge(entry, delta.sign(), Integer::sum);
                counted.values().removeIf(n -> n == 0);
            }
            if (matching < 0 || counted.values().stream().anyMatch(n -> n < 0)) {
                throw new IllegalStateException("the join of " + key + " took away what it did not hold");
            }
            JoinState after = new JoinState(counted, matching);
            if (counted.isEmpty() && matching == 0) {
                store.delete(key);
            } else {
                store.put(key, after);
            }
            // Unmatched counts the events while the key has no match; matched counts the values while it has one.
            boolean wanted = base.kind() == Indicator.Kind.UNMATCHED;
            Map<String, Integer> was = (before.matching() == 0) == wanted ? before.counted() : Map.of();
            Map<String, Integer> now = (after.matching() == 0) == wanted ? after.counted() : Map.of();
            Set<String> entries = new HashSet<>(was.keySet());
            entries.addAll(now.keySet());
            for (String entry : entries) {
                int change = now.getOrDefault(entry, 0) - was.getOrDefault(entry, 0);
                if (change == 0) {
                    continue;
                }
                String[] parts = entry.split("\\|", 3);
                if (wanted) {
                    addShare(figures, new FigureKey.UnitMonth(parts[0], YearMonth.parse(parts[1])), Map.of(id, (long)
                            change));
                } else {
                    // A cohort's value counts once per person: each event is a person delta of its own.
                    for (int i = 0; i < Math.abs(change); i++) {
                        context.forward(record.withKey(id + "|" + parts[2])
                                .withValue(new PersonDelta(parts[0], parts[1], Integer.signum(change))));
                    }
                }
            }
        }
    }

    // ---- distinct persons ----------------------------------------------------------------------------------------

    /**
     * A person's counted events of one distinct indicator, by unit and month. A person counts once in every cell
     * (scope, unit, period) that holds one of them: the unit itself ({@code self}) and each unit above it and itself
     * ({@code subtree}), in the month, its quarter and its year. A change that makes the person enter or leave a cell
     * is +1 or -1 to that cell's count; each person is in one task, so the cells' counts add up exactly. The
     * changes go on per indicator, scope, unit and year, one record for the year's periods: a new person's 12 cells
     * (three levels above a unit) are 4 records, not 12 (the cell records were most of the internal ones).
     */
    private final class PersonCells implements Processor<String, PersonDelta, Void, Void> {
        private KeyValueStore<String, Counts> store;
        private KeyValueStore<String, Figures> figures;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(PERSONS_STORE);
            this.figures = context.getStateStore(FigureStore.CELLS.storeName());
        }

        @Override
        public void process(Record<String, PersonDelta> record) {
            String key = record.key();
            String id = key.substring(0, key.indexOf('|'));
            Counts before = Optional.ofNullable(store.get(key)).orElse(new Counts(Map.of()));
            PersonDelta delta = record.value();
            Map<String, Integer> counts = new TreeMap<>(before.counts());
            counts.merge(unitMonth(delta.unitId(), delta.month()), delta.sign(), Integer::sum);
            if (counts.values().stream().anyMatch(n -> n < 0)) {
                throw new IllegalStateException("a person's event taken away that " + key + " does not hold");
            }
            counts.values().removeIf(n -> n == 0);
            if (counts.isEmpty()) {
                store.delete(key);
            } else {
                store.put(key, new Counts(counts));
            }
            Set<Cell> was = cells(before.counts().keySet());
            Set<Cell> now = cells(counts.keySet());
            Map<FigureKey, Map<String, Long>> changes = new HashMap<>();
            for (Cell cell : now) {
                if (!was.contains(cell)) {
                    cell.change(changes, id, 1);
                }
            }
            for (Cell cell : was) {
                if (!now.contains(cell)) {
                    cell.change(changes, id, -1);
                }
            }
            changes.forEach((year, periods) -> addShare(figures, year, periods));
        }

        private Set<Cell> cells(Set<String> unitMonths) {
            Set<Cell> cells = new HashSet<>();
            for (String unitMonth : unitMonths) {
                int bar = unitMonth.indexOf('|');
                String unit = unitMonth.substring(0, bar);
                YearMonth month = YearMonth.parse(unitMonth.substring(bar + 1));
                for (String period : FigureKey.CellYear.periodsOf(month)) {
                    cells.add(new Cell(FiguresView.Scope.SELF, unit, month.getYear(), period));
                    for (String above : registry.lineage(unit)) {
                        cells.add(new Cell(FiguresView.Scope.SUBTREE, above, month.getYear(), period));
                    }
                }
            }
            return cells;
        }
    }

    /** One cell of a distinct count: a scope, a unit and a period of a year. */
    private record Cell(FiguresView.Scope scope, String unit, int year, String period) {
        /** This cell entered (+1) or left (-1), as a change of its period in its year's figure. */
        void change(Map<FigureKey, Map<String, Long>> changes, String indicator, long sign) {
            changes.computeIfAbsent(new FigureKey.CellYear(indicator, scope, unit, year), k -> new HashMap<>())
                    .put(period, sign);
        }
    }

    // ---- case and request records ------------------------------------------------------------------------------

    /**
     * A record's events (a case's, a request's): each event's counted revision, under the record it names now (a
     * revision that moves an event to another record takes it out of the old one). Each change is the record's next
     * version, its events as JSON; a record left without events has none (its store deletes it at that version, which
     * a tombstone could not carry).
     */
    private static final class RecordEvents implements Processor<String, RecordDelta, String, byte[]> {
        private final String storeName;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, RecordState> store;

        RecordEvents(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, RecordDelta> record) {
            RecordState before = Optional.ofNullable(store.get(record.key())).orElse(new RecordState(0, Map.of()));
            Map<String, byte[]> events = new TreeMap<>(before.events());
            RecordDelta delta = record.value();
            if (delta.value() == null) {
                events.remove(delta.eventId());
            } else {
                events.put(delta.eventId(), delta.value());
            }
            RecordState after = new RecordState(before.version() + 1, events);
            store.put(record.key(), after);
            ObjectNode versioned = CODEC.mapper().createObjectNode();
            versioned.put("version", after.version());
            var array = versioned.putArray("events");
            events.values().forEach(bytes -> array.add(CODEC.mapper().readTree(bytes)));
            context.forward(record.withValue(json(versioned)));
        }
    }
}
