package org.lawstats.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HeldPartitionCommitsTest {
    private static final TopicPartition HELD = new TopicPartition("lawstats.training", 0);
    private static final TopicPartition MOVED = new TopicPartition("lawstats.training", 2);

    @Test
    void anOffsetOfAPartitionThatMovedToAnotherConsumerIsNotCommitted() {
        MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
        mock.assign(List.of(HELD));
        Consumer<byte[], byte[]> consumer = HeldPartitionCommits.of(mock);

        consumer.commitSync(
                Map.of(HELD, new OffsetAndMetadata(12), MOVED, new OffsetAndMetadata(12)), Duration.ofSeconds(1));

        assertThat(mock.committed(Set.of(HELD, MOVED)))
                .containsEntry(HELD, new OffsetAndMetadata(12))
                .doesNotContainKey(MOVED);
    }

    @Test
    void everythingElseReachesTheConsumer() {
        MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
        mock.assign(List.of(HELD));
        Consumer<byte[], byte[]> consumer = HeldPartitionCommits.of(mock);

        consumer.commitAsync(Map.of(HELD, new OffsetAndMetadata(5)), null);

        assertThat(consumer.assignment()).containsExactly(HELD);
        assertThat(mock.committed(Set.of(HELD))).containsEntry(HELD, new OffsetAndMetadata(5));
    }
}
