package org.lawstats.aggregator.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.lawstats.contract.ConsumerBacklog;
import org.lawstats.contract.Topics;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * A consistent cut of the pipeline: waits until every event whose write was acknowledged before the call (on any
 * instance: they all write to the same topics) has been counted by the aggregation and its records stored by the
 * search feed. Events written meanwhile are not waited for, so a steady stream never holds a cut back.
 *
 * <p>Each stage is cut at its topics' ends once the stage before it has reached its own cut: the aggregation commits
 * its input together with what it wrote to its repartition topics and its results (exactly once), so what an event
 * became lies before the next stage's ends read after that.
 */
@Component
public class AggregationCut {
    // The topology's longest path goes through two repartition topics (an event's identity, then its person, join
    // key, case or request); a third round costs one question when nothing is left.
    private static final int REPARTITION_ROUNDS = 3;

    private final KafkaAdmin kafkaAdmin;
    private final String groupId;
    private final String applicationId;
    private final List<String> results;

    AggregationCut(KafkaAdmin kafkaAdmin, KafkaProperties kafkaProperties, SearchFeed feed) {
        this.kafkaAdmin = kafkaAdmin;
        this.groupId = kafkaProperties.getConsumer().getGroupId();
        this.applicationId = kafkaProperties.getStreams().getApplicationId();
        this.results = feed.topics();
    }

    /** The cut was not reached in time: the aggregation is behind or Kafka does not answer. */
    public static class NotReachedException extends RuntimeException {
        NotReachedException(Duration timeout, Throwable cause) {
            super(
                    "the aggregation has not counted every event written so far within " + timeout.toSeconds() + " s",
                    cause);
        }
    }

    /** Returns once every event acknowledged before the call is counted and stored; throws after {@code timeout}. */
    public void await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ConsumerBacklog kafka =
                new ConsumerBacklog(kafkaAdmin.getConfigurationProperties(), Duration.ofSeconds(5))) {
            Map<TopicPartition, Long> events = kafka.ends(kafka.topics(Topics::carriesEvents));
            until(deadline, timeout, () -> kafka.reached(applicationId, events));
            for (int round = 0; round < REPARTITION_ROUNDS; round++) {
                Map<TopicPartition, Long> repartitions = kafka.ends(
                        kafka.topics(topic -> topic.startsWith(applicationId + "-") && topic.endsWith("-repartition")));
                until(deadline, timeout, () -> kafka.reached(applicationId, repartitions));
            }
            Map<TopicPartition, Long> stored = kafka.ends(results);
            until(deadline, timeout, () -> kafka.reached(groupId, stored));
        } catch (NotReachedException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReachedException(timeout, e);
        } catch (Exception e) {
            throw new NotReachedException(timeout, e);
        }
    }

    private interface Reached {
        boolean now() throws Exception;
    }

    private static void until(long deadline, Duration timeout, Reached reached) throws Exception {
        while (!reached.now()) {
            if (System.nanoTime() > deadline) {
                throw new NotReachedException(timeout, null);
            }
            Thread.sleep(100); // the pace of asking Kafka, not a wait for an outcome: the loop asks for that
        }
    }
}
