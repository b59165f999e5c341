package org.lawstats.aggregator.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.lawstats.aggregator.store.AliasSwitch;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.store.IndexRebuild;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The rebuild (ADR 8, ADR 15): replays the aggregation's results for search (the compacted topics of documents and
 * case records: the latest version of every key is all they keep, so this reads one record per document, not every
 * event), from the beginning, through the same feed as the live one into new indices, then switches the aliases. The
 * live feed is paused meanwhile, so that the new indices hold at least everything it had committed; it resumes on the
 * new indices from its own offsets (what it then sees again carries versions already stored: no-ops). The API answers
 * from the old indices until the switch.
 */
@Component
class TopicReplay implements IndexRebuild {
    private static final Logger log = LoggerFactory.getLogger(TopicReplay.class);
    private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_ATTEMPTS = 20;

    private final SearchFeed feed;
    private final AliasSwitch aliases;
    private final EventIndexInitializer index;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaProperties kafka;
    private final AtomicReference<Status> status = new AtomicReference<>(Status.idle());

    TopicReplay(
            SearchFeed feed,
            AliasSwitch aliases,
            EventIndexInitializer index,
            KafkaListenerEndpointRegistry listeners,
            KafkaProperties kafka) {
        this.feed = feed;
        this.aliases = aliases;
        this.index = index;
        this.listeners = listeners;
        this.kafka = kafka;
    }

    @Override
    public synchronized Status start() {
        Status current = status.get();
        if (current.state().equals("RUNNING")) {
            return current;
        }
        Status started = new Status("RUNNING", Instant.now(), null, 0, 0, null, null, null, "starting");
        status.set(started);
        Thread.ofPlatform().name("lawstats-rebuild").start(this::run);
        return started;
    }

    @Override
    public Status status() {
        return status.get();
    }

    private void run() {
        Instant startedAt = status.get().startedAt();
        MessageListenerContainer live = listeners.getListenerContainer(SearchFeed.LISTENER_ID);
        String events = null;
        String caseIndex = null;
        String deadlineIndex = null;
        String previous = aliases.current(index.alias()).orElse(null);
        try {
            events = aliases.createNext(index.alias());
            caseIndex = aliases.createNext(index.casesAlias());
            deadlineIndex = aliases.createNext(index.deadlinesAlias());
            pause(live);
            long replayed = replay(
                    new SearchFeed.Targets(
                            new VersionedWriter.Target(events, false),
                            new VersionedWriter.Target(caseIndex, false),
                            new VersionedWriter.Target(deadlineIndex, false)),
                    startedAt,
                    previous);
            aliases.switchTo(events, caseIndex, deadlineIndex);
            status.set(new Status(
                    "DONE",
                    startedAt,
                    Instant.now(),
                    replayed,
                    replayed,
                    events,
                    caseIndex,
                    previous,
                    "the aliases point at the new indices; the previous ones are kept for a rollback"));
            log.info("rebuild done: {} records replayed into {} and {}", replayed, events, caseIndex);
        } catch (Exception e) {
            log.warn("rebuild failed: {}", e.toString());
            status.set(new Status(
                    "FAILED",
                    startedAt,
                    Instant.now(),
                    status.get().replayed(),
                    status.get().total(),
                    events,
                    caseIndex,
                    previous,
                    "the aliases were not switched: " + e.getMessage()));
        } finally {
            if (live != null) {
                live.resume();
            }
        }
    }

    private static void pause(MessageListenerContainer live) throws InterruptedException {
        if (live == null || !live.isRunning()) {
            return;
        }
        live.pause();
        long deadline = System.nanoTime() + PAUSE_TIMEOUT.toNanos();
        while (!readsNothing(live)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the live consumer did not pause within " + PAUSE_TIMEOUT);
            }
            Thread.sleep(50); // the container pauses between polls; nothing to wait on but its flag
        }
    }

    /**
     * Whether every consumer of the live container is paused. A consumer that holds no partition never reports itself
     * paused (Spring Kafka has nothing to pause there), yet reads nothing, and pauses any partition it is given while
     * the pause lasts: it counts as paused. With single-partition unit topics and more consumers than partitions of a
     * topic, such consumers are common.
     */
    private static boolean readsNothing(MessageListenerContainer live) {
        if (live.isContainerPaused()) {
            return true;
        }
        if (!(live instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) || !live.isPauseRequested()) {
            return false;
        }
        return concurrent.getContainers().stream()
                .allMatch(consumer -> consumer.isContainerPaused()
                        || consumer.getAssignedPartitions() == null
                        || consumer.getAssignedPartitions().isEmpty());
    }

    private long replay(SearchFeed.Targets targets, Instant startedAt, String previous) throws Exception {
        Map<String, Object> properties = new HashMap<>(kafka.buildConsumerProperties());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only what the aggregation's transactions committed, as the live feed reads it.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : feed.topics()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            long total = 0;
            for (TopicPartition partition : partitions) {
                total += ends.get(partition) - starts.get(partition);
            }
            long replayed = 0;
            while (!caughtUp(consumer, partitions, ends)) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<byte[], byte[]> record : polled) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        batch.add(record);
                    }
                }
                if (batch.isEmpty()) {
                    continue;
                }
                storeWithRetries(batch, targets);
                replayed += batch.size();
                status.set(new Status(
                        "RUNNING",
                        startedAt,
                        null,
                        replayed,
                        total,
                        targets.events().name(),
                        targets.cases().name(),
                        previous,
                        "replaying the documents, case and request records"));
            }
            return replayed;
        }
    }

    private static boolean caughtUp(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private void storeWithRetries(List<ConsumerRecord<byte[], byte[]>> batch, SearchFeed.Targets targets)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                feed.storeInto(batch, targets, false);
                return;
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(Math.min(5_000, 100L << Math.min(attempt, 6))); // back-off before the next attempt
            }
        }
    }
}
