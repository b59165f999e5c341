package org.lawstats.aggregator.ingest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer that commits offsets only for the partitions it holds. A batch retried through a store outage may
 * succeed after a rebalance has given some of its partitions to another consumer, which already read and committed
 * further; the container would still commit the batch's offsets for those partitions, moving them back, and the
 * group's lag would never drain (StoreOutageIT found it). The records are stored either way; an offset of a
 * partition this consumer no longer holds is the new owner's to commit, so it is dropped here.
 */
final class HeldPartitionCommits {
    private static final Logger log = LoggerFactory.getLogger(HeldPartitionCommits.class);

    private HeldPartitionCommits() {}

    @SuppressWarnings("unchecked")
    static <K, V> Consumer<K, V> of(Consumer<K, V> consumer) {
        return (Consumer<K, V>) Proxy.newProxyInstance(
                Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                    Object[] call = args;
                    if ((method.getName().equals("commitSync")
                                    || method.getName().equals("commitAsync"))
                            && args != null
                            && args.length > 0
                            && args[0] instanceof Map<?, ?> offsets) {
                        call = args.clone();
                        call[0] = held((Map<TopicPartition, OffsetAndMetadata>) offsets, consumer.assignment());
                    }
                    try {
                        return method.invoke(consumer, call);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Map<TopicPartition, OffsetAndMetadata> held(
            Map<TopicPartition, OffsetAndMetadata> offsets, Set<TopicPartition> assignment) {
        Map<TopicPartition, OffsetAndMetadata> held = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> {
            if (assignment.contains(partition)) {
                held.put(partition, offset);
            } else {
                log.info("not committing {} at {}: the partition has moved to another consumer", partition, offset);
            }
        });
        return held;
    }
}
