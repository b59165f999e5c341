package org.lawstats.aggregator.ingest;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.lawstats.aggregator.store.SearchVisibility;
import org.lawstats.contract.Topics;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Tracks which event partitions this process consumes. Only while it holds all of them is it the only writer of the
 * event index, and only then may views cache figures ({@link SearchVisibility}); any change of assignment drops
 * whatever was cached. Boot registers this bean on the listener container factory.
 */
@Component
class PartitionOwnership implements ConsumerAwareRebalanceListener {
    private final Set<TopicPartition> held = ConcurrentHashMap.newKeySet();
    private final SearchVisibility visibility;

    PartitionOwnership(SearchVisibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.addAll(partitions);
        update(consumer);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
        visibility.exclusive(false);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        held.removeAll(partitions);
        visibility.exclusive(false);
    }

    private void update(Consumer<?, ?> consumer) {
        Set<TopicPartition> all = new HashSet<>();
        consumer.listTopics().forEach((topic, infos) -> {
            if (Topics.carriesEvents(topic)) {
                infos.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            }
        });
        visibility.exclusive(!all.isEmpty() && held.containsAll(all));
    }
}
