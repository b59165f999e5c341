package org.lawstats.devstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.lawstats.contract.Topics;

/**
 * How far the aggregator's consumer group is through the event topics (contract and unit topics): the records in them
 * and those committed.
 */
final class GroupProgress {
    static final String GROUP = "lawstats-aggregator";

    private GroupProgress() {}

    /** The end offsets of every event partition, summed: the records produced so far. */
    static long produced(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            List<String> topics = admin.listTopics().names().get().stream()
                    .filter(Topics::carriesEvents)
                    .toList();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .forEach((topic, description) -> description
                            .partitions()
                            .forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            long end = 0;
            for (var info : admin.listOffsets(specs).all().get().values()) {
                end += info.offset();
            }
            return end;
        }
    }

    /** Waits until the group has committed every record produced so far, or fails after the timeout. */
    static void awaitAllCommitted(String bootstrapServers, java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long produced = produced(bootstrapServers);
            long committed = committed(bootstrapServers);
            if (committed == produced) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not consumed: committed " + committed + " of " + produced);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(250_000_000);
        }
    }

    /** The group's committed offsets, summed: the records the aggregator has stored. */
    static long committed(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(o -> o != null)
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }
}
