package org.lawstats.aggregator;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.Topics;

/** Reads the real dead-letter topic from its beginning, as an operator would. */
final class DeadLetters {
    private DeadLetters() {}

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The original offset of a dead letter in its original partition. */
    static long originalOffset(ConsumerRecord<byte[], byte[]> record) {
        return Long.parseLong(header(record, DeadLetterHeaders.ORIGINAL_OFFSET));
    }

    /** Waits for {@code count} matching dead letters, one per original record (a redelivered one counts once). */
    static List<ConsumerRecord<byte[], byte[]>> read(Predicate<ConsumerRecord<byte[], byte[]>> wanted, int count) {
        return read(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.get().bootstrapServers()),
                wanted,
                count);
    }

    /** The same on another broker, reached with these client settings (bootstrap servers, security). */
    static List<ConsumerRecord<byte[], byte[]>> read(
            Map<String, Object> client, Predicate<ConsumerRecord<byte[], byte[]>> wanted, int count) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DLQ));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    boolean seen = found.stream()
                            .anyMatch(f -> originalOffset(f) == originalOffset(record)
                                    && header(f, DeadLetterHeaders.ORIGINAL_TOPIC)
                                            .equals(header(record, DeadLetterHeaders.ORIGINAL_TOPIC)));
                    if (!seen && wanted.test(record)) {
                        found.add(record);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    /** Dead letters of records consumed from partition 0 of {@code topic} at one of {@code offsets}. */
    static Predicate<ConsumerRecord<byte[], byte[]>> of(String topic, Collection<Long> offsets) {
        return record -> topic.equals(header(record, DeadLetterHeaders.ORIGINAL_TOPIC))
                && "0".equals(header(record, DeadLetterHeaders.ORIGINAL_PARTITION))
                && offsets.contains(originalOffset(record));
    }
}
