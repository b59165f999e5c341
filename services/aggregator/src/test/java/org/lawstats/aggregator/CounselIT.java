package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload.CounselServed;
import org.lawstats.contract.Payload.CounselServed.CounselKind;
import org.lawstats.contract.Payload.CounselServed.Work;
import org.lawstats.contract.Topics;
import tools.jackson.databind.JsonNode;

/**
 * The legal counsel's figures and table (api.md 1.2) against a model, over a generated history with duplicates,
 * corrections of the work kind, withdrawals, a revision across a quarter boundary in Beijing and shuffled arrival;
 * and the invalid counsel events in the dead-letter topic with their reasons.
 */
class CounselIT extends IntegrationTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final List<String> UNITS = List.of("t.counsel", "t.counsel.a", "t.counsel.a.one", "t.counsel.b");
    private static final Map<String, List<String>> SUBTREES = Map.of(
            "t.counsel", UNITS,
            "t.counsel.a", List.of("t.counsel.a", "t.counsel.a.one"),
            "t.counsel.a.one", List.of("t.counsel.a.one"),
            "t.counsel.b", List.of("t.counsel.b"));
    private static final List<String> PERIODS =
            List.of("2024", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2024-06", "2024-07");
    private static final List<String> INDICATORS = List.of(
            "counsel.public_lawyers",
            "counsel.legal_advisers",
            "counsel.opinions",
            "counsel.contract_reviews",
            "counsel.legality_reviews",
            "counsel.served");

    /** A counsel of the pool: its id and kind (one kind per counsel, as a unit's registry of counsel has it). */
    private record Counsel(String id, CounselKind kind) {}

    private static EventEnvelope served(String eventId, String unit, OffsetDateTime at, Counsel counsel, Work work) {
        return EventEnvelope.of(
                eventId,
                EventType.COUNSEL_SERVED,
                unit,
                at,
                new CounselServed(counsel.id(), counsel.kind(), work, "卷宗 " + eventId));
    }

    private static OffsetDateTime someTimeIn2024(Random random) {
        return ZonedDateTime.of(
                        2024, 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), 0, 0, 0, BEIJING)
                .toOffsetDateTime();
    }

    @Test
    void everyCounselFigureAndRowIsExactAfterDuplicatesCorrectionsWithdrawalsAndAnyOrder() {
        Random random = new Random(20240630L);
        List<Counsel> pool = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            pool.add(new Counsel("counsel-" + i, i % 3 == 0 ? CounselKind.LEGAL_ADVISER : CounselKind.PUBLIC_LAWYER));
        }
        Map<String, EventEnvelope> latest = new LinkedHashMap<>();
        List<EventEnvelope> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String unit = UNITS.get(random.nextInt(UNITS.size()));
            // The first counsel works for two units, so that the units above count it once.
            Counsel counsel = i % 10 == 0 ? pool.get(0) : pool.get(random.nextInt(pool.size()));
            Work work = Work.values()[random.nextInt(Work.values().length)];
            EventEnvelope first = served("t.counsel:" + i, unit, someTimeIn2024(random), counsel, work);
            sent.add(first);
            latest.put(first.eventId(), first);
            int roll = random.nextInt(10);
            if (roll == 0) {
                sent.add(first); // a redelivery
            } else if (roll == 1) {
                Work other = Work.values()[(work.ordinal() + 1) % Work.values().length];
                EventEnvelope corrected = first.revised(
                        2, first.occurredAt(), new CounselServed(counsel.id(), counsel.kind(), other, "更正"));
                sent.add(corrected);
                latest.put(first.eventId(), corrected);
            } else if (roll == 2) {
                EventEnvelope withdrawn = first.retractedAt(2);
                sent.add(withdrawn);
                latest.put(first.eventId(), withdrawn);
            }
        }
        // 2024-06-30T23:30 in Beijing is the second quarter; its revision at 16:30Z is 00:30 on 1 July, the third.
        EventEnvelope lateInJune =
                served("t.counsel:boundary", "t.counsel.b", at("2024-06-30T15:30:00Z"), pool.get(1), Work.OPINION);
        EventEnvelope movedToJuly = lateInJune.revised(2, at("2024-06-30T16:30:00Z"), lateInJune.payload());
        sent.addAll(List.of(lateInJune, movedToJuly));
        latest.put(lateInJune.eventId(), movedToJuly);
        Collections.shuffle(sent, random);
        sent.forEach(IntegrationTest::send);
        awaitAllConsumed();

        for (String period : PERIODS) {
            for (String unit : UNITS) {
                Map<String, Long> expected = model(latest.values(), period, SUBTREES.get(unit));
                JsonNode values = values(period, unit);
                for (String indicator : INDICATORS) {
                    assertThat(values.path(indicator).asLong())
                            .as(indicator + " of " + unit + " in " + period)
                            .isEqualTo(expected.get(indicator));
                }
                assertThat(rows(period, unit))
                        .as("the counsel table of " + unit + " in " + period)
                        .isEqualTo(table(latest.values(), period, SUBTREES.get(unit)));
            }
            assertThat(recordsBehindOpinions(period))
                    .as("the records behind counsel.opinions in " + period)
                    .isEqualTo(model(latest.values(), period, UNITS).get("counsel.opinions"));
        }
        // What the history was made to hold, so that the figures above were checked on it.
        assertThat(counted(movedToJuly, "2024-Q3", UNITS)).isTrue();
        assertThat(model(latest.values(), "2024", UNITS).get("counsel.legal_advisers"))
                .as("a counsel served two units and counts once at the top")
                .isLessThan(UNITS.stream()
                        .mapToLong(
                                u -> model(latest.values(), "2024", List.of(u)).get("counsel.legal_advisers"))
                        .sum());
    }

    /** How many records the drill-down lists behind counsel.opinions of the whole subtree. */
    private long recordsBehindOpinions(String period) {
        var response =
                get("/api/v1/stats/records?indicator=counsel.opinions&period=" + period + "&unit=t.counsel&size=1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("total").asLong();
    }

    private List<String> rows(String period, String unit) {
        var response = get("/api/v1/counsel?period=" + period + "&unit=" + unit);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        for (JsonNode row : JSON.readTree(response.body()).path("rows")) {
            StringBuilder line = new StringBuilder(
                    row.path("unitId").asString() + " " + row.path("counselId").asString() + " "
                            + row.path("counselKind").asString());
            for (Work work : Work.values()) {
                line.append(' ').append(row.path("work").path(work.name()).asLong());
            }
            rows.add(line.append(" = ").append(row.path("total").asLong()).toString());
        }
        return rows;
    }

    private static boolean counted(EventEnvelope event, String period, List<String> units) {
        if (event.retracted() || !units.contains(event.unitId())) {
            return false;
        }
        ZonedDateTime at = event.occurredAt().atZoneSameInstant(BEIJING);
        String label = period.length() == 4
                ? Integer.toString(at.getYear())
                : period.contains("Q")
                        ? at.getYear() + "-Q" + ((at.getMonthValue() - 1) / 3 + 1)
                        : String.format("%d-%02d", at.getYear(), at.getMonthValue());
        return label.equals(period);
    }

    private static Map<String, Long> model(Iterable<EventEnvelope> events, String period, List<String> units) {
        Set<String> lawyers = new HashSet<>();
        Set<String> advisers = new HashSet<>();
        Map<String, Long> values = new HashMap<>();
        INDICATORS.forEach(id -> values.put(id, 0L));
        for (EventEnvelope event : events) {
            if (!counted(event, period, units)) {
                continue;
            }
            CounselServed served = (CounselServed) event.payload();
            (served.counselKind() == CounselKind.PUBLIC_LAWYER ? lawyers : advisers).add(served.counselId());
            values.merge("counsel.served", 1L, Long::sum);
            switch (served.work()) {
                case OPINION -> values.merge("counsel.opinions", 1L, Long::sum);
                case CONTRACT_REVIEW -> values.merge("counsel.contract_reviews", 1L, Long::sum);
                case LEGALITY_REVIEW -> values.merge("counsel.legality_reviews", 1L, Long::sum);
                default -> {}
            }
        }
        values.put("counsel.public_lawyers", (long) lawyers.size());
        values.put("counsel.legal_advisers", (long) advisers.size());
        return values;
    }

    /** The table as api.md orders it: the largest total first, then unitId, then counselId. */
    private static List<String> table(Iterable<EventEnvelope> events, String period, List<String> units) {
        Map<List<String>, Map<Work, Long>> counts = new TreeMap<>(Comparator.comparing(List::toString));
        Map<List<String>, CounselKind> kinds = new HashMap<>();
        for (EventEnvelope event : events) {
            if (counted(event, period, units)) {
                CounselServed served = (CounselServed) event.payload();
                List<String> key = List.of(event.unitId(), served.counselId());
                counts.computeIfAbsent(key, k -> new TreeMap<>()).merge(served.work(), 1L, Long::sum);
                kinds.put(key, served.counselKind());
            }
        }
        List<Map.Entry<List<String>, Map<Work, Long>>> ordered = new ArrayList<>(counts.entrySet());
        ordered.sort(
                Comparator.<Map.Entry<List<String>, Map<Work, Long>>>comparingLong(e -> -e.getValue().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                        .thenComparing(e -> e.getKey().get(0))
                        .thenComparing(e -> e.getKey().get(1)));
        List<String> rows = new ArrayList<>();
        for (var entry : ordered) {
            StringBuilder line = new StringBuilder(
                    entry.getKey().get(0) + " " + entry.getKey().get(1) + " " + kinds.get(entry.getKey()));
            long total = 0;
            for (Work work : Work.values()) {
                long n = entry.getValue().getOrDefault(work, 0L);
                line.append(' ').append(n);
                total += n;
            }
            rows.add(line.append(" = ").append(total).toString());
        }
        return rows;
    }

    @Test
    void anUnknownCounselKindOrWorkAndAnOverlongRefGoToTheDeadLetterTopicWithTheirReasons() {
        String head = "{\"eventId\":\"t.counsel:bad-%s\",\"type\":\"counsel.served\",\"unitId\":\"t.counsel\","
                + "\"occurredAt\":\"2037-03-01T09:00:00+08:00\",\"payload\":%s}";
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put(
                "payload.counselKind",
                head.formatted("kind", "{\"counselId\":\"c1\",\"counselKind\":\"JUDGE\",\"work\":\"OPINION\"}"));
        invalid.put(
                "payload.work",
                head.formatted(
                        "work", "{\"counselId\":\"c1\",\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"SINGING\"}"));
        invalid.put(
                "payload.ref",
                head.formatted(
                        "ref",
                        "{\"counselId\":\"c1\",\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"OPINION\",\"ref\":\""
                                + "卷".repeat(CounselServed.MAX_REF_LENGTH + 1) + "\"}"));
        Map<Long, String> fieldByOffset = new HashMap<>();
        for (var each : invalid.entrySet()) {
            RecordMetadata at =
                    sendRaw(Topics.ACTIVITIES, "t.counsel", each.getValue().getBytes(StandardCharsets.UTF_8));
            fieldByOffset.put(at.offset(), each.getKey());
        }
        // The longest ref the contract allows is valid, and counts.
        send(EventEnvelope.of(
                "t.counsel:longest-ref",
                EventType.COUNSEL_SERVED,
                "t.counsel",
                at("2037-03-01T09:00:00+08:00"),
                new CounselServed("c1", CounselKind.PUBLIC_LAWYER, Work.OPINION, "卷".repeat(200))));
        awaitStored("t.counsel:longest-ref", 1);

        List<ConsumerRecord<byte[], byte[]>> letters =
                DeadLetters.read(DeadLetters.of(Topics.ACTIVITIES, fieldByOffset.keySet()), fieldByOffset.size());
        assertThat(letters).hasSize(3);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            String field = fieldByOffset.get(DeadLetters.originalOffset(letter));
            assertThat(DeadLetters.header(letter, DeadLetterHeaders.REASON))
                    .as(field)
                    .isEqualTo("invalid-field");
            assertThat(DeadLetters.header(letter, DeadLetterHeaders.DETAIL))
                    .as(field)
                    .contains(field);
        }
        assertThat(values("2037-Q1", "t.counsel").path("counsel.opinions").asLong())
                .isEqualTo(1);
    }
}
