package org.lawstats.aggregator.indicators;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the figures whole (the changelogs of the aggregation's {@link FigureStore}s), from the beginning and then as they come, into this instance's {@link
 * FiguresView}: every instance answers every question. Only committed results are read (read_committed), so a view
 * never holds a figure of a transaction that did not happen. It is ready once it has read up to the end the topic had
 * when it started: before that, a figure could be older than one already shown, and the API says 503 instead.
 */
@Component
public class FiguresFollower implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FiguresFollower.class);

    private final FiguresView view;
    private final List<String> topics;
    private final Map<String, Object> settings;
    private final ApplicationEventPublisher events;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile Map<TopicPartition, Long> startEnds;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    FiguresFollower(FiguresView view, KafkaProperties kafka, ApplicationEventPublisher events) {
        this.view = view;
        this.topics = topics(kafka.getStreams().getApplicationId());
        this.events = events;
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, never committed: every instance reads it all
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.settings = consumer;
    }

    /** The changelogs of the figure stores of the aggregation {@code applicationId}: what a view reads. */
    public static List<String> topics(String applicationId) {
        return Arrays.stream(FigureStore.values())
                .map(store -> store.changelog(applicationId))
                .toList();
    }

    /** Whether the view has read everything the topic held when this instance started (and what came since). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The next offset to read, per partition of the figures' topics ("topic-partition"). */
    public Map<String, Long> positions() {
        Map<String, Long> byPartition = new HashMap<>();
        positions.forEach((partition, offset) -> byPartition.put(partition.toString(), offset));
        return byPartition;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("lawstats-figures").daemon().start(this::follow);
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread current1 = thread;
        if (current1 != null) {
            try {
                current1.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> reading = new KafkaConsumer<>(settings)) {
                consumer = reading;
                List<TopicPartition> partitions = partitions(reading);
                if (partitions.isEmpty()) {
                    Thread.sleep(Duration.ofMillis(500)); // created by the aggregation's start; not there yet
                    continue;
                }
                reading.assign(partitions);
                reading.seekToBeginning(partitions);
                startEnds = Map.copyOf(reading.endOffsets(partitions));
                read(reading, partitions);
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The view starts over from the beginning: it is whole again once it has read to the end.
                log.warn("reading the figures failed; reading them again from the beginning: {}", e.toString());
                caughtUp = false;
                view.clear();
            }
        }
    }

    /** Every partition of every figure store's changelog; none until all of them exist (the aggregation makes them). */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> reading) {
        var found = reading.listTopics(Duration.ofSeconds(10));
        if (!found.keySet().containsAll(topics)) {
            return List.of();
        }
        return topics.stream()
                .flatMap(topic -> found.get(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private void read(KafkaConsumer<String, byte[]> reading, List<TopicPartition> partitions) {
        while (running) {
            Set<String> units = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : reading.poll(Duration.ofMillis(200))) {
                units.add(view.apply(record.topic(), record.partition(), record.key(), record.value())
                        .unit());
            }
            for (TopicPartition partition : partitions) {
                positions.put(partition, reading.position(partition));
            }
            if (!caughtUp && partitions.stream().allMatch(p -> positions.get(p) >= startEnds.getOrDefault(p, 0L))) {
                caughtUp = true;
                log.info("the view of the figures has caught up ({} records read)", positions.values());
            }
            if (!units.isEmpty()) {
                events.publishEvent(new FiguresChanged(units));
            }
        }
    }
}
