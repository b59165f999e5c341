package org.lawstats.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lawstats.contract.Payload.CounselServed;
import org.lawstats.contract.Payload.CounselServed.CounselKind;
import org.lawstats.contract.Payload.CounselServed.Work;

/** {@code counsel.served} (events.md 1.2) on the wire: what a unit service may send, and what it may not. */
class CounselServedCodecTest {
    private final EventCodec codec = EventCodec.strict();

    private static String served(String payload) {
        return """
                {"eventId":"nk.justice:counsel:2024-0001","type":"counsel.served","unitId":"nk.justice",
                 "occurredAt":"2024-06-12T10:00:00+08:00","payload":%s}""".formatted(payload);
    }

    private static String withRef(String ref) {
        return served("{\"counselId\":\"counsel-nk-01\",\"counselKind\":\"LEGAL_ADVISER\",\"work\":\"CONTRACT_REVIEW\","
                + "\"ref\":\"" + ref + "\"}");
    }

    private EventCodec.Decoded decode(String json) {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private CounselServed payloadOf(String json) {
        var decoded = decode(json);
        assertThat(decoded).isInstanceOf(EventCodec.Decoded.Valid.class);
        EventEnvelope event = ((EventCodec.Decoded.Valid) decoded).event();
        assertThat(event.type()).isEqualTo(EventType.COUNSEL_SERVED);
        assertThat(event.type().topic()).isEqualTo(Topics.ACTIVITIES);
        assertThat(codec.decode(codec.encode(event)))
                .as("written back and read again")
                .isEqualTo(decoded);
        return (CounselServed) event.payload();
    }

    private Rejection rejected(String json) {
        var decoded = decode(json);
        assertThat(decoded).isInstanceOf(EventCodec.Decoded.Invalid.class);
        return ((EventCodec.Decoded.Invalid) decoded).rejection();
    }

    @Test
    void readsTheWorkOfACounselWithItsMatter() {
        assertThat(payloadOf(withRef("合同审查：区政府采购合同（2024-017）")))
                .isEqualTo(new CounselServed(
                        "counsel-nk-01", CounselKind.LEGAL_ADVISER, Work.CONTRACT_REVIEW, "合同审查：区政府采购合同（2024-017）"));
    }

    @Test
    void readsTheWorkOfACounselWithoutAMatterAndWritesNoRef() {
        String json =
                served("{\"counselId\":\"counsel-nk-02\",\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"OPINION\"}");

        assertThat(payloadOf(json))
                .isEqualTo(new CounselServed("counsel-nk-02", CounselKind.PUBLIC_LAWYER, Work.OPINION, null));
        EventEnvelope event = ((EventCodec.Decoded.Valid) decode(json)).event();
        assertThat(new String(codec.encode(event), StandardCharsets.UTF_8))
                .contains("\"type\":\"counsel.served\"", "\"counselKind\":\"PUBLIC_LAWYER\"")
                .doesNotContain("\"ref\"");
    }

    @Test
    void readsAJsonNullRefAsNoMatter() {
        String json = served(
                "{\"counselId\":\"counsel-nk-03\",\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"MEETING\",\"ref\":null}");

        assertThat(payloadOf(json).ref()).isNull();
    }

    @Test
    void readsEveryKindOfCounselAndEveryKindOfWork() {
        for (CounselKind kind : CounselKind.values()) {
            for (Work work : Work.values()) {
                String json = served("{\"counselId\":\"c-1\",\"counselKind\":\"%s\",\"work\":\"%s\"}"
                        .formatted(kind.name(), work.name()));
                assertThat(payloadOf(json)).isEqualTo(new CounselServed("c-1", kind, work, null));
            }
        }
        assertThat(Work.values()).hasSize(7);
    }

    /** The limit is of characters as people count them: a CJK or astral character is one, not two UTF-16 units. */
    static Stream<Arguments> refsOfTheLongestLength() {
        return Stream.of(
                Arguments.of("200 Latin letters", "a".repeat(200)),
                Arguments.of("200 CJK characters", "合".repeat(200)),
                Arguments.of("200 astral CJK characters (400 UTF-16 units)", "𠀀".repeat(200)),
                Arguments.of("199 CJK characters and an emoji", "合".repeat(199) + "😀"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refsOfTheLongestLength")
    void acceptsARefOfTwoHundredCharacters(String what, String ref) {
        assertThat(ref.codePointCount(0, ref.length())).isEqualTo(CounselServed.MAX_REF_LENGTH);

        assertThat(payloadOf(withRef(ref)).ref()).isEqualTo(ref);
    }

    static Stream<Arguments> refsOneCharacterTooLong() {
        return Stream.of(
                Arguments.of("201 Latin letters", "a".repeat(201)),
                Arguments.of("201 CJK characters", "合".repeat(201)),
                Arguments.of("201 astral CJK characters", "𠀀".repeat(201)),
                Arguments.of("200 CJK characters and an emoji", "合".repeat(200) + "😀"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refsOneCharacterTooLong")
    void refusesARefOfTwoHundredAndOneCharacters(String what, String ref) {
        Rejection rejection = rejected(withRef(ref));

        assertThat(rejection.reason()).isEqualTo(Rejection.Reason.INVALID_FIELD);
        assertThat(rejection.violations())
                .containsExactly(new Violation("payload.ref", "must be at most 200 characters"));
        assertThat(rejection.detail()).contains("payload.ref").endsWith(".");
    }

    static Stream<Arguments> invalidWork() {
        String valid = "\"counselId\":\"counsel-nk-01\",\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"OPINION\"";
        return Stream.of(
                Arguments.of(
                        "an unknown kind of counsel",
                        "{\"counselId\":\"c-1\",\"counselKind\":\"JUDGE\",\"work\":\"OPINION\"}",
                        "payload.counselKind",
                        "must be one of PUBLIC_LAWYER LEGAL_ADVISER"),
                Arguments.of(
                        "a lower-case kind of counsel",
                        "{\"counselId\":\"c-1\",\"counselKind\":\"public_lawyer\",\"work\":\"OPINION\"}",
                        "payload.counselKind",
                        "must be one of PUBLIC_LAWYER LEGAL_ADVISER"),
                Arguments.of(
                        "a missing kind of counsel",
                        "{\"counselId\":\"c-1\",\"work\":\"OPINION\"}",
                        "payload.counselKind",
                        "is required"),
                Arguments.of(
                        "an unknown kind of work",
                        "{\"counselId\":\"c-1\",\"counselKind\":\"LEGAL_ADVISER\",\"work\":\"ARBITRATION\"}",
                        "payload.work",
                        "must be one of OPINION CONTRACT_REVIEW LEGALITY_REVIEW MEETING LITIGATION TRAINING OTHER"),
                Arguments.of(
                        "a missing kind of work",
                        "{\"counselId\":\"c-1\",\"counselKind\":\"LEGAL_ADVISER\"}",
                        "payload.work",
                        "is required"),
                Arguments.of(
                        "a missing counselId",
                        "{\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"OPINION\"}",
                        "payload.counselId",
                        "is required"),
                Arguments.of(
                        "a blank counselId",
                        "{\"counselId\":\" \",\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"OPINION\"}",
                        "payload.counselId",
                        "must not be empty"),
                Arguments.of(
                        "a counselId as a number",
                        "{\"counselId\":17,\"counselKind\":\"PUBLIC_LAWYER\",\"work\":\"OPINION\"}",
                        "payload.counselId",
                        "must be a string"),
                Arguments.of("an empty ref", "{" + valid + ",\"ref\":\"\"}", "payload.ref", "must not be empty"),
                Arguments.of("a blank ref", "{" + valid + ",\"ref\":\" \\t　\"}", "payload.ref", "must not be empty"),
                Arguments.of("a ref as a number", "{" + valid + ",\"ref\":2024}", "payload.ref", "must be a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidWork")
    void refusesInvalidWorkWithItsReason(String what, String payload, String field, String message) {
        Rejection rejection = rejected(served(payload));

        assertThat(rejection.reason()).isEqualTo(Rejection.Reason.INVALID_FIELD);
        assertThat(rejection.violations()).containsExactly(new Violation(field, message));
        assertThat(rejection.detail()).contains(field).endsWith(".");
    }

    @Test
    void namesEveryWrongFieldOfOneEventAtOnce() {
        Rejection rejection = rejected(served("{\"counselKind\":\"JUDGE\",\"work\":\"ARBITRATION\",\"ref\":\"\"}"));

        assertThat(rejection.violations())
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("payload.counselId", "payload.counselKind", "payload.work", "payload.ref");
    }
}
