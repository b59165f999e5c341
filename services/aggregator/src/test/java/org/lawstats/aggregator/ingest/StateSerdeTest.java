package org.lawstats.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StateSerdeTest {

    @Test
    void anEventHistoryReadsBackAsWritten() {
        EventHistory history = new EventHistory(
                7,
                List.of(
                        new EventHistory.Claim("acc.office", "study.held", 1, arrival(3, null), List.of("", "acc")),
                        new EventHistory.Claim("acc.justice", "study.held", 9, arrival(9, "k"), List.of("acc"))));

        EventHistory read = EventHistory.SERDE.read(EventHistory.SERDE.write(history));

        assertThat(read.version()).isEqualTo(7);
        assertThat(read.claims()).hasSize(2);
        assertThat(read.claims().get(0).highest()).usingRecursiveComparison().isEqualTo(arrival(3, null));
        assertThat(read.claims().get(1).highest().key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(read.claims().get(0).authorities()).containsExactly("", "acc");
        assertThat(read.claims().get(1).lowest()).isEqualTo(9);
    }

    @Test
    void aRecordWrittenAsJsonBeforeIsStillRead() {
        byte[] json = JsonMapper.builder().build().writeValueAsBytes(arrival(2, "key"));

        Arrival read = Arrival.SERDE.read(json);

        assertThat(read).usingRecursiveComparison().isEqualTo(arrival(2, "key"));
    }

    @Test
    void bytesOfNoKnownFormatAreRefusedWithoutInternals() {
        assertThatThrownBy(() -> Arrival.SERDE.read(new byte[] {9, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("not a record of the aggregation's state: Arrival");
        assertThatThrownBy(() -> Arrival.SERDE.read(new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("a truncated record of the aggregation's state: Arrival");
    }

    private static Arrival arrival(long revision, String key) {
        return new Arrival(
                revision,
                "acc.office",
                "study.held",
                "",
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                ("{\"eventId\":\"e-1\",\"revision\":" + revision + ",\"note\":\"学法\"}")
                        .getBytes(StandardCharsets.UTF_8),
                "lawstats.events.study",
                2,
                41,
                1_700_000_000_000L);
    }
}
