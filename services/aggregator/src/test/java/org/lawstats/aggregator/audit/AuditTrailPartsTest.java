package org.lawstats.aggregator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An export of many records is recorded with all of them, in entries small enough for the broker. */
class AuditTrailPartsTest {

    @Test
    void subjectsAreSplitIntoEntriesOfAtMostAThousandAndNoneIsLost() {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 2_501; i++) {
            subjects.add("t.unit:e:" + i);
        }

        List<List<String>> parts = AuditTrail.parts(subjects);

        assertThat(parts).extracting(List::size).containsExactly(1_000, 1_000, 501);
        assertThat(parts.stream().flatMap(List::stream).toList()).isEqualTo(subjects);
    }

    @Test
    void longSubjectsMakeSmallerEntries() {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            subjects.add("案".repeat(4_000));
        }

        List<List<String>> parts = AuditTrail.parts(subjects);

        assertThat(parts)
                .allSatisfy(part ->
                        assertThat(part.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(200_000));
        assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(100);
    }

    @Test
    void aReadOfNothingIsOneEntry() {
        assertThat(AuditTrail.parts(List.of())).containsExactly(List.of());
    }
}
