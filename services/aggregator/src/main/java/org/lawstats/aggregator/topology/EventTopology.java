package org.lawstats.aggregator.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.lawstats.aggregator.indicators.FigureStore;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.Topics;

/**
 * The aggregation as one Kafka Streams topology (ADR 15, ADR 22), on one page: the state it needs lives next to the
 * partitions that feed it, in changelogged stores, and every step commits exactly once with its inputs, so no
 * redelivery, crash or arrival order changes a figure.
 *
 * <ol>
 *   <li>{@link Admit}: every record of the event topics is admitted or dead-lettered with its reason, decoded once.
 *   <li>{@link Identify}: the revisions of an eventId meet in one store. A record keyed by its eventId (events.md 1.2)
 *       is already on its identity's partition and is settled in the same task; any other takes one hop
 *       ({@code by-event}).
 *   <li>{@link Change}: each change of the counted revision, decoded once, is what it takes away and adds.
 *   <li>The figures, each part (partition) keeping its share where the change is ({@link FigureShares}): the counts
 *       and sums where the identity is ({@link MonthFigures}, no hop); the joins by their key ({@link Join}, one hop);
 *       the distinct counts' cells by person ({@link PersonCells}, one hop, or two for a cohort's person). The shares'
 *       changelogs are the published figures, which every instance reads and adds up.
 *   <li>The searchable store's inputs: each event's document, and the case and request records by record
 *       ({@link RecordEvents}, one hop).
 * </ol>
 */
public final class EventTopology {
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

    private final EventAdmission admission;
    private final UnitRegistry registry;
    private final ZoneId zone;
    private final List<Indicator.Base> bases;
    private final Pattern source;
    private final Outputs outputs;
    private final EventMetrics metrics;
    private final int partitions;

    /**
     * Where the results go (null: not made): the documents, case and request records for the searchable store, and
     * whether dead letters are written. The names are per application, so that two applications on one broker never
     * mix their results; the figures are the figure stores' changelogs, named by the application id.
     */
    public record Outputs(String documents, String caseRecords, String requestRecords, boolean deadLetters) {
        static final Outputs ALL = new Outputs(DOCUMENTS_TOPIC, CASE_RECORDS_TOPIC, REQUEST_RECORDS_TOPIC, true);
    }

    /**
     * @param source the event topics it reads
     * @param partitions the partitions of {@code by-event}: the contract topics' count, so that a record keyed by its
     *     eventId is on its identity's partition already (a change of it is a reset)
     */
    public EventTopology(
            UnitRegistry registry,
            IndicatorCatalogue catalogue,
            Pattern source,
            Outputs outputs,
            EventMetrics metrics,
            int partitions) {
        this.admission = new EventAdmission(registry);
        this.registry = registry;
        this.zone = registry.zone();
        this.bases = catalogue.bases();
        this.source = source;
        this.outputs = outputs;
        this.metrics = metrics;
        this.partitions = partitions;
    }

    EventTopology(UnitRegistry registry, IndicatorCatalogue catalogue) {
        this(registry, catalogue, Pattern.compile(Topics.EVENT_TOPIC_REGEX), Outputs.ALL);
    }

    EventTopology(UnitRegistry registry, IndicatorCatalogue catalogue, Pattern source, Outputs outputs) {
        this(registry, catalogue, source, outputs, new EventMetrics(new SimpleMeterRegistry()), DEFAULT_PARTITIONS);
    }

