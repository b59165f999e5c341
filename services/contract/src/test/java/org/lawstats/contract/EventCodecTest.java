package org.lawstats.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCodecTest {
    private final EventCodec codec = EventCodec.strict();

    private static String event(String type, String payload) {
        return """
                {"eventId":"nk.gov-office:train:1","revision":1,"type":"%s","unitId":"nk.gov-office",
                 "occurredAt":"2024-06-12T10:00:00+08:00","payload":%s}""".formatted(type, payload);
    }

    private static String completed(String payload) {
        return event("training.completed", payload);
    }

    private EventCodec.Decoded decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private Rejection rejected(String json) {
        assertThat(decode(json)).isInstanceOf(EventCodec.Decoded.Invalid.class);
        return ((EventCodec.Decoded.Invalid) decode(json)).rejection();
    }

    @Test
    void readsTheContractExampleWithDefaults() {
        var decoded = decode(completed("{\"personId\":\"p-7f3a\",\"courseId\":\"law-2024\"}"));

        assertThat(decoded).isInstanceOf(EventCodec.Decoded.Valid.class);
        EventEnvelope event = ((EventCodec.Decoded.Valid) decoded).event();
        assertThat(event.revision()).isEqualTo(1);
        assertThat(event.retracted()).isFalse();
        assertThat(event.type()).isEqualTo(EventType.TRAINING_COMPLETED);
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.parse("2024-06-12T10:00:00+08:00"));
        assertThat(event.payload()).isEqualTo(new Payload.TrainingCompleted("p-7f3a", "law-2024", null, null));
    }

    @Test
    void writesWhatItReadsWithoutJavaNames() {
        EventEnvelope event = new EventEnvelope(
                "nk:disc:1",
                3,
                EventType.DISCLOSURE_REPLIED,
                "nk",
                OffsetDateTime.parse("2024-12-31T16:30:00Z"),
                true,
                new Payload.DisclosureReplied(
                        "r-1",
                        Payload.DisclosureReplied.Outcome.DISCLOSED,
                        OffsetDateTime.parse("2025-01-10T00:00:00+08:00"),
                        true));

        byte[] bytes = codec.encode(event);

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"type\":\"disclosure.replied\"", "\"dueAt\":\"2025-01-10T00:00:00+08:00\"")
                .doesNotContain("org.lawstats", "@class");
        assertThat(codec.decode(bytes)).isEqualTo(new EventCodec.Decoded.Valid(event));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            disclosure.extended  | {"requestId":"r-1","workingDays":20}
            disclosure.suspended | {"requestId":"r-1","reason":"THIRD_PARTY"}
            disclosure.resumed   | {"requestId":"r-1"}
            case.answered        | {"caseNo":"(2024)津0104行初1号","kind":"LITIGATION"}
            case.filed           | {"caseNo":"c","kind":"LITIGATION","forum":"f","claimant":"x","cause":"y","counselInvolved":false,"servedAt":"2024-09-20T09:00:00+08:00"}
            """)
    void readsAndWritesTheTypesOfVersionOnePointOne(String type, String payload) {
        var decoded = decode(event(type, payload));

        assertThat(decoded).as(type).isInstanceOf(EventCodec.Decoded.Valid.class);
        EventEnvelope event = ((EventCodec.Decoded.Valid) decoded).event();
        assertThat(event.type().wireName()).isEqualTo(type);
        assertThat(codec.decode(codec.encode(event))).isEqualTo(decoded);
    }

    @Test
    void aCaseFiledWithoutServiceHasNoServedAt() {
        var decoded = decode(event(
                "case.filed",
                "{\"caseNo\":\"c\",\"kind\":\"RECONSIDERATION\",\"forum\":\"f\",\"claimant\":\"x\",\"cause\":\"y\","
                        + "\"counselInvolved\":true}"));

        Payload.CaseFiled filed =
                (Payload.CaseFiled) ((EventCodec.Decoded.Valid) decoded).event().payload();
        assertThat(filed.servedAt()).isNull();
        assertThat(new String(codec.encode(((EventCodec.Decoded.Valid) decoded).event()), StandardCharsets.UTF_8))
                .doesNotContain("servedAt");
    }

    @Test
    void ignoresUnknownExtraFields() {
        assertThat(decode(completed("{\"personId\":\"p\",\"courseId\":\"c\",\"futureField\":[1,2]}")))
                .isInstanceOf(EventCodec.Decoded.Valid.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a number as a string           | {"eventId":"e","revision":"2","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x"}} | revision
            a boolean as a string          | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","retracted":"true","payload":{"personId":"p","examId":"x"}} | retracted
            a revision of zero             | {"eventId":"e","revision":0,"type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x"}} | revision
            a fractional revision          | {"eventId":"e","revision":1.5,"type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x"}} | revision
            a time without offset          | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00","payload":{"personId":"p","examId":"x"}} | occurredAt
            a year 99999                   | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"+99999-01-01T00:00:00Z","payload":{"personId":"p","examId":"x"}} | occurredAt
            a missing unitId               | {"eventId":"e","type":"exam.taken","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x"}} | unitId
            an eventId with a space        | {"eventId":"e 1","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x"}} | eventId
            a missing payload              | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z"} | payload
            a payload that is a string     | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":"x"} | payload
            a missing personId             | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"examId":"x"}} | payload.personId
            an empty personId              | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":" ","examId":"x"}} | payload.personId
            a score over 100               | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x","score":101}} | payload.score
            a score as a string            | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x","score":"90"}} | payload.score
            passed as a string             | {"eventId":"e","type":"exam.taken","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","examId":"x","passed":"true"}} | payload.passed
            negative hours                 | {"eventId":"e","type":"training.completed","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"personId":"p","courseId":"c","hours":-1}} | payload.hours
            a negative keyMatters          | {"eventId":"e","type":"meeting.held","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"kind":"EXECUTIVE","ruleOfLawAgenda":true,"keyMatters":-1}} | payload.keyMatters
            keyMatters over 10000         | {"eventId":"e","type":"meeting.held","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"kind":"EXECUTIVE","ruleOfLawAgenda":true,"keyMatters":10001}} | payload.keyMatters
            keyMatters near 2^63          | {"eventId":"e","type":"meeting.held","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"kind":"EXECUTIVE","ruleOfLawAgenda":true,"keyMatters":9223372036854775806}} | payload.keyMatters
            a lower-case enumeration word  | {"eventId":"e","type":"meeting.held","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"kind":"executive","ruleOfLawAgenda":true,"keyMatters":1}} | payload.kind
            a dueAt without offset         | {"eventId":"e","type":"disclosure.replied","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"requestId":"r","outcome":"DISCLOSED","dueAt":"2024-01-05","counselInvolved":false}} | payload.dueAt
            an extension of 0 days         | {"eventId":"e","type":"disclosure.extended","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"requestId":"r","workingDays":0}} | payload.workingDays
            an extension of 21 days        | {"eventId":"e","type":"disclosure.extended","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"requestId":"r","workingDays":21}} | payload.workingDays
            an extension without days      | {"eventId":"e","type":"disclosure.extended","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"requestId":"r"}} | payload.workingDays
            an unknown suspension reason   | {"eventId":"e","type":"disclosure.suspended","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"requestId":"r","reason":"HOLIDAY"}} | payload.reason
            a resumption without request   | {"eventId":"e","type":"disclosure.resumed","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{}} | payload.requestId
            an answer without kind         | {"eventId":"e","type":"case.answered","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"caseNo":"c"}} | payload.kind
            a servedAt without offset      | {"eventId":"e","type":"case.filed","unitId":"u","occurredAt":"2024-01-01T00:00:00Z","payload":{"caseNo":"c","kind":"LITIGATION","forum":"f","claimant":"x","cause":"y","counselInvolved":false,"servedAt":"2024-09-20"}} | payload.servedAt
            """)
    void rejectsAWrongField(String what, String json, String field) {
        Rejection rejection = rejected(json);

        assertThat(rejection.reason()).isEqualTo(Rejection.Reason.INVALID_FIELD);
        assertThat(rejection.violations()).extracting(Violation::field).contains(field);
        assertThat(rejection.detail()).contains(field).endsWith(".");
    }

    @Test
    void rejectsTextOverFourThousandCharacters() {
        String topic = "法".repeat(4001);
        Rejection rejection = rejected(event("study.held", "{\"kind\":\"LECTURE\",\"topic\":\"" + topic + "\"}"));

        assertThat(rejection.violations()).extracting(Violation::field).containsExactly("payload.topic");
    }

    @Test
    void acceptsFourThousandChineseCharactersAndEmoji() {
        String topic = "法".repeat(3999) + "😀";
        assertThat(decode(event("study.held", "{\"kind\":\"LECTURE\",\"topic\":\"" + topic + "\"}")))
                .isInstanceOf(EventCodec.Decoded.Valid.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an escaped NUL            | 法\\u0000治   | U+0000
            an escaped escape char    | \\u001b[31m  | U+001B
            a C1 control character    | 法\\u0085治   | U+0085
            half a surrogate pair     | 法\\ud800治   | surrogate
            """)
    void rejectsTextWithControlCharactersOrBrokenUnicode(String what, String topic, String named) {
        Rejection rejection = rejected(event("study.held", "{\"kind\":\"LECTURE\",\"topic\":\"" + topic + "\"}"));

        assertThat(rejection.violations()).extracting(Violation::field).containsExactly("payload.topic");
        assertThat(rejection.detail()).contains(named);
    }

    @Test
    void acceptsRareCjkEmojiTabsAndLineBreaks() {
        String topic = "𠀀𪚥䶵 学习😀\\t第一行\\n第二行";
        assertThat(decode(event("study.held", "{\"kind\":\"LECTURE\",\"topic\":\"" + topic + "\"}")))
                .isInstanceOf(EventCodec.Decoded.Valid.class);
    }

    @Test
    void readsAnEventPrefixedWithAUtf8ByteOrderMark() {
        byte[] json =
                event("study.held", "{\"kind\":\"LECTURE\",\"topic\":\"t\"}").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(EventCodec.strict().decode(withBom)).isInstanceOf(EventCodec.Decoded.Valid.class);
    }

    @Test
    void rejectsNestingTenThousandLevelsDeepAsMalformed() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(rejected(event("study.held", "{\"kind\":\"LECTURE\",\"topic\":\"t\",\"x\":" + deep + "}"))
                        .reason())
                .isEqualTo(Rejection.Reason.MALFORMED_JSON);
    }

    @Test
    void namesAnUnknownType() {
        Rejection rejection = rejected(event("training.finished", "{}"));

        assertThat(rejection.reason()).isEqualTo(Rejection.Reason.UNKNOWN_TYPE);
        assertThat(rejection.detail()).contains("training.finished");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON              | this is not json                          | MALFORMED_JSON
            two values            | {"a":1} {"b":2}                           | MALFORMED_JSON
            a duplicate key       | {"eventId":"a","eventId":"b"}             | MALFORMED_JSON
            an array              | [1,2,3]                                   | NOT_AN_OBJECT
            a number              | 42                                        | NOT_AN_OBJECT
            """)
    void rejectsWhatIsNotAnEventObject(String what, String input, Rejection.Reason reason) {
        assertThat(rejected(input).reason()).isEqualTo(reason);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bytes = completed("{\"personId\":\"pX\",\"courseId\":\"c\"}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 'X') {
                bytes[i] = (byte) 0xC3; // a lead byte followed by an ASCII quote
            }
        }
        var decoded = codec.decode(bytes);
        assertThat(decoded).isInstanceOf(EventCodec.Decoded.Invalid.class);
        assertThat(((EventCodec.Decoded.Invalid) decoded).rejection().reason())
                .isEqualTo(Rejection.Reason.MALFORMED_JSON);
    }

    @Test
    void rejectsAnEventOverOneMebibyte() {
        byte[] huge = new byte[EventCodec.MAX_EVENT_BYTES + 1];
        assertThat(((EventCodec.Decoded.Invalid) codec.decode(huge)).rejection().reason())
                .isEqualTo(Rejection.Reason.OVERSIZE);
    }

    @Test
    void publisherRefusesAnInvalidEventBeforeSending() {
        try (EventPublisher publisher = EventPublisher.connect("127.0.0.1:1")) {
            EventEnvelope noPerson = EventEnvelope.of(
                    "e-1",
                    EventType.TRAINING_ENROLLED,
                    "nk",
                    OffsetDateTime.parse("2024-01-01T00:00:00Z"),
                    new Payload.TrainingEnrolled("", "c", null));

            assertThatThrownBy(() -> publisher.publish(noPerson))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("payload.personId");
        }
    }
}
