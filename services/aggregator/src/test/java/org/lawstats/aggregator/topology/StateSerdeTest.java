package org.lawstats.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.indicators.EventDocument.Writer;
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
    void anArrivalKeepsItsWriter() {
        Arrival written = new Arrival(
                4,
                "acc.office",
                "study.held",
                "acc",
                null,
                "{}".getBytes(StandardCharsets.UTF_8),
                "lawstats.activities",
                0,
                7,
                1L,
                new Writer(Writer.USER, "office-clerk"));

        Arrival read = Arrival.SERDE.read(Arrival.SERDE.write(written));

        assertThat(read.writer()).isEqualTo(new Writer(Writer.USER, "office-clerk"));
        assertThat(EventHistory.SERDE
                        .read(EventHistory.SERDE.write(new EventHistory(
                                1,
                                List.of(new EventHistory.Claim(
                                        "acc.office", "study.held", 4, written, List.of("acc"))))))
                        .claims()
                        .get(0)
                        .highest()
                        .writer())
                .isEqualTo(new Writer(Writer.USER, "office-clerk"));
    }

    @Test
    void aChangelogOfTheFormatBeforeTheWriterIsStillRead() throws Exception {
        // Format 1, as the build before the writer wrote an event's history: the same fields, no writer after them.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(3); // version
            out.writeInt(1); // one claim
            StateSerde.writeString(out, "acc.office");
            StateSerde.writeString(out, "study.held");
            out.writeLong(2);
            out.writeLong(2); // its highest arrival
            StateSerde.writeString(out, "acc.office");
            StateSerde.writeString(out, "study.held");
            StateSerde.writeString(out, "");
            StateSerde.writeBytes(out, null);
            StateSerde.writeBytes(out, "{}".getBytes(StandardCharsets.UTF_8));
            StateSerde.writeString(out, "lawstats.activities");
            out.writeInt(1);
            out.writeLong(99);
            out.writeLong(5L);
            out.writeInt(1); // its authorities
            StateSerde.writeString(out, "");
        }

        EventHistory read = EventHistory.SERDE.read(bytes.toByteArray());

        assertThat(read.version()).isEqualTo(3);
        assertThat(read.claims().get(0).highest().offset()).isEqualTo(99);
        assertThat(read.claims().get(0).highest().writer()).isNull();
        assertThat(read.claims().get(0).authorities()).containsExactly("");
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