    /**
     * The partition of {@code by-event} that settles an eventId's identity: the one the default partitioner gives a
     * record keyed by the eventId on a topic of {@code count} partitions, so that such a record is already there.
     */
    static int partitionOf(String eventId, int count) {
        return Utils.toPositive(Utils.murmur2(eventId.getBytes(StandardCharsets.UTF_8))) % count;
    }

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(EVENTS_STORE), Serdes.String(), EventHistory.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PERSONS_STORE), Serdes.String(), PersonCells.Counts.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(JOINS_STORE), Serdes.String(), Join.JoinState.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CASES_STORE), Serdes.String(), RecordEvents.RecordState.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REQUESTS_STORE), Serdes.String(), RecordEvents.RecordState.SERDE));
        for (FigureStore store : FigureStore.values()) {
            builder.addStateStore(FigureShares.store(store));
        }

        // 1. Admission.
        Map<String, KStream<byte[], Admit.Admitted>> admitted = builder.stream(
                        source,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events"))
                .process(() -> new Admit(admission, metrics, partitions), Named.as("admit"))
                .split(Named.as("admitted-"))
                .branch((key, value) -> value instanceof Admit.Dead, Branched.as("dead"))
                .defaultBranch(Branched.as("valid"));
        deadLetters(admitted.get("admitted-dead").mapValues(value -> ((Admit.Dead) value).value()));

        // 2. Identity: in place, or after the one hop to the identity's partition.
        Map<String, KStream<byte[], Admit.Admitted>> placed = admitted.get("admitted-valid")
                .split(Named.as("placed-"))
                .branch((key, value) -> ((Admit.Valid) value).inPlace(), Branched.as("here"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, Admit.Arriving> moved = byEventId(placed.get("placed-elsewhere"))
                .repartition(Repartitioned.with(Serdes.String(), Admit.Arriving.SERDE)
                        .withName("by-event")
                        .withNumberOfPartitions(partitions)
                        .withStreamPartitioner(
                                (topic, eventId, value, count) -> Optional.of(Set.of(partitionOf(eventId, count)))));
        Map<String, KStream<String, Identify.Identified>> identified = byEventId(placed.get("placed-here"))
                .merge(moved)
                .process(() -> new Identify(registry, metrics), Named.as("identify"), EVENTS_STORE)
                .split(Named.as("identified-"))
                .branch((key, value) -> value instanceof Identify.DeadArrival, Branched.as("dead"))
                .defaultBranch(Branched.as("changed"));
        deadLetters(identified
                .get("identified-dead")
                .map((key, value) ->
                        KeyValue.pair(((Identify.DeadArrival) value).key(), ((Identify.DeadArrival) value).value())));

        // 3. Each change decoded once.
        KStream<String, Change> changes = identified
                .get("identified-changed")
                .mapValues((eventId, value) -> Change.of(eventId, (Identify.Changed) value, zone));

        // 4. The figures' shares: counts and sums in place; joins and persons after one hop each.
        changes.process(() -> new MonthFigures(bases), Named.as("month-figures"), FigureStore.MONTHS.storeName());
        KStream<String, PersonCells.PersonDelta> cohortPersons = changes.flatMap(
                        (eventId, change) -> change.joinDeltas(bases), Named.as("join-deltas"))
                .repartition(Repartitioned.with(Serdes.String(), Join.JoinDelta.SERDE)
                        .withName("by-join-key"))
                .process(() -> new Join(bases), Named.as("join"), JOINS_STORE, FigureStore.JOINS.storeName());
        changes.flatMap((eventId, change) -> change.personDeltas(bases), Named.as("person-deltas"))
                .merge(cohortPersons)
                .repartition(Repartitioned.with(Serdes.String(), PersonCells.PersonDelta.SERDE)
                        .withName("by-person"))
                .process(
                        () -> new PersonCells(registry),
                        Named.as("person-cells"),
                        PERSONS_STORE,
                        FigureStore.CELLS.storeName());

        // 5. What the searchable store keeps.
        if (outputs.documents() != null) {
            changes.mapValues(Change::document, Named.as("document"))
                    .to(outputs.documents(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        }
        if (outputs.caseRecords() != null) {
            records(changes, Change::caseDeltas, "case", CASES_STORE, outputs.caseRecords());
        }
        if (outputs.requestRecords() != null) {
            records(changes, Change::requestDeltas, "request", REQUESTS_STORE, outputs.requestRecords());
        }
        return builder.build();
    }

    /** A kind of record (cases, requests): each change's deltas after the hop to the record, its events published. */
    private static void records(
            KStream<String, Change> changes,
            Function<Change, List<KeyValue<String, RecordEvents.RecordDelta>>> deltas,
            String kind,
            String store,
            String topic) {
        changes.flatMap((eventId, change) -> deltas.apply(change), Named.as(kind + "-deltas"))
                .repartition(Repartitioned.with(Serdes.String(), RecordEvents.RecordDelta.SERDE)
                        .withName("by-" + kind))
                .process(() -> new RecordEvents(store), Named.as(kind + "-records"), store)
                .to(topic, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }

    private static KStream<String, Admit.Arriving> byEventId(KStream<byte[], Admit.Admitted> valid) {
        return valid.map(
                (key, value) -> KeyValue.pair(((Admit.Valid) value).eventId(), ((Admit.Valid) value).arriving()));
    }

    private void deadLetters(KStream<byte[], byte[]> letters) {
        if (outputs.deadLetters()) {
            letters.to(Topics.DLQ, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        }
    }
}
