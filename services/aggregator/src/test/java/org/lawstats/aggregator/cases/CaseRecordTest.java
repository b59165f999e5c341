package org.lawstats.aggregator.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

class CaseRecordTest {
    private static final CaseKey KEY = new CaseKey("u", CaseKind.LITIGATION, "(2024)津0104行初1号");

    private static EventEnvelope event(String id, EventType type, String at, Payload payload) {
        return EventEnvelope.of(id, type, "u", OffsetDateTime.parse(at), payload);
    }

    private static final EventEnvelope FILED = event(
            "f",
            EventType.CASE_FILED,
            "2024-01-10T09:00:00+08:00",
            new Payload.CaseFiled(KEY.caseNo(), KEY.kind(), "南开区法院", "张三", "不服房屋拆迁补偿决定", "初报", true));
    private static final EventEnvelope FILED_CORRECTED = FILED.revised(
            2,
            FILED.occurredAt(),
            new Payload.CaseFiled(KEY.caseNo(), KEY.kind(), "南开区人民法院", "张三", "不服房屋拆迁补偿决定", null, true));
    private static final EventEnvelope HEARING = event(
            "h",
            EventType.CASE_HEARING,
            "2024-03-01T09:00:00+08:00",
            new Payload.CaseHearing(KEY.caseNo(), KEY.kind(), true));
    private static final EventEnvelope CLOSED = event(
            "c",
            EventType.CASE_CLOSED,
            "2024-05-01T09:00:00+08:00",
            new Payload.CaseClosed(KEY.caseNo(), KEY.kind(), Payload.CaseClosed.Outcome.REVOKED, "判决撤销"));
    private static final EventEnvelope CLOSING_WITHDRAWN = CLOSED.retractedAt(2);

    /** The record of these counted revisions (one per eventId, as the aggregation gathers them per case). */
    private static CaseRecord record(EventEnvelope... counted) {
        Map<String, EventEnvelope> events = new HashMap<>();
        for (EventEnvelope event : counted) {
            events.put(event.eventId(), event);
        }
        return new CaseRecord(KEY, events);
    }

    @Test
    void theRecordSaysWhatItsCountedRevisionsSayTogether() {
        CaseRecord record = record(FILED_CORRECTED, HEARING, CLOSED);

        assertThat(record.status()).isEqualTo("CLOSED");
        assertThat(record.filing().orElseThrow().forum()).isEqualTo("南开区人民法院");
        assertThat(record.summary()).isEqualTo("判决撤销");
        assertThat(record.outcome()).isEqualTo("REVOKED");
        assertThat(record.headAppeared()).isTrue();
    }

    @Test
    void aRetractedClosingReopensTheCase() {
        CaseRecord record = record(FILED, CLOSING_WITHDRAWN, HEARING);

        assertThat(record.status()).isEqualTo("OPEN");
        assertThat(record.outcome()).isNull();
        assertThat(record.summary()).isEqualTo("初报");
    }

    @Test
    void aCaseWhoseEventsAreAllRetractedIsNotVisible() {
        assertThat(record(FILED.retractedAt(3), CLOSING_WITHDRAWN).visible()).isFalse();
        assertThat(record(HEARING).visible())
                .as("a hearing alone still makes a record")
                .isTrue();
    }

    @Test
    void theDocumentIdIsAFixedLengthHashNeverThePathOfTheCaseNo() {
        String id = new CaseKey("u", CaseKind.LITIGATION, "../../_cluster/settings?x=1#").documentId();

        assertThat(id).hasSize(64).matches("[0-9a-f]+");
    }
}
