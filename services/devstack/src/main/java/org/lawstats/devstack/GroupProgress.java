package org.lawstats.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.lawstats.contract.Topics;

/**
 * How far an aggregator is (ADR 15), the one definition the benchmark, the chaos runs and the tests use: its
 * aggregation through the event topics and its own repartition topics, and its search feed through the results the
 * aggregation publishes for Elasticsearch. A transactional topic ends with commit markers, which no consumer reads and
 * a group's committed offset may stop short of: only records left after the committed offset count as not handled.
 */
public final class GroupProgress {
    /** An aggregator's names: its aggregation (Kafka Streams' application id), its search feed's group and topics. */
    public record Names(String applicationId, String searchGroup, List<String> resultTopics) {
        /** The production names (those of the local stack and the benchmark). */
        public static final Names PRODUCTION = new Names(
                "lawstats-aggregation", "lawstats-aggregator", List.of("lawstats.documents", "lawstats.case-records"));
    }

    private GroupProgress() {}

    /** The end offsets of every event partition, summed: the records produced so far. */
    static long produced(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(client(bootstrapServers))) {
            return ends(admin, names(admin, Topics::carriesEvents)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** The aggregation's committed offsets of the event partitions, summed: the records it has read. */
    static long committed(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(client(bootstrapServers))) {
            return admin
                    .listConsumerGroupOffsets(Names.PRODUCTION.applicationId())
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .entrySet()
                    .stream()
                    .filter(e -> e.getValue() != null
                            && Topics.carriesEvents(e.getKey().topic()))
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        }
    }

    /**
     * The records not handled yet, read in the order they flow (each step commits its input with its output, so a
     * record moving on between two reads is found in the later one): of the event topics and the aggregation's
     * repartition topics, then of the results its search feed has not stored.
     */
    public static long pending(Map<String, Object> client, Names names) throws Exception {
        try (Admin admin = Admin.create(client);
                KafkaConsumer<byte[], byte[]> reader = reader(client)) {
            return aggregationLag(admin, reader, names.applicationId())
                    + lag(admin, reader, names.searchGroup(), names.resultTopics());
        }
    }

    /** The records of the event topics and the aggregation's repartition topics it has not handled yet. */
    public static long aggregationLag(Map<String, Object> client, String applicationId) throws Exception {
        try (Admin admin = Admin.create(client);
                KafkaConsumer<byte[], byte[]> reader = reader(client)) {
            return aggregationLag(admin, reader, applicationId);
        }
    }

    /** The records of these topics the group has not committed yet (commit markers are not records). */
    public static long lag(Map<String, Object> client, String group, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(client);
                KafkaConsumer<byte[], byte[]> reader = reader(client)) {
            return lag(admin, reader, group, topics);
        }
    }

    /** Waits until every record produced so far is counted and stored, or fails after the timeout. */
    static void awaitAllCommitted(String bootstrapServers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long pending = pending(client(bootstrapServers), Names.PRODUCTION);
            if (pending == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending + " records not counted and stored after " + timeout);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(250_000_000);
        }
    }

    static Map<String, Object> client(String bootstrapServers) {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    private static long aggregationLag(Admin admin, KafkaConsumer<byte[], byte[]> reader, String applicationId)
            throws Exception {
        List<String> inputs = names(admin, Topics::carriesEvents);
        List<String> repartitions =
                names(admin, topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-repartition"));
        return lag(admin, reader, applicationId, inputs) + lag(admin, reader, applicationId, repartitions);
    }

    private static long lag(Admin admin, KafkaConsumer<byte[], byte[]> reader, String group, List<String> topics)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (var end : ends(admin, topics).entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            long from = done == null ? 0 : done.offset();
            if (from < end.getValue() && !onlyMarkersFrom(reader, end.getKey(), from, end.getValue())) {
                lag += end.getValue() - from;
            }
        }
        return lag;
    }

    /** Whether nothing a read_committed consumer would read lies in [from, end): commit markers only. */
    private static boolean onlyMarkersFrom(
            KafkaConsumer<byte[], byte[]> reader, TopicPartition partition, long from, long end) {
        reader.assign(List.of(partition));
        reader.seek(partition, from);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (reader.position(partition) < end && System.nanoTime() < deadline) {
            if (!reader.poll(Duration.ofMillis(100)).isEmpty()) {
                return false;
            }
        }
        return reader.position(partition) >= end;
    }

    private static KafkaConsumer<byte[], byte[]> reader(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(settings);
    }

    private static List<String> names(Admin admin, Predicate<String> topics) throws Exception {
        return new ArrayList<>(
                admin.listTopics().names().get().stream().filter(topics).toList());
    }

    /** The end offset of every partition of these topics. */
    public static Map<TopicPartition, Long> ends(Admin admin, List<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        admin.describeTopics(topics)
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
