package org.lawstats.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.lawstats.aggregator.cases.CaseKey;
import org.lawstats.aggregator.deadlines.RequestKey;
import org.lawstats.aggregator.indicators.EventDocument;
import org.lawstats.aggregator.indicators.FiguresFollower;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventIds;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.contract.Topics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The aggregation topology against a plain model of the contract: any mix of events, persons shared across units,
 * record keys that are not the unitId (or null), duplicates, revisions that move the month, the person, the request or
 * the case, retractions, identity changes in both arrival orders, invalid records, in any order, gives exactly the
 * model's figures for every unit, scope and period, the model's case records and documents, and a dead letter for
 * every record that is not valid.
 */
public class EventTopologyTest {
    private static final EventCodec CODEC = EventCodec.strict();
    private static final UnitRegistry REGISTRY = UnitRegistry.parse(stream("""
                    zone: Asia/Shanghai
                    units:
                      - {id: t, name: 测试区}
                      - {id: t.streams, name: 区, parent: t}
                      - {id: t.streams.a, name: 甲, parent: t.streams}
                      - {id: t.streams.a.x, name: 甲下属, parent: t.streams.a}
                      - {id: t.streams.b, name: 乙, parent: t.streams}
                      - {id: t.check, name: 核对, parent: t}
                      - {id: t.check.a, name: 核对甲, parent: t.check}
                      - {id: t.check.a.x, name: 核对甲下属, parent: t.check.a}
                      - {id: t.check.b, name: 核对乙, parent: t.check}
                    """), "test registry");
    private static final IndicatorCatalogue CATALOGUE = catalogue();
    // The same units as the integration tests' registry has, so that EventTopologyIT sends what this test generates.
    public static final List<String> UNITS = List.of("t.streams", "t.streams.a", "t.streams.a.x", "t.streams.b");
    private static final List<YearMonth> MONTHS =
            List.of(YearMonth.of(2023, 12), YearMonth.of(2024, 1), YearMonth.of(2024, 3), YearMonth.of(2024, 4));

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static IndicatorCatalogue catalogue() {
        try (InputStream in = Files.newInputStream(Path.of("../../config/indicators.yml"))) {
            return IndicatorCatalogue.parse(in, "config/indicators.yml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the generated records -------------------------------------------------------------------------------

    /** One record to send: an event (or garbage when {@code event} is null), its topic and key. */
    public record Sent(EventEnvelope event, byte[] garbage, String topic, byte[] key) {
        public byte[] value() {
            return event == null ? garbage : CODEC.encode(event);
        }
    }

    /** A version of an event as generated: what varies across its revisions. */
    record Shape(
            EventType type,
            String unit,
            int monthIndex,
            int minute,
            int subject,
            int detail,
            boolean flag,
            boolean retracted) {}

    /**
     * What to generate: events of these four units (a root, its child, a grandchild under it, and a second child);
     * {@code unitTopicsOnly}: every record on a unit's own topic (a test's own source); {@code identityChanges}: some
     * revisions change the event's type and unit.
     */
    public record Generation(List<String> units, boolean unitTopicsOnly, boolean identityChanges) {}

    @Provide
    Arbitrary<List<Sent>> histories() {
        return histories(new Generation(UNITS, false, true));
    }

    /** Generated records: see {@link Generation}. */
    public static Arbitrary<List<Sent>> histories(Generation generation) {
        List<String> units = generation.units();
        Arbitrary<EventType> type = Arbitraries.of(
                EventType.TRAINING_ENROLLED,
                EventType.TRAINING_COMPLETED,
                EventType.EXAM_ASSIGNED,
                EventType.EXAM_TAKEN,
                EventType.DISCLOSURE_RECEIVED,
                EventType.DISCLOSURE_REPLIED,
                EventType.MEETING_HELD,
                EventType.CASE_FILED,
                EventType.CASE_CLOSED);
        Arbitrary<Shape> shape = Combinators.combine(
                        type,
                        Arbitraries.of(units),
                        Arbitraries.integers().between(0, MONTHS.size() - 1),
                        // minutes from the month's start in Shanghai: some fall just before it (the month before)
                        Arbitraries.integers().between(-30, 31 * 24 * 60),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 5).map(i -> i == 0))
                .as(Shape::new);
        // An event: 1-4 revisions; most keep the first shape's type and unit, some change them (identity changes).
        Arbitrary<List<Shape>> event = shape.flatMap(first -> Combinators.combine(
                        shape.list().ofMinSize(0).ofMaxSize(3),
                        Arbitraries.integers().between(0, 5).list().ofSize(3))
                .as((later, identityChanges) -> {
                    List<Shape> revisions = new ArrayList<>();
                    revisions.add(first);
                    for (int i = 0; i < later.size(); i++) {
                        Shape next = later.get(i);
                        revisions.add(
                                generation.identityChanges() && identityChanges.get(i) == 0
                                        ? next
                                        : new Shape(
                                                first.type(),
                                                first.unit(),
                                                next.monthIndex(),
                                                next.minute(),
                                                next.subject(),
                                                next.detail(),
                                                next.flag(),
                                                next.retracted()));
                    }
                    return revisions;
                }));
        return Combinators.combine(event.list().ofMinSize(1).ofMaxSize(30), Arbitraries.randoms())
                .as((events, random) -> records(events, random, generation));
    }

    /**
     * Many generated histories one after another, as a stream a real broker gets: each batch's events renamed with
     * {@code prefix} and the batch number, so that no two batches give one revision of an eventId twice.
     */
    public static List<Sent> batches(Generation generation, int batches, String prefix, Random random) {
        Arbitrary<List<Sent>> histories = histories(generation);
        List<Sent> sent = new ArrayList<>();
        for (int batch = 0; batch < batches; batch++) {
            for (Sent record : histories.generator(100, true).next(random).value()) {
                EventEnvelope e = record.event();
                sent.add(
                        e == null
                                ? record
                                : new Sent(
                                        new EventEnvelope(
                                                renamed(e.eventId(), prefix + batch + "-"),
                                                e.revision(),
                                                e.type(),
                                                e.unitId(),
                                                e.occurredAt(),
                                                e.retracted(),
                                                e.payload()),
                                        null,
                                        record.topic(),
                                        record.key()));
            }
        }
        return sent;
    }

    /** The eventId with {@code tag} after its owning unit's id (events.md 1.2), so that it keeps its owner. */
    private static String renamed(String eventId, String tag) {
        return EventIds.owner(eventId, REGISTRY::contains)
                .map(owner -> owner + ":" + tag + eventId.substring(owner.length() + 1))
                .orElse(tag + eventId);
    }

    /**
     * Every revision of every event, some twice, some invalid records, shuffled; keys of every kind. An eventId begins
     * with its first revision's unit (events.md 1.2), or now and then with another unit's: a unit topic that writes an
     * eventId outside its subtree has it dead-lettered ({@code foreign-event-id}).
     */
    static List<Sent> records(List<List<Shape>> events, Random random, Generation generation) {
        boolean unitTopicsOnly = generation.unitTopicsOnly();
        List<String> units = generation.units();
        List<Sent> sent = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            List<Shape> revisions = events.get(e);
            String owner = random.nextInt(6) == 0
                    ? units.get(random.nextInt(units.size()))
                    : revisions.get(0).unit();
            for (int r = 0; r < revisions.size(); r++) {
                EventEnvelope event = envelope(owner + ":ev-" + e, r + 1, revisions.get(r));
                int copies = random.nextInt(4) == 0 ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    sent.add(new Sent(event, null, topicOf(event, random, generation), keyOf(event, random)));
                }
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            sent.add(new Sent(
                    null,
                    ("{\"eventId\":" + i).getBytes(StandardCharsets.UTF_8),
                    unitTopicsOnly ? Topics.ofUnit(units.get(0)) : Topics.TRAINING,
                    null));
        }
        if (random.nextBoolean()) {
            EventEnvelope wrong =
                    envelope("ev-wrong", 1, new Shape(EventType.MEETING_HELD, units.get(0), 1, 10, 0, 0, true, false));
            if (!unitTopicsOnly) {
                sent.add(new Sent(wrong, null, Topics.TRAINING, null));
            }
            EventEnvelope foreign = envelope(
                    "ev-foreign", 1, new Shape(EventType.MEETING_HELD, units.get(3), 1, 10, 0, 0, true, false));
            sent.add(new Sent(foreign, null, Topics.ofUnit(units.get(1)), null));
        }
        Collections.shuffle(sent, random);
        return sent;
    }

    private static String topicOf(EventEnvelope event, Random random, Generation generation) {
        // A unit's own topic carries the events of its subtree: the unit itself or any unit above it.
        List<String> lineage = REGISTRY.lineage(event.unitId()).stream()
                .filter(generation.units()::contains)
                .toList();
        return generation.unitTopicsOnly() || random.nextInt(3) == 0
                ? Topics.ofUnit(lineage.get(random.nextInt(lineage.size())))
                : event.type().topic();
    }

    private static byte[] keyOf(EventEnvelope event, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> event.unitId().getBytes(StandardCharsets.UTF_8);
            default -> ("k" + random.nextInt(5)).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static EventEnvelope envelope(String eventId, long revision, Shape s) {
        OffsetDateTime at = MONTHS.get(s.monthIndex())
                .atDay(1)
                .atStartOfDay(REGISTRY.zone())
                .toOffsetDateTime()
                .plusMinutes(s.minute());
        String person = "p" + s.subject();
        Payload payload = switch (s.type()) {
            case TRAINING_ENROLLED -> new Payload.TrainingEnrolled(person, "c" + s.detail(), null);
            case TRAINING_COMPLETED -> new Payload.TrainingCompleted(person, "c" + s.detail(), null, null);
            case EXAM_ASSIGNED -> new Payload.ExamAssigned(person, "x" + s.detail(), null);
            case EXAM_TAKEN -> new Payload.ExamTaken(person, "x" + s.detail(), null, s.flag());
            case DISCLOSURE_RECEIVED ->
                new Payload.DisclosureReceived(
                        "q" + s.subject(),
                        Payload.DisclosureReceived.Channel.ONLINE,
                        Payload.DisclosureReceived.ApplicantType.CITIZEN,
                        "申请公开");
            case DISCLOSURE_REPLIED ->
                new Payload.DisclosureReplied(
                        "q" + s.subject(),
                        Payload.DisclosureReplied.Outcome.DISCLOSED,
                        at.plusDays(s.detail() - 1),
                        s.flag());
            case MEETING_HELD ->
                new Payload.MeetingHeld(
                        s.flag() ? Payload.MeetingHeld.Kind.EXECUTIVE : Payload.MeetingHeld.Kind.PARTY_GROUP,
                        s.detail() > 0,
                        s.subject() * 3L);
            case CASE_FILED ->
                new Payload.CaseFiled(
                        "n" + s.subject(),
                        s.flag() ? CaseKind.LITIGATION : CaseKind.RECONSIDERATION,
                        "法院",
                        "张三",
                        "拆迁",
                        null,
                        s.detail() > 0);
            case CASE_CLOSED ->
                new Payload.CaseClosed(
                        "n" + s.subject(),
                        s.flag() ? CaseKind.LITIGATION : CaseKind.RECONSIDERATION,
                        s.detail() == 0 ? Payload.CaseClosed.Outcome.REVOKED : Payload.CaseClosed.Outcome.UPHELD,
                        null);
            default -> throw new IllegalArgumentException(s.type().toString());
        };
        EventEnvelope first = EventEnvelope.of(eventId, s.type(), s.unit(), at, payload);
        return s.retracted() ? first.retractedAt(revision) : first.revised(revision, at, payload);
    }

    // ---- the property -------------------------------------------------------------------------------------------

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void anyArrivalOrderGivesTheModelsFiguresCasesDocumentsAndDeadLetters(@ForAll("histories") List<Sent> sent) {
        try (Run run = new Run()) {
            sent.forEach(run::send);
            Model model = new Model(sent);

            FiguresView view = run.figures();
            for (String unit : UNITS) {
                for (Period period : periods()) {
                    for (FiguresView.Scope scope : FiguresView.Scope.values()) {
                        assertThat(view.values(period, unit, scope).orElseThrow())
                                .as("%s %s %s", unit, period.label(), scope)
                                .isEqualTo(CATALOGUE.figures(model.bases(period, unit, scope)));
                    }
                }
            }
            assertThat(run.caseRecords()).isEqualTo(model.caseRecords());
            assertThat(run.requestRecords()).isEqualTo(model.requestRecords());
            assertThat(run.documents()).isEqualTo(model.documents());
            assertThat(run.deadLetters(DeadLetterHeaders.REASON).keySet())
                    .as("dead letters of what admission refuses")
                    .containsAll(model.inadmissible());
            // Refused where the revisions meet: another identity governs, or the claims are contested (a unit topic's
            // claim against a unit outside its subtree).
            Set<String> refused = run.deadLetters(DeadLetterHeaders.REASON).entrySet().stream()
                    .filter(e -> e.getValue().contains("identity-changed")
                            || (e.getValue().contains("unit-not-permitted")
                                    && !model.inadmissible().contains(e.getKey())))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            // A refusal is right when it is made (a revision that defines another identity may still arrive later and
            // make the refused one count: the figures follow, the dead letter stays as the record of that moment).
            assertThat(refused)
                    .as("only an eventId whose revisions claim two identities has an identity refused")
                    .allMatch(label -> model.contested().contains(label.substring(0, label.indexOf('/'))));
            assertThat(refused)
                    .as("the highest revision of every identity that lost is refused")
                    .containsAll(model.losers());
        }
    }

    @Example
    void aChangedRevisionThatOvertakesTheOriginalStopsCountingWhenTheOriginalArrives() {
        // The review's case: revision 9 of an acc.office lecture changes its unit and arrives first.
        Shape office = new Shape(EventType.MEETING_HELD, "t.streams.a", 1, 60, 1, 0, true, false);
        Shape justice = new Shape(EventType.MEETING_HELD, "t.streams.b", 1, 60, 1, 0, true, false);
        EventEnvelope original = envelope("lecture-1", 1, office);
        EventEnvelope changed = envelope("lecture-1", 9, justice);
        try (Run run = new Run()) {
            run.send(new Sent(changed, null, Topics.ACTIVITIES, null));
            Period january = Period.parse("2024-01", REGISTRY.zone());
            assertThat(run.figures()
                            .values(january, "t.streams.b", FiguresView.Scope.SELF)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 1L);

            run.send(new Sent(original, null, Topics.ACTIVITIES, null));

            FiguresView view = run.figures();
            assertThat(view.values(january, "t.streams.b", FiguresView.Scope.SELF)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 0L);
            assertThat(view.values(january, "t.streams.a", FiguresView.Scope.SELF)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 1L);
            assertThat(view.values(january, "t.streams", FiguresView.Scope.SUBTREE)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 1L)
                    .containsEntry("meeting.key_matters", 3L);
            Map<String, String> letters = run.deadLetters(DeadLetterHeaders.REASON);
            assertThat(letters).containsOnlyKeys("lecture-1/9/t.streams.b");
            assertThat(letters.get("lecture-1/9/t.streams.b")).isEqualTo("identity-changed");
            assertThat(run.deadLetters(DeadLetterHeaders.DETAIL).get("lecture-1/9/t.streams.b"))
                    .contains("of unit t.streams.a (its lowest revision, 1)");
            assertThat(run.documents()).containsEntry("lecture-1", "lecture-1/1/t.streams.a");
        }
    }

    @Example
    void aRevisionThatMovesACaseLeavesTheOldRecordAndACorrectedPersonLeavesTheCount() {
        Shape filed = new Shape(EventType.CASE_FILED, "t.streams.a", 1, 60, 1, 0, true, false);
        Shape moved = new Shape(EventType.CASE_FILED, "t.streams.a", 1, 60, 2, 0, true, false);
        Shape enrolled = new Shape(EventType.TRAINING_ENROLLED, "t.streams.a.x", 1, 60, 1, 0, true, false);
        Shape corrected = new Shape(EventType.TRAINING_ENROLLED, "t.streams.a.x", 1, 60, 2, 0, true, false);
        try (Run run = new Run()) {
            run.send(new Sent(envelope("case-1", 1, filed), null, Topics.CASES, null));
            run.send(new Sent(envelope("case-1", 2, moved), null, Topics.CASES, null));
            run.send(new Sent(envelope("enrol-1", 1, enrolled), null, Topics.TRAINING, null));
            run.send(new Sent(envelope("enrol-2", 1, enrolled), null, Topics.TRAINING, null)); // the same person
            run.send(new Sent(envelope("enrol-1", 2, corrected), null, Topics.TRAINING, null));

            assertThat(run.caseRecords()).containsOnlyKeys(caseId("t.streams.a", "n2"));
            Map<String, Number> year = run.figures()
                    .values(Period.parse("2024", REGISTRY.zone()), "t.streams", FiguresView.Scope.SUBTREE)
                    .orElseThrow();
            assertThat(year).containsEntry("training.enrolled_persons", 2L);
            assertThat(year).containsEntry("case.litigation.filed", 1L);
        }
    }

    @Example
    void aUnitsOwnTopicCannotTakeOverAnEventOfAnotherSubtree() {
        Shape other = new Shape(EventType.MEETING_HELD, "t.streams.b", 1, 60, 1, 0, true, false);
        Shape taken = new Shape(EventType.MEETING_HELD, "t.streams.a", 1, 60, 1, 0, true, false);
        Period january = Period.parse("2024-01", REGISTRY.zone());
        try (Run run = new Run()) {
            // b's meeting at revision 2 through a contract topic (a trusted writer may use any eventId, even one of
            // a's); a claims that eventId at revision 1 on its own topic: a's topic may write it, yet cannot take it.
            run.send(new Sent(envelope("t.streams.a:meeting-b", 2, other), null, Topics.ACTIVITIES, null));
            run.send(new Sent(envelope("t.streams.a:meeting-b", 1, taken), null, Topics.ofUnit("t.streams.a"), null));
            assertThat(run.figures()
                            .values(january, "t.streams.b", FiguresView.Scope.SELF)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 1L);
            assertThat(run.figures()
                            .values(january, "t.streams.a", FiguresView.Scope.SELF)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 0L);
            assertThat(run.deadLetters(DeadLetterHeaders.REASON))
                    .containsEntry("t.streams.a:meeting-b/1/t.streams.a", "identity-changed");

            // One subtree's eventId on the other subtree's topic: refused as it arrives, whatever the revisions.
            run.send(new Sent(envelope("t.streams.b:meeting-c", 1, other), null, Topics.ofUnit("t.streams.b"), null));
            assertThat(run.figures()
                            .values(january, "t.streams", FiguresView.Scope.SUBTREE)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 2L);
            run.send(new Sent(envelope("t.streams.b:meeting-c", 2, taken), null, Topics.ofUnit("t.streams.a"), null));
            run.send(new Sent(envelope("t.streams.b:meeting-c", 1, taken), null, Topics.ofUnit("t.streams.a"), null));
            assertThat(run.figures()
                            .values(january, "t.streams", FiguresView.Scope.SUBTREE)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 2L);
            assertThat(run.figures()
                            .values(january, "t.streams.b", FiguresView.Scope.SELF)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 2L);
            assertThat(run.deadLetters(DeadLetterHeaders.REASON))
                    .containsEntry("t.streams.b:meeting-c/2/t.streams.a", "foreign-event-id")
                    .containsEntry("t.streams.b:meeting-c/1/t.streams.a", "foreign-event-id");
            assertThat(run.deadLetters(DeadLetterHeaders.DETAIL).get("t.streams.b:meeting-c/2/t.streams.a"))
                    .contains("'t.streams.b:meeting-c' does not begin with the id of a unit of the subtree of"
                            + " t.streams.a");
            assertThat(run.documents()).containsOnlyKeys("t.streams.a:meeting-b", "t.streams.b:meeting-c");
            assertThat(run.documents()).containsEntry("t.streams.b:meeting-c", "t.streams.b:meeting-c/1/t.streams.b");

            // A parent's topic speaks for its subtree: it may write its child's eventIds.
            run.send(new Sent(envelope("t.streams.a:meeting-d", 1, taken), null, Topics.ofUnit("t.streams"), null));
            assertThat(run.documents()).containsEntry("t.streams.a:meeting-d", "t.streams.a:meeting-d/1/t.streams.a");
        }
    }

    @Example
    void theWriterOfEachRevisionIsInItsDocumentAndAUnitTopicCannotNameAUser() {
        Shape meeting = new Shape(EventType.MEETING_HELD, "t.streams.a", 1, 60, 1, 0, true, false);
        try (Run run = new Run()) {
            run.sendWithHeader(
                    new Sent(envelope("t.streams.a:w-1", 1, meeting), null, Topics.ACTIVITIES, null),
                    Topics.WRITER_HEADER,
                    "clerk-of-a");
            run.sendWithHeader(
                    new Sent(envelope("t.streams.a:w-2", 1, meeting), null, Topics.ofUnit("t.streams.a"), null),
                    Topics.WRITER_HEADER,
                    "admin");
            run.send(new Sent(envelope("t.streams.a:w-3", 1, meeting), null, Topics.ACTIVITIES, null));
            run.documents();
            assertThat(run.document("t.streams.a:w-1").path("writer").toString())
                    .isEqualTo("{\"kind\":\"user\",\"name\":\"clerk-of-a\"}");
            assertThat(run.document("t.streams.a:w-2").path("writer").toString())
                    .as("only the unit's own principal writes its topic: the header is not taken for a user")
                    .isEqualTo("{\"kind\":\"unit\",\"name\":\"t.streams.a\"}");
            assertThat(run.document("t.streams.a:w-3").has("writer"))
                    .as("a direct producer that names no one")
                    .isFalse();

            // A withdrawal is traced to whoever wrote it.
            run.sendWithHeader(
                    new Sent(
                            envelope(
                                    "t.streams.a:w-1",
                                    2,
                                    new Shape(EventType.MEETING_HELD, "t.streams.a", 1, 60, 1, 0, true, true)),
                            null,
                            Topics.ACTIVITIES,
                            null),
                    Topics.WRITER_HEADER,
                    "office-clerk");
            run.documents();
            assertThat(run.document("t.streams.a:w-1")
                            .path("writer")
                            .path("name")
                            .asString())
                    .isEqualTo("office-clerk");
            assertThat(run.document("t.streams.a:w-1").path("retracted").asBoolean())
                    .isTrue();
        }
    }

    @Example
    void aGatewayEmittersAuthorityTravelsWithTheEventAndKeepsItInItsSubtree() {
        Shape other = new Shape(EventType.MEETING_HELD, "t.streams.b", 1, 60, 1, 0, true, false);
        Shape taken = new Shape(EventType.MEETING_HELD, "t.streams.a", 1, 60, 1, 0, true, false);
        Period january = Period.parse("2024-01", REGISTRY.zone());
        try (Run run = new Run()) {
            run.send(new Sent(envelope("meeting-g", 2, other), null, Topics.ACTIVITIES, null));
            // Through the gateway, an emitter of t.streams.a claims it at revision 1 on a contract topic.
            run.sendWithAuthority(
                    new Sent(envelope("meeting-g", 1, taken), null, Topics.ACTIVITIES, null), "t.streams.a");

            assertThat(run.figures()
                            .values(january, "t.streams.b", FiguresView.Scope.SELF)
                            .orElseThrow())
                    .containsEntry("meeting.executive", 1L);
            assertThat(run.documents()).containsEntry("meeting-g", "meeting-g/2/t.streams.b");
        }
    }

    private static String caseId(String unit, String caseNo) {
        return new CaseKey(unit, CaseKind.LITIGATION, caseNo).documentId();
    }

    public static List<Period> periods() {
        List<Period> periods = new ArrayList<>();
        for (String label : List.of(
                "2023", "2024", "2023-Q4", "2024-Q1", "2024-Q2", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03",
                "2024-04")) {
            periods.add(Period.parse(label, REGISTRY.zone()));
        }
        return periods;
    }

    // ---- the topology under test --------------------------------------------------------------------------------

    /** The topology on a test driver, with every output it wrote (also the other tests' stream evaluation). */
    public static final class Run implements AutoCloseable {
        private final TopologyTestDriver driver;
        private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
        private final Map<String, TestOutputTopic<String, byte[]>> figures = new LinkedHashMap<>();
        private final TestOutputTopic<String, byte[]> documents;
        private final TestOutputTopic<String, byte[]> cases;
        private final TestOutputTopic<String, byte[]> requests;
        private final TestOutputTopic<byte[], byte[]> dlq;
        private final FiguresView view = new FiguresView(CATALOGUE, REGISTRY);
        private final Map<String, String> documentsNow = new HashMap<>();
        private final Map<String, JsonNode> documentTrees = new HashMap<>();
        private final Map<String, Long> documentVersions = new HashMap<>();
        private final Map<String, Set<String>> casesNow = new HashMap<>();
        private final Map<String, Long> caseVersions = new HashMap<>();
        private final Map<String, Set<String>> requestsNow = new HashMap<>();
        private final Map<String, Long> requestVersions = new HashMap<>();
        private final List<TestRecord<byte[], byte[]>> letters = new ArrayList<>();

        public Run() {
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "lawstats-test");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            try {
                config.put(
                        StreamsConfig.STATE_DIR_CONFIG,
                        Files.createTempDirectory(Files.createDirectories(Path.of("target/topology-test")), "run")
                                .toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            driver = new TopologyTestDriver(new EventTopology(REGISTRY, CATALOGUE).build(), config);
            for (String topic : FiguresFollower.topics("lawstats-test")) {
                figures.put(
                        topic, driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer()));
            }
            documents = driver.createOutputTopic(
                    EventTopology.DOCUMENTS_TOPIC, new StringDeserializer(), new ByteArrayDeserializer());
            cases = driver.createOutputTopic(
                    EventTopology.CASE_RECORDS_TOPIC, new StringDeserializer(), new ByteArrayDeserializer());
            requests = driver.createOutputTopic(
                    EventTopology.REQUEST_RECORDS_TOPIC, new StringDeserializer(), new ByteArrayDeserializer());
            dlq = driver.createOutputTopic(Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        public void send(Sent record) {
            inputs.computeIfAbsent(
                            record.topic(),
                            topic -> driver.createInputTopic(
                                    topic, new ByteArraySerializer(), new ByteArraySerializer()))
                    .pipeInput(record.key(), record.value());
        }

        void sendWithAuthority(Sent record, String authority) {
            sendWithHeader(record, Topics.AUTHORITY_HEADER, authority);
        }

        void sendWithHeader(Sent record, String name, String value) {
            var headers = new RecordHeaders();
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            inputs.computeIfAbsent(
                            record.topic(),
                            topic -> driver.createInputTopic(
                                    topic, new ByteArraySerializer(), new ByteArraySerializer()))
                    .pipeInput(new TestRecord<>(record.key(), record.value(), headers));
        }

        public FiguresView figures() {
            // The test driver runs every task as partition 0: one share per store.
            figures.forEach((topic, output) ->
                    output.readKeyValuesToList().forEach(kv -> view.apply(topic, 0, kv.key, kv.value)));
            return view;
        }

        /** eventId to "eventId/revision/unit" of its document now; versions must grow per eventId. */
        Map<String, String> documents() {
            for (var kv : documents.readKeyValuesToList()) {
                JsonNode value = CODEC.mapper().readTree(kv.value);
                long version = value.path("version").asLong();
                assertThat(version)
                        .as("the version of %s grows", kv.key)
                        .isGreaterThan(documentVersions.getOrDefault(kv.key, 0L));
                documentVersions.put(kv.key, version);
                if (value.path("document").isNull()) {
                    documentsNow.remove(kv.key); // counts as nothing any more
                    documentTrees.remove(kv.key);
                } else {
                    documentsNow.put(kv.key, label(value.path("document")));
                    documentTrees.put(kv.key, value.path("document"));
                }
            }
            return documentsNow;
        }

        /** The document of an eventId now, as {@link #documents()} last read it. */
        JsonNode document(String eventId) {
            return documentTrees.get(eventId);
        }

        /** case document id to the "eventId/revision/unit" of its events. */
        Map<String, Set<String>> caseRecords() {
            return records(cases, caseVersions, casesNow);
        }

        /** request document id to the "eventId/revision/unit" of its events. */
        Map<String, Set<String>> requestRecords() {
            return records(requests, requestVersions, requestsNow);
        }

        private static Map<String, Set<String>> records(
                TestOutputTopic<String, byte[]> topic, Map<String, Long> versions, Map<String, Set<String>> now) {
            for (var kv : topic.readKeyValuesToList()) {
                JsonNode value = CODEC.mapper().readTree(kv.value);
                long version = value.path("version").asLong();
                assertThat(version).isGreaterThan(versions.getOrDefault(kv.key, 0L));
                versions.put(kv.key, version);
                Set<String> events = new TreeSet<>();
                value.path("events").forEach(event -> events.add(label(event)));
                if (events.isEmpty()) {
                    now.remove(kv.key); // its store deletes it, at this version
                } else {
                    now.put(kv.key, events);
                }
            }
            return now;
        }

        /** "eventId/revision/unit" (or the bytes of what did not decode) to the header's value, per dead letter. */
        Map<String, String> deadLetters(String header) {
            letters.addAll(dlq.readRecordsToList());
            Map<String, String> byLabel = new LinkedHashMap<>();
            for (TestRecord<byte[], byte[]> letter : letters) {
                Header h = letter.headers().lastHeader(header);
                String value = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
                String label = CODEC.decode(letter.value()) instanceof EventCodec.Decoded.Valid valid
                        ? label(valid.event())
                        : new String(letter.value(), StandardCharsets.UTF_8);
                byLabel.merge(label, value, (a, b) -> a.equals(b) ? a : a + "," + b);
            }
            return byLabel;
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    private static String label(EventEnvelope event) {
        return event.eventId() + "/" + event.revision() + "/" + event.unitId();
    }

    private static String label(JsonNode event) {
        return event.path("eventId").asString() + "/" + event.path("revision").asLong(1) + "/"
                + event.path("unitId").asString();
    }

    // ---- the plain model ------------------------------------------------------------------------------------------

    /** The contract read literally, over everything sent at once: no order, no state, no streams. */
    static final class Model {
        private final List<Sent> sent;
        /** eventId to its counted revision: the highest (first sent among equals) of the lowest revision's identity. */
        private final Map<String, EventEnvelope> counted = new HashMap<>();

        private final Set<String> losers = new HashSet<>();

        Model(List<Sent> sent) {
            this.sent = sent;
            // eventId to identity ("unit/type") to its admissible arrivals and the authorities that wrote them
            Map<String, Map<String, List<Sent>>> claims = new HashMap<>();
            for (Sent s : sent) {
                if (admissible(s)) {
                    claims.computeIfAbsent(s.event().eventId(), id -> new LinkedHashMap<>())
                            .computeIfAbsent(
                                    s.event().unitId() + "/" + s.event().type().wireName(), k -> new ArrayList<>())
                            .add(s);
                }
            }
            claims.forEach((id, byIdentity) -> {
                Set<String> units = byIdentity.values().stream()
                        .map(arrivals -> arrivals.get(0).event().unitId())
                        .collect(Collectors.toSet());
                // Eligible: written by an authority over every claiming unit (a contract topic: over all).
                List<List<Sent>> eligible = byIdentity.values().stream()
                        .filter(arrivals -> arrivals.stream()
                                .anyMatch(a -> Topics.unitOf(a.topic())
                                        .map(authority -> units.stream().allMatch(u -> REGISTRY.covers(authority, u)))
                                        .orElse(true)))
                        .toList();
                Comparator<List<Sent>> precedence = Comparator.<List<Sent>>comparingLong(arrivals -> arrivals.stream()
                                .mapToLong(a -> a.event().revision())
                                .min()
                                .orElseThrow())
                        .thenComparing(arrivals -> arrivals.get(0).event().unitId())
                        .thenComparing(
                                arrivals -> arrivals.get(0).event().type().wireName());
                List<Sent> governing = eligible.stream().min(precedence).orElse(null);
                for (List<Sent> arrivals : byIdentity.values()) {
                    EventEnvelope highest = null;
                    for (Sent a : arrivals) {
                        if (highest == null || a.event().revision() > highest.revision()) {
                            highest = a.event();
                        }
                    }
                    if (arrivals == governing) {
                        counted.put(id, highest);
                    } else {
                        losers.add(label(highest));
                    }
                }
            });
        }

        private static boolean sameIdentity(EventEnvelope a, EventEnvelope b) {
            return a.unitId().equals(b.unitId()) && a.type() == b.type();
        }

        private static boolean admissible(Sent s) {
            if (s.event() == null) {
                return false;
            }
            Optional<String> unitTopic = Topics.unitOf(s.topic());
            return unitTopic.isPresent()
                    ? REGISTRY.covers(unitTopic.get(), s.event().unitId())
                            && EventIds.owner(s.event().eventId(), REGISTRY::contains)
                                    .filter(owner -> REGISTRY.covers(unitTopic.get(), owner))
                                    .isPresent()
                    : s.event().type().topic().equals(s.topic());
        }

        Set<String> inadmissible() {
            Set<String> labels = new HashSet<>();
            for (Sent s : sent) {
                if (!admissible(s)) {
                    labels.add(s.event() == null ? new String(s.garbage(), StandardCharsets.UTF_8) : label(s.event()));
                }
            }
            return labels;
        }

        Set<String> losers() {
            return losers;
        }

        /** The eventIds whose admissible revisions claim more than one identity. */
        Set<String> contested() {
            Map<String, Set<String>> identities = new HashMap<>();
            for (Sent s : sent) {
                if (admissible(s)) {
                    identities
                            .computeIfAbsent(s.event().eventId(), id -> new HashSet<>())
                            .add(s.event().unitId() + "/" + s.event().type().wireName());
                }
            }
            return identities.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
        }

        Map<String, String> documents() {
            Map<String, String> documents = new HashMap<>();
            counted.forEach((id, event) -> documents.put(id, label(event)));
            return documents;
        }

        Map<String, Set<String>> caseRecords() {
            return records(event -> CaseKey.of(event).map(CaseKey::documentId));
        }

        Map<String, Set<String>> requestRecords() {
            return records(event -> RequestKey.of(event).map(RequestKey::documentId));
        }

        /** Record document id to the labels of the counted events it holds. */
        private Map<String, Set<String>> records(Function<EventEnvelope, Optional<String>> recordOf) {
            Map<String, Set<String>> records = new HashMap<>();
            for (EventEnvelope event : counted.values()) {
                recordOf.apply(event)
                        .ifPresent(id -> records.computeIfAbsent(id, k -> new TreeSet<>())
                                .add(label(event)));
            }
            return records;
        }

        Map<String, Long> bases(Period period, String unit, FiguresView.Scope scope) {
            List<ObjectNode> all = counted.values().stream()
                    .filter(e -> !e.retracted())
                    .map(e -> EventDocument.of(e, Instant.EPOCH).tree())
                    .toList();
            List<ObjectNode> inScope = all.stream()
                    .filter(d -> scope == FiguresView.Scope.SELF
                            ? d.path("unitId").asString().equals(unit)
                            : REGISTRY.covers(unit, d.path("unitId").asString()))
                    .filter(d -> {
                        var at = OffsetDateTime.parse(d.path("occurredAt").asString());
                        return !at.isBefore(period.from().toOffsetDateTime())
                                && at.isBefore(period.to().toOffsetDateTime());
                    })
                    .toList();
            Map<String, Long> bases = new HashMap<>();
            for (Indicator.Base base : CATALOGUE.bases()) {
                List<ObjectNode> counts = inScope.stream().filter(base::counts).toList();
                long value = switch (base) {
                    case Indicator.Count count -> counts.size();
                    case Indicator.Sum sum ->
                        counts.stream().mapToLong(sum::amount).sum();
                    case Indicator.Distinct distinct ->
                        counts.stream()
                                .map(distinct::distinctValue)
                                .filter(Objects::nonNull)
                                .distinct()
                                .count();
                    case Indicator.Unmatched unmatched ->
                        counts.stream()
                                .filter(d -> unmatched.match().key(d) != null && !matched(unmatched.match(), d, all))
                                .count();
                    case Indicator.Matched matched ->
                        counts.stream()
                                .filter(d -> matched.match().key(d) != null && matched(matched.match(), d, all))
                                .map(matched::distinctValue)
                                .filter(Objects::nonNull)
                                .distinct()
                                .count();
                    // Asked of the deadlines at query time: the topology publishes nothing for it.
                    case Indicator.Overdue overdue -> 0;
                };
                bases.put(base.id(), value);
            }
            return bases;
        }

        private static boolean matched(Indicator.Match match, ObjectNode document, List<ObjectNode> all) {
            String key = match.key(document);
            return all.stream().anyMatch(other -> match.isOtherSide(other) && key.equals(match.key(other)));
        }
    }
}
