package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.devstack.stack.AggregatorProcess;
import tools.jackson.databind.JsonNode;

/**
 * Random streams of training and exam events, with duplicates, revisions, retractions, shuffled over partitions,
 * give exactly the figures of a plain in-memory model of api.md. Each try works in a month of its own.
 */
class StreamPropertyIT {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final List<EventType> TYPES = List.of(
            EventType.TRAINING_ENROLLED, EventType.TRAINING_COMPLETED, EventType.EXAM_ASSIGNED, EventType.EXAM_TAKEN);
    private static final AtomicInteger TRY = new AtomicInteger();
    // Every try's latest versions with their instants: the year's model spans all tries of that year.
    private static final Map<String, Placed> ALL = new ConcurrentHashMap<>();
    private static SeparateAggregator aggregator;
    private static AggregatorProcess process;

    /** One version of an event: who, where, when, and whether it is withdrawn. */
    record Version(EventType type, String unit, String person, int minuteOffset, boolean retracted) {}

    /** A latest version and the instant it occurred at. */
    record Placed(Version version, OffsetDateTime at) {}

    /** An event's life: its versions in revision order, and how often each is (re)delivered. */
    record Story(List<Version> versions, int deliveries) {}

    @BeforeContainer
    static void start() {
        aggregator = new SeparateAggregator(
                "property-test", "property-events", TestInfrastructure.get().elasticsearchUri());
        process = aggregator.start("property-aggregator.log", Map.of());
    }

