package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.EventPublisher;
import org.lawstats.contract.Topics;

/**
 * The local stack needs no setup for unit topics (ADR 11): on the open development broker a unit's topic is created
 * by its first event, the running aggregator finds it by its pattern subscription, counts the unit's events and
 * dead-letters those of other units, as in production.
 */
class OpenBrokerUnitTopicIT extends IntegrationTest {
    private static final String U = "t.open";

    @Test
    void aUnitsFirstEventCreatesItsTopicAndTheRunningAggregatorCountsFromIt() throws Exception {
        RecordMetadata own;
        RecordMetadata foreign;
        try (EventPublisher publisher = EventPublisher.forUnit(
                U, Map.of("bootstrap.servers", TestInfrastructure.get().bootstrapServers()))) {
            own = publisher.publishAndWait(
                    enrolled("t.open:own", U, "p1", at("2037-02-01T09:00:00+08:00")), Duration.ofSeconds(60));
            foreign = publisher.publishAndWait(
                    enrolled("open:foreign", "t.api", "p2", at("2037-02-01T09:00:00+08:00")), Duration.ofSeconds(60));
        }
        assertThat(own.topic()).isEqualTo(Topics.ofUnit(U)).isEqualTo("lawstats.unit.t_2eopen");

        awaitStored("t.open:own", 1);
        assertThat(values("2037", U).path("training.enrolled_persons").asLong()).isEqualTo(1);

        ConsumerRecord<byte[], byte[]> letter = DeadLetters.read(
                        record -> foreign.topic().equals(DeadLetters.header(record, DeadLetterHeaders.ORIGINAL_TOPIC))
                                && DeadLetters.originalOffset(record) == foreign.offset(),
                        1)
                .getFirst();
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.REASON)).isEqualTo("unit-not-permitted");
        assertThat(values("2037", "t.api").path("training.enrolled_persons").asLong())
                .isZero();
    }
}
