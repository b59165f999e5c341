package org.lawstats.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many records of some topics a consumer group has not handled yet: those after its committed offsets that a
 * {@code read_committed} consumer would still read. The one definition of "not handled yet" of lawstats: the
 * aggregator's health ({@code lag}) and its tools (benchmark, chaos runs, tests) all use it; a unit service may use it
 * to see whether the aggregation has taken in what it sent.
 *
 * <p>A transactional topic (the aggregation's repartitions and results) holds commit markers, which no consumer reads
 * and which a group's committed offset may stop short of: the distance to the end offset alone would show a backlog
 * where there is none. A partition whose committed offset is short of its end is therefore read up to the end, all
 * such partitions at once; it counts only if a record turns up there (or if that cannot be told in time).
 *
 * <p>Not thread-safe: one caller at a time. Close it to release its two Kafka clients.
 */
public final class ConsumerBacklog implements AutoCloseable {
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Duration timeout;

    /**
     * @param client the Kafka client settings (bootstrap servers, security)
     * @param timeout how long one question may take, Kafka's answers and the reading of the backlog's ends together
     */
    public ConsumerBacklog(Map<String, Object> client, Duration timeout) {
        this.admin = Admin.create(client);
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.reader = new KafkaConsumer<>(settings);
        this.timeout = timeout;
    }

    /** The records of these topics the group has not committed yet (commit markers are not records). */
    public long of(String group, Collection<String> topics) throws Exception {
        return readable(behind(group, ends(topics)));
    }

    /**
     * Whether the group has handled every record before these offsets: a cut of the topics taken earlier (their
     * {@link #ends}), reached once the group's committed offsets pass it, or once only commit markers lie between.
     * Records written after the cut do not hold it back, so that a steady stream of new ones never does.
     */
    public boolean reached(String group, Map<TopicPartition, Long> cut) throws Exception {
        return readable(behind(group, cut)) == 0;
    }

    /** The ranges [committed, mark) of the partitions whose committed offset is short of its mark. */
    private Map<TopicPartition, long[]> behind(String group, Map<TopicPartition, Long> marks) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, long[]> behind = new HashMap<>();
        for (var mark : marks.entrySet()) {
            OffsetAndMetadata done = committed.get(mark.getKey());
            long from = done == null ? 0 : done.offset();
            if (from < mark.getValue()) {
                behind.put(mark.getKey(), new long[] {from, mark.getValue()});
            }
        }
        return behind;
    }

    /**
     * The records a Kafka Streams application has not handled yet: of its input topics, then of its own repartition
     * topics (it commits its input with its output, so a record moving on between the two reads is found in the later
     * one).
     */
    public long ofStreams(String applicationId, Collection<String> inputs) throws Exception {
        List<String> repartitions =
                topics(topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-repartition"));
        return of(applicationId, inputs) + of(applicationId, repartitions);
    }

    /** The names of the topics that match, e.g. {@link Topics#carriesEvents}. */
    public List<String> topics(Predicate<String> which) throws Exception {
        return new ArrayList<>(admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(which)
                .toList());
    }

    /** The end offset of every partition of these topics. */
    public Map<TopicPartition, Long> ends(Collection<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(specs)
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Of these ranges [from, end), those that hold a record, summed: the others hold commit markers only. */
    private long readable(Map<TopicPartition, long[]> ranges) {
        if (ranges.isEmpty()) {
            return 0;
        }
        reader.assign(ranges.keySet());
        ranges.forEach((partition, range) -> reader.seek(partition, range[0]));
        Set<TopicPartition> open = new HashSet<>(ranges.keySet());
        Set<TopicPartition> holding = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (open.contains(partition) && record.offset() < ranges.get(partition)[1]) {
                        holding.add(partition);
                        open.remove(partition);
                    }
                }
                open.removeIf(partition -> reader.position(partition) >= ranges.get(partition)[1]);
                reader.pause(holding);
            }
        } finally {
            reader.assign(List.of());
        }
        holding.addAll(open); // not read to the end in time: not known to be markers only
        return holding.stream()
                .mapToLong(partition -> ranges.get(partition)[1] - ranges.get(partition)[0])
                .sum();
    }

    @Override
    public void close() {
        reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        admin.close(Duration.ofSeconds(5));
    }
}
