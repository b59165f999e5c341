package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.Topics;

class DeadLetterIT extends IntegrationTest {

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetters.header(record, name);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String topic, List<Long> offsets) {
        return DeadLetters.read(DeadLetters.of(topic, offsets), offsets.size());
    }

    @Test
    void anUnknownUnitAndMalformedJsonGoToTheDeadLetterTopicWhileTheValidEventsBehindThemCount() {
        String u = "t.dlq";
        byte[] unknownUnit = EventCodec.strict()
                .encode(enrolled("dlq:unknown-unit", "t.nowhere", "p1", at("2036-03-01T09:00:00+08:00")));
        byte[] malformed = "{\"eventId\": \"dlq:broken\", ".getBytes(StandardCharsets.UTF_8);
        byte[] wrongTopic =
                EventCodec.strict().encode(enrolled("dlq:wrong-topic", u, "p1", at("2036-03-01T09:00:00+08:00")));
        byte[] stringForBoolean = ("{\"eventId\":\"dlq:bool\",\"type\":\"exam.taken\",\"unitId\":\"t.dlq\","
                        + "\"occurredAt\":\"2036-03-01T09:00:00+08:00\",\"payload\":{\"personId\":\"p1\","
                        + "\"examId\":\"x\",\"passed\":\"true\"}}")
                .getBytes(StandardCharsets.UTF_8);

        RecordMetadata first = sendRaw(Topics.TRAINING, u, unknownUnit);
        send(enrolled("dlq:e1", u, "p1", at("2036-03-01T09:00:00+08:00")));
        RecordMetadata second = sendRaw(Topics.TRAINING, u, malformed);
        send(enrolled("dlq:e2", u, "p2", at("2036-03-01T09:00:00+08:00")));
        RecordMetadata third = sendRaw(Topics.DISCLOSURE, u, wrongTopic);
        RecordMetadata fourth = sendRaw(Topics.TRAINING, u, stringForBoolean);
        send(enrolled("dlq:e3", u, "p3", at("2036-03-01T09:00:00+08:00")));
        awaitStored("dlq:e3", 1);

        assertThat(values("2036", u).path("training.enrolled_persons").asLong()).isEqualTo(3);
        assertThat(values("2036", u).path("exam.taken_persons").asLong()).isZero();

        List<ConsumerRecord<byte[], byte[]>> training =
                deadLettersOf(Topics.TRAINING, List.of(first.offset(), second.offset(), fourth.offset()));
        assertThat(training)
                .extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactlyInAnyOrder("unknown-unit", "malformed-json", "invalid-field");
        for (ConsumerRecord<byte[], byte[]> letter : training) {
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).isNotBlank().endsWith(".");
            assertThat(header(letter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("0");
            long offset = Long.parseLong(header(letter, DeadLetterHeaders.ORIGINAL_OFFSET));
            byte[] original =
                    offset == first.offset() ? unknownUnit : offset == second.offset() ? malformed : stringForBoolean;
            assertThat(letter.value()).as("the original bytes").isEqualTo(original);
        }
        assertThat(training)
                .filteredOn(r -> "invalid-field".equals(header(r, DeadLetterHeaders.REASON)))
                .extracting(r -> header(r, DeadLetterHeaders.DETAIL))
                .singleElement()
                .asString()
                .contains("payload.passed");

        List<ConsumerRecord<byte[], byte[]>> disclosure = deadLettersOf(Topics.DISCLOSURE, List.of(third.offset()));
        assertThat(header(disclosure.get(0), DeadLetterHeaders.REASON)).isEqualTo("wrong-topic");

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("lawstats_events_dead_lettered_total{reason=\"unknown-unit\"}")
                .contains("lawstats_events_dead_lettered_total{reason=\"malformed-json\"}")
                .contains("lawstats_events_consumed_total");
    }
}