    @AfterContainer
    static void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Provide
    Arbitrary<List<Story>> streams() {
        Arbitrary<EventType> type = Arbitraries.of(TYPES);
        Arbitrary<String> unit = Arbitraries.of("t.prop", "t.prop.a");
        Arbitrary<String> person = Arbitraries.of("p1", "p2", "p3", "p4", "p5", "p6");
        // Minutes from the month's start: some fall just before it or just after its end.
        Arbitrary<Integer> minute = Arbitraries.integers().between(-90, 31 * 24 * 60 + 90);
        Arbitrary<Boolean> retracted = Arbitraries.integers().between(0, 4).map(i -> i == 0);
        Arbitrary<Story> story = type.flatMap(t -> Combinators.combine(unit, person, minute, retracted)
                        .as((u, p, m, r) -> new Version(t, u, p, m, r))
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(3))
                .flatMap(versions -> Arbitraries.integers().between(1, 3).map(d -> new Story(versions, d)));
        return story.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void anyStreamGivesTheFiguresOfThePlainModel(@ForAll("streams") List<Story> stories, @ForAll Random random)
            throws Exception {
        int attempt = TRY.incrementAndGet();
        // Two months apart: a try's events reach up to 31 days and 90 minutes past its month's start (and 90 minutes
        // before it), which must never fall in another try's month.
        YearMonth month = YearMonth.of(2100, 1).plusMonths(2L * attempt);
        OffsetDateTime monthStart = month.atDay(1).atStartOfDay(ZONE).toOffsetDateTime();

        List<EventEnvelope> deliveries = new ArrayList<>();
        Map<String, Version> latest = new HashMap<>();
        for (int s = 0; s < stories.size(); s++) {
            String eventId = "prop:" + attempt + ":" + s;
            List<Version> versions = stories.get(s).versions();
            for (int r = 0; r < versions.size(); r++) {
                Version v = versions.get(r);
                // A revision may not change type or unit: keep the first version's.
                Version kept = new Version(
                        versions.get(0).type(), versions.get(0).unit(), v.person(), v.minuteOffset(), v.retracted());
                EventEnvelope event = envelope(eventId, r + 1, kept, monthStart);
                for (int d = 0; d < stories.get(s).deliveries(); d++) {
                    deliveries.add(event);
                }
                latest.put(eventId, kept);
                ALL.put(eventId, new Placed(kept, monthStart.plusMinutes(kept.minuteOffset())));
            }
        }
        Collections.shuffle(deliveries, random);
        for (EventEnvelope event : deliveries) {
            IntegrationTest.sendTo(event, random.nextInt(3));
        }
        IntegrationTest.producer().flush();
        await().atMost(Duration.ofSeconds(120)).until(() -> aggregator.lag() == 0);
        aggregator.documentsOf("t.prop"); // refreshes the index
        aggregator.awaitSettled(process);

        JsonNode values = SeparateAggregator.getJson(process, "/api/v1/stats?period=" + month + "&unit=t.prop")
                .path("values");
        Map<EventType, Long> model = model(
                latest.values().stream()
                        .map(v -> new Placed(v, monthStart.plusMinutes(v.minuteOffset())))
                        .toList(),
                monthStart,
                month.plusMonths(1).atDay(1).atStartOfDay(ZONE).toOffsetDateTime());
        assertThat(values.path("training.enrolled_persons").asLong()).isEqualTo(model.get(EventType.TRAINING_ENROLLED));
        assertThat(values.path("training.completed_persons").asLong())
                .as("month %s, latest versions %s", month, latest)
                .isEqualTo(model.get(EventType.TRAINING_COMPLETED));
        assertThat(values.path("exam.assigned_persons").asLong()).isEqualTo(model.get(EventType.EXAM_ASSIGNED));
        assertThat(values.path("exam.taken_persons").asLong()).isEqualTo(model.get(EventType.EXAM_TAKEN));

        // The year: the same persons counted once across months
        int year = month.getYear();
        Map<EventType, Long> yearModel = model(
                ALL.values(),
                YearMonth.of(year, 1).atDay(1).atStartOfDay(ZONE).toOffsetDateTime(),
                YearMonth.of(year + 1, 1).atDay(1).atStartOfDay(ZONE).toOffsetDateTime());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode yearValues = SeparateAggregator.getJson(process, "/api/v1/stats?period=" + year + "&unit=t.prop")
                    .path("values");
            for (EventType type : TYPES) {
                assertThat(yearValues.path(distinctOf(type)).asLong())
                        .as("year %s, %s", year, type)
                        .isEqualTo(yearModel.get(type));
            }
        });
    }

    /** One version of a meeting or a disclosure event: the kind or request, the key matters, when, withdrawn. */
    record Act(EventType type, String unit, int pick, int keyMatters, int minuteOffset, boolean retracted) {}

    @Provide
    Arbitrary<List<List<Act>>> acts() {
        Arbitrary<EventType> type =
                Arbitraries.of(EventType.MEETING_HELD, EventType.DISCLOSURE_RECEIVED, EventType.DISCLOSURE_REPLIED);
        Arbitrary<String> unit = Arbitraries.of("t.prop", "t.prop.a");
        // For meetings the kind (even: executive, odd: party group); for disclosures the request of this try.
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 3);
        Arbitrary<Integer> keyMatters = Arbitraries.integers().between(0, 5);
        // Minutes from the year's start: a few just before it or after its end, most inside.
        Arbitrary<Integer> minute = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-90, 90)),
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 365 * 24 * 60)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(365 * 24 * 60 - 90, 366 * 24 * 60 + 90)));
        Arbitrary<Boolean> retracted = Arbitraries.integers().between(0, 4).map(i -> i == 0);
        Arbitrary<List<Act>> story = type.flatMap(t -> Combinators.combine(unit, pick, keyMatters, minute, retracted)
                .as((u, p, k, m, r) -> new Act(t, u, p, k, m, r))
                .list()
                .ofMinSize(1)
                .ofMaxSize(3));
        return story.list().ofMinSize(20).ofMaxSize(50);
    }

    /**
     * Counts, sums and the one join through every write: meetings revised to another kind,
     * month or number of key matters, requests and replies revised to another request, withdrawn, redelivered,
     * replies before their requests. The year equals the plain model of api.md.
     */
    @Property(tries = 8, shrinking = ShrinkingMode.OFF, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void anyStreamOfMeetingsAndDisclosuresGivesThePlainModelsCountsSumsAndPendingRequests(
            @ForAll("acts") List<List<Act>> stories, @ForAll Random random) throws Exception {
        int attempt = TRY.incrementAndGet();
        int year = 2300 + 2 * attempt; // a year of its own, and one apart from the next try's
        OffsetDateTime yearStart =
                YearMonth.of(year, 1).atDay(1).atStartOfDay(ZONE).toOffsetDateTime();
        List<EventEnvelope> deliveries = new ArrayList<>();
        Map<String, Act> latest = new HashMap<>();
        for (int s = 0; s < stories.size(); s++) {
            String eventId = "acts:" + attempt + ":" + s;
            List<Act> versions = stories.get(s);
            for (int r = 0; r < versions.size(); r++) {
                Act v = versions.get(r);
                Act kept = new Act(
                        versions.get(0).type(),
                        versions.get(0).unit(),
                        v.pick(),
                        v.keyMatters(),
                        v.minuteOffset(),
                        v.retracted());
                EventEnvelope event = act(eventId, r + 1, kept, yearStart, attempt);
                for (int d = 0; d < 1 + random.nextInt(2); d++) {
                    deliveries.add(event);
                }
                latest.put(eventId, kept);
            }
        }
        Collections.shuffle(deliveries, random);
        // One partition per try, as a unit service keyed by unitId sends them: one consumer writes the units, and
        // the ledger follows its writes (the other property spreads events over partitions). Two halves, so that
        // the second is written to units the ledger holds.
        int partition = random.nextInt(3);
        int half = deliveries.size() / 2;
        for (List<EventEnvelope> part :
                List.of(deliveries.subList(0, half), deliveries.subList(half, deliveries.size()))) {
            part.forEach(event -> IntegrationTest.sendTo(event, partition));
            IntegrationTest.producer().flush();
            await().atMost(Duration.ofSeconds(120)).until(() -> aggregator.lag() == 0);
        }
        aggregator.awaitSettled(process);

        OffsetDateTime yearEnd = yearStart.plusYears(1);
        List<Act> counted = latest.values().stream().filter(v -> !v.retracted()).toList();
        List<Act> inYear = counted.stream()
                .filter(v -> {
                    OffsetDateTime at = yearStart.plusMinutes(v.minuteOffset());
                    return !at.isBefore(yearStart) && at.isBefore(yearEnd);
                })
                .toList();
        Set<String> replied = new HashSet<>();
        counted.stream()
                .filter(v -> v.type() == EventType.DISCLOSURE_REPLIED)
                .forEach(v -> replied.add(v.unit() + "/" + v.pick()));
        Map<String, Long> model = Map.of(
                "meeting.executive",
                inYear.stream()
                        .filter(v -> v.type() == EventType.MEETING_HELD && v.pick() % 2 == 0)
                        .count(),
                "meeting.key_matters",
                inYear.stream()
                        .filter(v -> v.type() == EventType.MEETING_HELD)
                        .mapToLong(Act::keyMatters)
                        .sum(),
                "disclosure.received",
                inYear.stream()
                        .filter(v -> v.type() == EventType.DISCLOSURE_RECEIVED)
                        .count(),
                "disclosure.replied",
                inYear.stream()
                        .filter(v -> v.type() == EventType.DISCLOSURE_REPLIED)
                        .count(),
                "disclosure.pending",
                inYear.stream()
                        .filter(v -> v.type() == EventType.DISCLOSURE_RECEIVED
                                && !replied.contains(v.unit() + "/" + v.pick()))
                        .count());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode values = SeparateAggregator.getJson(process, "/api/v1/stats?period=" + year + "&unit=t.prop")
                    .path("values");
            model.forEach((id, expected) -> assertThat(values.path(id).asLong())
                    .as("year %s, %s; latest versions %s", year, id, latest)
                    .isEqualTo(expected));
        });
    }

    private static EventEnvelope act(String eventId, int revision, Act v, OffsetDateTime yearStart, int attempt) {
        OffsetDateTime at = yearStart.plusMinutes(v.minuteOffset()).withOffsetSameInstant(ZoneOffset.UTC);
        String request = "R" + attempt + "-" + v.pick();
        Payload payload = switch (v.type()) {
            case MEETING_HELD ->
                new Payload.MeetingHeld(
                        v.pick() % 2 == 0 ? Payload.MeetingHeld.Kind.EXECUTIVE : Payload.MeetingHeld.Kind.PARTY_GROUP,
                        false,
                        v.keyMatters());
            case DISCLOSURE_RECEIVED ->
                new Payload.DisclosureReceived(
                        request,
                        Payload.DisclosureReceived.Channel.ONLINE,
                        Payload.DisclosureReceived.ApplicantType.CITIZEN,
                        "规划许可信息");
            default ->
                new Payload.DisclosureReplied(
                        request, Payload.DisclosureReplied.Outcome.DISCLOSED, at.plusDays(20), false);
        };
        return new EventEnvelope(eventId, revision, v.type(), v.unit(), at, v.retracted(), payload);
    }

    private static String distinctOf(EventType type) {
        return switch (type) {
            case TRAINING_ENROLLED -> "training.enrolled_persons";
            case TRAINING_COMPLETED -> "training.completed_persons";
            case EXAM_ASSIGNED -> "exam.assigned_persons";
            default -> "exam.taken_persons";
        };
    }

    /** api.md, plainly: distinct persons of the latest, unretracted versions that fall inside [from, to). */
    private static Map<EventType, Long> model(Iterable<Placed> latest, OffsetDateTime from, OffsetDateTime to) {
        Map<EventType, Set<String>> persons = new HashMap<>();
        TYPES.forEach(t -> persons.put(t, new HashSet<>()));
        for (Placed placed : latest) {
            Version v = placed.version();
            if (!v.retracted() && !placed.at().isBefore(from) && placed.at().isBefore(to)) {
                persons.get(v.type()).add(v.person());
            }
        }
        Map<EventType, Long> counts = new HashMap<>();
        persons.forEach((t, set) -> counts.put(t, (long) set.size()));
        return counts;
    }

    private static EventEnvelope envelope(String eventId, int revision, Version v, OffsetDateTime monthStart) {
        // Times are written in UTC on the wire, as many unit services do: the zone is the aggregator's business.
        OffsetDateTime at = monthStart.plusMinutes(v.minuteOffset()).withOffsetSameInstant(ZoneOffset.UTC);
        Payload payload = switch (v.type()) {
            case TRAINING_ENROLLED -> new Payload.TrainingEnrolled(v.person(), "law", null);
            case TRAINING_COMPLETED -> new Payload.TrainingCompleted(v.person(), "law", null, null);
            case EXAM_ASSIGNED -> new Payload.ExamAssigned(v.person(), "exam", null);
            default -> new Payload.ExamTaken(v.person(), "exam", null, null);
        };
        return new EventEnvelope(eventId, revision, v.type(), v.unit(), at, v.retracted(), payload);
    }
}
