package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.Topics;

/**
 * A corpus of invalid records, each interleaved with valid events on the same partition: every invalid one lands
 * in the dead-letter topic with its reason, every valid one counts, and the partition never stalls.
 */
class InvalidRecordsIT extends IntegrationTest {
    private static final String U = "t.bad";
    private static final String AT = "2039-05-01T09:00:00+08:00";

    record Bad(String name, String topic, byte[] bytes, String reason) {}

    private static Bad bad(String name, String topic, String json, String reason) {
        return new Bad(name, topic, json.getBytes(StandardCharsets.UTF_8), reason);
    }

    /** A valid-looking envelope with one part replaced. */
    private static String event(String eventId, String type, String unit, String occurredAt, String payload) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"unitId\":\"" + unit
                + "\",\"occurredAt\":\"" + occurredAt + "\",\"payload\":" + payload + "}";
    }

    private static String taken(String eventId, String payload) {
        return event(eventId, "exam.taken", U, AT, payload);
    }

    /** The hostile corpus: each record and the dead-letter reason it must get (also posted to the gateway). */
    static List<Bad> corpus() {
        String t = Topics.TRAINING;
        String a = Topics.ACTIVITIES;
        String d = Topics.DISCLOSURE;
        String c = Topics.CASES;
        String ok = "{\"personId\":\"p\",\"examId\":\"x\"}";
        List<Bad> corpus = new ArrayList<>(List.of(
                bad("not JSON", t, "hello, lawstats", "malformed-json"),
                bad("empty object text", t, "", "malformed-json"),
                bad("truncated JSON", t, "{\"eventId\":\"bad:1\",", "malformed-json"),
                bad("trailing data", t, taken("bad:2", ok) + " {}", "malformed-json"),
                bad("a duplicate key", t, "{\"eventId\":\"bad:3\",\"eventId\":\"bad:4\"}", "malformed-json"),
                bad("an array", t, "[" + taken("bad:5", ok) + "]", "not-an-object"),
                bad("a number", t, "42", "not-an-object"),
                bad("a JSON string", t, "\"training.completed\"", "not-an-object"),
                bad(
                        "no eventId",
                        t,
                        "{\"type\":\"exam.taken\",\"unitId\":\"t.bad\",\"occurredAt\":\"" + AT + "\",\"payload\":" + ok
                                + "}",
                        "invalid-field"),
                bad("an eventId with a slash", t, taken("bad/6", ok), "invalid-field"),
                bad("an eventId of 129 characters", t, taken("b".repeat(129), ok), "invalid-field"),
                bad(
                        "revision as a string",
                        t,
                        taken("bad:7", ok).replace("{\"eventId\"", "{\"revision\":\"2\",\"eventId\""),
                        "invalid-field"),
                bad(
                        "revision zero",
                        t,
                        taken("bad:8", ok).replace("{\"eventId\"", "{\"revision\":0,\"eventId\""),
                        "invalid-field"),
                bad(
                        "retracted as a string",
                        t,
                        taken("bad:9", ok).replace("{\"eventId\"", "{\"retracted\":\"true\",\"eventId\""),
                        "invalid-field"),
                bad(
                        "no type",
                        t,
                        "{\"eventId\":\"bad:10\",\"unitId\":\"t.bad\",\"occurredAt\":\"" + AT + "\",\"payload\":" + ok
                                + "}",
                        "invalid-field"),
                bad("an unknown type", t, event("bad:11", "exam.passed", U, AT, ok), "unknown-type"),
                bad("a type in the wrong case", t, event("bad:12", "Exam.Taken", U, AT, ok), "unknown-type"),
                bad("an unknown unit", t, event("bad:13", "exam.taken", "t.nowhere", AT, ok), "unknown-unit"),
                bad(
                        "a time without offset",
                        t,
                        event("bad:14", "exam.taken", U, "2039-05-01T09:00:00", ok),
                        "invalid-field"),
                bad("a date only", t, event("bad:15", "exam.taken", U, "2039-05-01", ok), "invalid-field"),
                bad(
                        "the year 99999",
                        t,
                        event("bad:16", "exam.taken", U, "+99999-05-01T09:00:00Z", ok),
                        "invalid-field"),
                bad(
                        "no payload",
                        t,
                        "{\"eventId\":\"bad:17\",\"type\":\"exam.taken\",\"unitId\":\"t.bad\"," + "\"occurredAt\":\""
                                + AT + "\"}",
                        "invalid-field"),
                bad("a payload array", t, taken("bad:18", "[]"), "invalid-field"),
                bad("no personId", t, taken("bad:19", "{\"examId\":\"x\"}"), "invalid-field"),
                bad("a numeric personId", t, taken("bad:20", "{\"personId\":7,\"examId\":\"x\"}"), "invalid-field"),
                bad("a null personId", t, taken("bad:21", "{\"personId\":null,\"examId\":\"x\"}"), "invalid-field"),
                bad(
                        "a score of 101",
                        t,
                        taken("bad:22", "{\"personId\":\"p\",\"examId\":\"x\",\"score\":101}"),
                        "invalid-field"),
                bad(
                        "passed as a string",
                        t,
                        taken("bad:23", "{\"personId\":\"p\",\"examId\":\"x\",\"passed\":\"true\"}"),
                        "invalid-field"),
                bad(
                        "a negative keyMatters",
                        a,
                        event(
                                "bad:24",
                                "meeting.held",
                                U,
                                AT,
                                "{\"kind\":\"EXECUTIVE\",\"ruleOfLawAgenda\":true,\"keyMatters\":-1}"),
                        "invalid-field"),
                bad(
                        "keyMatters as a string",
                        a,
                        event(
                                "bad:25",
                                "meeting.held",
                                U,
                                AT,
                                "{\"kind\":\"EXECUTIVE\",\"ruleOfLawAgenda\":true,\"keyMatters\":\"3\"}"),
                        "invalid-field"),
                bad(
                        "an unknown study kind",
                        a,
                        event("bad:26", "study.held", U, AT, "{\"kind\":\"SEMINAR\",\"topic\":\"法治\"}"),
                        "invalid-field"),
                bad(
                        "a topic over 4,000 characters",
                        a,
                        event(
                                "bad:27",
                                "study.held",
                                U,
                                AT,
                                "{\"kind\":\"LECTURE\",\"topic\":\"" + "法".repeat(4001) + "\"}"),
                        "invalid-field"),
                bad(
                        "negative attendees",
                        a,
                        event(
                                "bad:28",
                                "study.held",
                                U,
                                AT,
                                "{\"kind\":\"LECTURE\",\"topic\":\"法治\",\"attendees\":-3}"),
                        "invalid-field"),
                bad(
                        "a dueAt without offset",
                        d,
                        event(
                                "bad:29",
                                "disclosure.replied",
                                U,
                                AT,
                                "{\"requestId\":\"r\",\"outcome\":\"DISCLOSED\",\"dueAt\":\"2039-05-20T00:00:00\","
                                        + "\"counselInvolved\":true}"),
                        "invalid-field"),
                bad(
                        "counselInvolved as a string",
                        c,
                        event(
                                "bad:30",
                                "case.filed",
                                U,
                                AT,
                                "{\"caseNo\":\"1\",\"kind\":\"LITIGATION\",\"forum\":\"法院\",\"claimant\":\"张某\","
                                        + "\"cause\":\"不服\",\"counselInvolved\":\"yes\"}"),
                        "invalid-field"),
                bad(
                        "a lower-case case kind",
                        c,
                        event(
                                "bad:31",
                                "case.hearing",
                                U,
                                AT,
                                "{\"caseNo\":\"1\",\"kind\":\"litigation\",\"headAppeared\":true}"),
                        "invalid-field"),
                bad(
                        "nesting 10,000 levels deep",
                        t,
                        taken(
                                "bad:40",
                                "{\"personId\":\"p\",\"examId\":\"x\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000)
                                        + "}"),
                        "malformed-json"),
                bad(
                        "a raw control character in a string",
                        t,
                        taken("bad:41", "{\"personId\":\"p\u0001\",\"examId\":\"x\"}"),
                        "malformed-json"),
                bad(
                        "NaN as a score",
                        t,
                        taken("bad:42", "{\"personId\":\"p\",\"examId\":\"x\",\"score\":NaN}"),
                        "malformed-json"),
                bad(
                        "an escaped NUL in a text",
                        a,
                        event("bad:43", "study.held", U, AT, "{\"kind\":\"LECTURE\",\"topic\":\"法\\u0000治\"}"),
                        "invalid-field"),
                bad(
                        "half a surrogate pair in a text",
                        a,
                        event("bad:44", "study.held", U, AT, "{\"kind\":\"LECTURE\",\"topic\":\"法\\udc00\"}"),
                        "invalid-field"),
                bad(
                        "a 900 KB string",
                        a,
                        event(
                                "bad:45",
                                "study.held",
                                U,
                                AT,
                                "{\"kind\":\"LECTURE\",\"topic\":\"" + "x".repeat(900_000) + "\"}"),
                        "invalid-field"),
                bad(
                        "keyMatters of 20 digits",
                        a,
                        event(
                                "bad:46",
                                "meeting.held",
                                U,
                                AT,
                                "{\"kind\":\"EXECUTIVE\",\"ruleOfLawAgenda\":true,\"keyMatters\":99999999999999999999}"),
                        "invalid-field"),
                bad(
                        "keyMatters of 1e400",
                        a,
                        event(
                                "bad:47",
                                "meeting.held",
                                U,
                                AT,
                                "{\"kind\":\"EXECUTIVE\",\"ruleOfLawAgenda\":true,\"keyMatters\":1e400}"),
                        "invalid-field"),
                bad(
                        "a unitId with a full-width dot",
                        t,
                        event("bad:48", "exam.taken", "t．bad", AT, ok),
                        "invalid-field"),
                bad("an empty eventId", t, taken("", ok), "invalid-field"),
                bad(
                        "a query-string injection as unitId",
                        t,
                        event("bad:49", "exam.taken", "t.bad OR unitId:*", AT, ok),
                        "invalid-field"),
                bad("an event on the wrong topic", d, taken("bad:32", ok), "wrong-topic"),
                bad("a training event on the cases topic", c, taken("bad:33", ok), "wrong-topic")));
        byte[] invalidUtf8 =
                taken("bad:34", "{\"personId\":\"pX\",\"examId\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < invalidUtf8.length; i++) {
            if (invalidUtf8[i] == 'X') {
                invalidUtf8[i] = (byte) 0xFF;
            }
        }
        corpus.add(new Bad("invalid UTF-8", t, invalidUtf8, "malformed-json"));
        return corpus;
    }

    @Test
    void everyKindOfInvalidRecordIsDeadLetteredWithItsReasonWhileTheValidOnesAroundItCount() {
        List<Bad> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(45);
        Map<String, Map<Long, Bad>> byOffset = new HashMap<>();
        int valid = 0;
        for (Bad bad : corpus) {
            send(enrolled("bad:valid:" + valid, U, "p" + valid, at(AT)));
            valid++;
            long offset = sendRaw(bad.topic(), 0, U, bad.bytes()).offset();
            byOffset.computeIfAbsent(bad.topic(), k -> new HashMap<>()).put(offset, bad);
        }
        // A later revision that moves the event to another unit or type is refused too.
        send(enrolled("bad:identity", U, "p-identity", at(AT)));
        awaitStored("bad:identity", 1);
        String moved =
                "{\"eventId\":\"bad:identity\",\"revision\":2,\"type\":\"training.enrolled\",\"unitId\":\"t.known\","
                        + "\"occurredAt\":\"" + AT
                        + "\",\"payload\":{\"personId\":\"p-identity\",\"courseId\":\"law\"}}";
        long movedOffset = sendRaw(Topics.TRAINING, 0, U, moved.getBytes(StandardCharsets.UTF_8))
                .offset();
        byOffset.get(Topics.TRAINING)
                .put(movedOffset, bad("a revision changing the unit", Topics.TRAINING, moved, "identity-changed"));
        // A later revision changing the type is refused as well: the lowest revision defines the identity (events.md
        // 1.1; a first revision of another type would define it instead on the tie rule, see EventTopologyTest).
        String retyped = "{\"eventId\":\"bad:identity\",\"revision\":3,\"type\":\"training.completed\",\"unitId\":\""
                + U + "\",\"occurredAt\":\"" + AT
                + "\",\"payload\":{\"personId\":\"p-identity\",\"courseId\":\"law\"}}";
        long retypedOffset = sendRaw(Topics.TRAINING, 0, U, retyped.getBytes(StandardCharsets.UTF_8))
                .offset();
        byOffset.get(Topics.TRAINING)
                .put(
                        retypedOffset,
                        bad("a later revision changing the type", Topics.TRAINING, retyped, "identity-changed"));
        send(enrolled("bad:valid:last", U, "p-last", at(AT)));
        awaitAllConsumed();

        assertThat(values("2039", U).path("training.enrolled_persons").asLong())
                .as("every valid event counts, and the one whose unit a revision tried to change stays")
                .isEqualTo(valid + 2);
        assertThat(values("2039", "t.known").path("training.enrolled_persons").asLong())
                .isZero();

        Map<String, Map<Long, ConsumerRecord<byte[], byte[]>>> letters = deadLetters(byOffset);
        byOffset.forEach((topic, expected) -> expected.forEach((offset, bad) -> {
            ConsumerRecord<byte[], byte[]> letter = letters.get(topic).get(offset);
            assertThat(header(letter, DeadLetterHeaders.REASON)).as(bad.name()).isEqualTo(bad.reason());
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).as(bad.name()).isNotBlank();
            assertThat(letter.value()).as(bad.name() + ": the original bytes").isEqualTo(bad.bytes());
        }));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetters.header(record, name);
    }

    private static Map<String, Map<Long, ConsumerRecord<byte[], byte[]>>> deadLetters(
            Map<String, Map<Long, Bad>> expected) {
        Map<String, Map<Long, ConsumerRecord<byte[], byte[]>>> found = new HashMap<>();
        expected.forEach((topic, offsets) -> {
            for (ConsumerRecord<byte[], byte[]> letter :
                    DeadLetters.read(DeadLetters.of(topic, offsets.keySet()), offsets.size())) {
                found.computeIfAbsent(topic, k -> new HashMap<>()).put(DeadLetters.originalOffset(letter), letter);
            }
        });
        return found;
    }
}
