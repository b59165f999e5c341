package org.lawstats.aggregator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.lawstats.aggregator.indicators.FiguresFollower;
import org.lawstats.devstack.stack.GroupProgress;

/**
 * The tests' barrier "everything sent so far is in the figures this aggregator serves, and in Elasticsearch" (ADR 15),
 * exact, without waiting a guessed time: the aggregation has handled every record of the event topics and of its
 * repartition topics ({@link GroupProgress}), the aggregator's view has read the figures topic to its end, and its
 * search feed has committed every record of the documents and case records (after storing them).
 */
final class AggregationSettled {
    private AggregationSettled() {}

    /** An aggregator's names: its aggregation, its search feed's group and topics. */
    record Names(String applicationId, String searchGroup, List<String> resultTopics) {
        /** The names of the aggregator whose consumer group is {@code group}, as SeparateAggregator gives them. */
        static Names of(String group) {
            return new Names(
                    group + "-aggregation",
                    group,
                    List.of(group + ".documents", group + ".case-records", group + ".request-records"));
        }

        /** The production names, those of the in-process aggregator. */
        static final Names PRODUCTION = new Names(
                GroupProgress.Names.PRODUCTION.applicationId(),
                GroupProgress.Names.PRODUCTION.searchGroup(),
                GroupProgress.Names.PRODUCTION.resultTopics());

        /** The topics its views read: the changelogs of its figure stores. */
        List<String> figuresTopics() {
            return FiguresFollower.topics(applicationId);
        }

        GroupProgress.Names progress() {
            return new GroupProgress.Names(applicationId, searchGroup, resultTopics);
        }
    }

    static void settle(Map<String, Object> client, Names names, Supplier<Map<String, Long>> viewPositions) {
        settleFigures(client, names, viewPositions);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> GroupProgress.lag(client, names.searchGroup(), names.resultTopics()) == 0);
    }

    /** Everything sent so far is in the figures the aggregator serves (whatever Elasticsearch holds). */
    static void settleFigures(Map<String, Object> client, Names names, Supplier<Map<String, Long>> viewPositions) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> GroupProgress.aggregationLag(client, names.applicationId()) == 0);
        Map<TopicPartition, Long> ends;
        try {
            ends = GroupProgress.ends(client, names.figuresTopics());
        } catch (Exception e) {
            throw new IllegalStateException("the figures' topics " + names.figuresTopics() + " cannot be described", e);
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Map<String, Long> positions = viewPositions.get();
                    return ends.entrySet().stream()
                            .allMatch(end -> positions.getOrDefault(end.getKey().toString(), 0L) >= end.getValue());
                });
    }

    /** Everything not yet in Elasticsearch ({@link GroupProgress#pending}). */
    static long pending(Map<String, Object> client, Names names) throws Exception {
        return GroupProgress.pending(client, names.progress());
    }
}
