package org.lawstats.devstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.lawstats.contract.Topics;

/**
 * How far the aggregator is (ADR 15): its aggregation through the event topics (contract and unit topics), and its
 * search feed through the results the aggregation publishes for Elasticsearch.
 */
final class GroupProgress {
    /** The aggregation's group (Kafka Streams' application id). */
    static final String AGGREGATION = "lawstats-aggregation";
    /** The search feed's group (the aggregator's consumer group). */
    static final String SEARCH = "lawstats-aggregator";

    private static final List<String> RESULTS = List.of("lawstats.documents", "lawstats.case-records");

    private GroupProgress() {}

    /** The end offsets of every event partition, summed: the records produced so far. */
    static long produced(String bootstrapServers) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            return ends(admin, Topics::carriesEvents).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** The aggregation's committed offsets of the event partitions, summed: the records it has counted. */
    static long committed(String bootstrapServers) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            return admin.listConsumerGroupOffsets(AGGREGATION).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getValue() != null
                            && Topics.carriesEvents(e.getKey().topic()))
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        }
    }

    /**
     * The records of the results not yet stored in Elasticsearch by the search feed (it commits past the aggregation's
     * commit markers, so a drained feed has none).
     */
    static long unstored(String bootstrapServers) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(SEARCH)
                    .partitionsToOffsetAndMetadata()
                    .get();
            long lag = 0;
            for (var end : ends(admin, RESULTS::contains).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += Math.max(0, end.getValue() - (done == null ? 0 : done.offset()));
            }
            return lag;
        }
    }

    /** Waits until every record produced so far is counted and stored, or fails after the timeout. */
    static void awaitAllCommitted(String bootstrapServers, java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long produced = produced(bootstrapServers);
            long committed = committed(bootstrapServers);
            long unstored = unstored(bootstrapServers);
            if (committed == produced && unstored == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not consumed: committed " + committed + " of " + produced + ", "
                        + unstored + " results not stored");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(250_000_000);
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Predicate<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        List<String> names =
                admin.listTopics().names().get().stream().filter(topics).toList();
        admin.describeTopics(names)
                .allTopicNames()
                .get()
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(specs).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }
}
