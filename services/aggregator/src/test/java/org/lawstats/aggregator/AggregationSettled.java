package org.lawstats.aggregator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.lawstats.contract.Topics;

/**
 * The tests' barrier "everything sent so far is in the figures this aggregator serves, and in Elasticsearch" (ADR 15),
 * exact, without waiting a guessed time: the aggregation's group has committed every record of the event topics (their
 * producers are not transactional: committed = end) and of its repartition topics (transactional: nothing readable is
 * left after the committed offset, only commit markers), the aggregator's view has read the figures topic to its end,
 * and its search feed has committed every record of the documents and case records (after storing them).
 */
final class AggregationSettled {
    private AggregationSettled() {}

    /** An aggregator's names: its aggregation, its figures topic, its search feed's group and topics. */
    record Names(String applicationId, String figuresTopic, String searchGroup, List<String> resultTopics) {
        /** The names of the aggregator whose consumer group is {@code group}, as SeparateAggregator gives them. */
        static Names of(String group) {
            return new Names(
                    group + "-aggregation",
                    group + ".figures",
                    group,
                    List.of(group + ".documents", group + ".case-records"));
        }

        /** The production names, those of the in-process aggregator. */
        static final Names PRODUCTION = new Names(
                "lawstats-aggregation",
                "lawstats.figures",
                "lawstats-aggregator",
                List.of("lawstats.documents", "lawstats.case-records"));
    }

    static void settle(Map<String, Object> client, Names names, Supplier<Map<Integer, Long>> viewPositions) {
        settleFigures(client, names, viewPositions);
        try (Admin admin = Admin.create(client);
                KafkaConsumer<byte[], byte[]> reader = reader(client)) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> lag(admin, reader, names.searchGroup(), names.resultTopics()) == 0);
        }
    }

    /** Everything sent so far is in the figures the aggregator serves (whatever Elasticsearch holds). */
    static void settleFigures(Map<String, Object> client, Names names, Supplier<Map<Integer, Long>> viewPositions) {
        String applicationId = names.applicationId();
        String figuresTopic = names.figuresTopic();
        try (Admin admin = Admin.create(client);
                KafkaConsumer<byte[], byte[]> reader = reader(client)) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> consumedEverything(admin, reader, applicationId));
            Map<TopicPartition, Long> ends;
            try {
                ends = ends(admin, List.of(figuresTopic));
            } catch (Exception e) {
                throw new IllegalStateException("the figures topic " + figuresTopic + " cannot be described", e);
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Map<Integer, Long> positions = viewPositions.get();
                        return ends.entrySet().stream()
                                .allMatch(end ->
                                        positions.getOrDefault(end.getKey().partition(), 0L) >= end.getValue());
                    });
        }
    }

    /** The records of these topics the group has not committed yet (commit markers are not records). */
    static long lag(Map<String, Object> client, String group, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(client);
                KafkaConsumer<byte[], byte[]> reader = reader(client)) {
            return lag(admin, reader, group, topics);
        }
    }

    private static long lag(Admin admin, KafkaConsumer<byte[], byte[]> reader, String group, List<String> topics)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (var end : ends(admin, topics).entrySet()) {
            long done = offset(committed, end.getKey());
            if (done < end.getValue() && !onlyMarkersFrom(reader, end.getKey(), done, end.getValue())) {
                lag += end.getValue() - done;
            }
        }
        return lag;
    }

    private static KafkaConsumer<byte[], byte[]> reader(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(settings);
    }

    private static boolean consumedEverything(Admin admin, KafkaConsumer<byte[], byte[]> reader, String applicationId)
            throws Exception {
        return aggregationLag(admin, reader, applicationId) == 0;
    }

    /**
     * The records the aggregation has not handled yet: of the event topics, then of its repartition topics. Read in the
     * order records flow (each step commits its input with its output), so that a record moving on between two reads
     * is found in the later one.
     */
    private static long aggregationLag(Admin admin, KafkaConsumer<byte[], byte[]> reader, String applicationId)
            throws Exception {
        List<String> inputs = new ArrayList<>();
        List<String> repartitions = new ArrayList<>();
        for (String topic : admin.listTopics().names().get()) {
            if (Topics.carriesEvents(topic)) {
                inputs.add(topic);
            } else if (topic.startsWith(applicationId + "-") && topic.endsWith("-repartition")) {
                repartitions.add(topic);
            }
        }
        return lag(admin, reader, applicationId, inputs) + lag(admin, reader, applicationId, repartitions);
    }

    /** Everything not yet in Elasticsearch: the aggregation's lag, then the search feed's (in the order records flow). */
    static long pending(Map<String, Object> client, Names names) throws Exception {
        try (Admin admin = Admin.create(client);
                KafkaConsumer<byte[], byte[]> reader = reader(client)) {
            return aggregationLag(admin, reader, names.applicationId())
                    + lag(admin, reader, names.searchGroup(), names.resultTopics());
        }
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

    private static long offset(Map<TopicPartition, OffsetAndMetadata> committed, TopicPartition partition) {
        OffsetAndMetadata done = committed.get(partition);
        return done == null ? 0 : done.offset();
    }

    private static Map<TopicPartition, Long> ends(Admin admin, List<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }
}
