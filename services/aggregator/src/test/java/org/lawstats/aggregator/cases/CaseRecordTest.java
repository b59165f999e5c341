package org.lawstats.aggregator.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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

    private static List<List<EventEnvelope>> permutations(List<EventEnvelope> events) {
        if (events.size() <= 1) {
            return List.of(events);
        }
        List<List<EventEnvelope>> all = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<EventEnvelope> rest = new ArrayList<>(events);
            EventEnvelope head = rest.remove(i);
            for (List<EventEnvelope> tail : permutations(rest)) {
                List<EventEnvelope> order = new ArrayList<>();
                order.add(head);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    private static CaseRecord merge(List<EventEnvelope> order) {
        CaseRecord record = CaseRecord.empty(KEY);
        for (EventEnvelope event : order) {
            record = record.with(event);
        }
        return record;
    }

    @Test
    void everyArrivalOrderOfFiledHearingClosedAndTheirRevisionsGivesTheSameRecord() {
        List<EventEnvelope> events = List.of(FILED, FILED_CORRECTED, HEARING, CLOSED, FILED);
        CaseRecord expected = merge(events);

        assertThat(permutations(events))
                .hasSize(120)
                .allSatisfy(order -> assertThat(merge(order)).isEqualTo(expected));
        assertThat(expected.status()).isEqualTo("CLOSED");
        assertThat(expected.filing().orElseThrow().forum()).isEqualTo("南开区人民法院");
        assertThat(expected.summary()).isEqualTo("判决撤销");
        assertThat(expected.outcome()).isEqualTo("REVOKED");
        assertThat(expected.headAppeared()).isTrue();
    }

    @Test
    void aRetractedClosingReopensTheCaseWhateverTheOrder() {
        for (List<EventEnvelope> order : permutations(List.of(FILED, CLOSED, CLOSING_WITHDRAWN, HEARING))) {
            CaseRecord record = merge(order);

            assertThat(record.status()).isEqualTo("OPEN");
            assertThat(record.outcome()).isNull();
            assertThat(record.summary()).isEqualTo("初报");
        }
    }

    @Test
    void aCaseWhoseEventsAreAllRetractedIsNotVisible() {
        CaseRecord record = merge(List.of(FILED.retractedAt(3), CLOSED, CLOSING_WITHDRAWN));

        assertThat(record.visible()).isFalse();
        assertThat(merge(List.of(HEARING)).visible())
                .as("a hearing alone still makes a record")
                .isTrue();
    }

    @Test
    void theDocumentIdIsAFixedLengthHashNeverThePathOfTheCaseNo() {
        String id = new CaseKey("u", CaseKind.LITIGATION, "../../_cluster/settings?x=1#").documentId();

        assertThat(id).hasSize(64).matches("[0-9a-f]+");
    }
}
