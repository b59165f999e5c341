package org.lawstats.devstack.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.lawstats.contract.ConsumerBacklog;
import org.lawstats.contract.Topics;

/**
 * How far an aggregator is (ADR 15), as the benchmark, the chaos runs and the tests ask it: its aggregation through
 * the event topics and its own repartition topics, and its search feed through the results the aggregation publishes
 * for Elasticsearch, each counted as {@link ConsumerBacklog} defines it (the aggregator's health says the same).
 */
public final class GroupProgress {
    private static final Duration QUESTION = Duration.ofSeconds(10);

    /** An aggregator's names: its aggregation (Kafka Streams' application id), its search feed's group and topics. */
    public record Names(String applicationId, String searchGroup, List<String> resultTopics) {
        /** The production names (those of the local stack and the benchmark). */
        public static final Names PRODUCTION = new Names(
                "lawstats-aggregation",
                "lawstats-aggregator",
                List.of("lawstats.documents", "lawstats.case-records", "lawstats.request-records"));
    }

    private GroupProgress() {}

    /** The end offsets of every event partition, summed: the records produced so far. */
    public static long produced(String bootstrapServers) throws Exception {
        try (ConsumerBacklog backlog = new ConsumerBacklog(client(bootstrapServers), QUESTION)) {
            return backlog.ends(backlog.topics(Topics::carriesEvents)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** The aggregation's committed offsets of the event partitions, summed: the records it has read. */
    public static long committed(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(client(bootstrapServers))) {
            return admin
                    .listConsumerGroupOffsets(Names.PRODUCTION.applicationId())
                    .partitionsToOffsetAndMetadata()
                    .get(QUESTION.toMillis(), TimeUnit.MILLISECONDS)
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
        try (ConsumerBacklog backlog = new ConsumerBacklog(client, QUESTION)) {
            return backlog.ofStreams(names.applicationId(), backlog.topics(Topics::carriesEvents))
                    + backlog.of(names.searchGroup(), names.resultTopics());
        }
    }

    /** The records of the event topics and the aggregation's repartition topics it has not handled yet. */
    public static long aggregationLag(Map<String, Object> client, String applicationId) throws Exception {
        try (ConsumerBacklog backlog = new ConsumerBacklog(client, QUESTION)) {
            return backlog.ofStreams(applicationId, backlog.topics(Topics::carriesEvents));
        }
    }

    /** The records of these topics the group has not handled yet. */
    public static long lag(Map<String, Object> client, String group, List<String> topics) throws Exception {
        try (ConsumerBacklog backlog = new ConsumerBacklog(client, QUESTION)) {
            return backlog.of(group, topics);
        }
    }

    /** Waits until every record produced so far is counted and stored, or fails after the timeout. */
    public static void awaitAllCommitted(String bootstrapServers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long pending = pending(client(bootstrapServers), Names.PRODUCTION);
            if (pending == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending + " records not counted and stored after " + timeout);
            }
            LockSupport.parkNanos(250_000_000);
        }
    }

    public static Map<String, Object> client(String bootstrapServers) {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    /** The end offset of every partition of these topics. */
    public static Map<TopicPartition, Long> ends(Map<String, Object> client, List<String> topics) throws Exception {
        try (ConsumerBacklog backlog = new ConsumerBacklog(client, QUESTION)) {
            return backlog.ends(topics);
        }
    }
}
