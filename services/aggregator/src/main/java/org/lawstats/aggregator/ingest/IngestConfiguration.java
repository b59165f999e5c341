package org.lawstats.aggregator.ingest;

import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.lawstats.contract.Topics;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Topics and the one error handler of the pipeline. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {
    // Kafka is the record of every event; Elasticsearch is a view that can be rebuilt from it, so nothing expires.
    private static final Map<String, String> KEEP_FOREVER =
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");

    /**
     * The aggregation's results for search (ADR 15): compacted, as the figures, so that a rebuild reads the latest
     * record of each document and case record, not every event. The Streams producer writes them; they are not
     * internal topics of the application, so they are made here, as the figures topic is.
     */
    @Bean
    KafkaAdmin.NewTopics resultTopics(ResultsProperties results) {
        return new KafkaAdmin.NewTopics(Stream.of(
                        results.documentsTopic(), results.caseRecordsTopic(), results.requestRecordsTopic())
                .map(name -> {
                    TopicBuilder topic = TopicBuilder.name(name)
                            .partitions(results.partitions())
                            .compact();
                    if (results.replicas() > 0) {
                        topic.replicas(results.replicas());
                    }
                    return topic.build();
                })
                .toArray(NewTopic[]::new));
    }

    /**
     * The search feed reads the results as the aggregation's transactions committed them; after the last record of a
     * partition comes a commit marker, which no listener sees, so its offset is committed here too, and a drained
     * feed shows no lag.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> committedToTheMarkers() {
        return container -> container.getContainerProperties().setFixTxOffsets(true);
    }

    @Bean
    KafkaAdmin.NewTopics lawstatsTopics(IngestProperties properties) {
        Stream<NewTopic> events = Topics.EVENT_TOPICS.stream()
                .map(topic -> TopicBuilder.name(topic)
                        .partitions(properties.partitions())
                        .configs(KEEP_FOREVER)
                        .build());
        NewTopic deadLetters = TopicBuilder.name(Topics.DLQ)
                .partitions(1)
                .configs(KEEP_FOREVER)
                .build();
        return new KafkaAdmin.NewTopics(
                Stream.concat(events, Stream.of(deadLetters)).toArray(NewTopic[]::new));
    }

    /** Every consumer commits offsets only for the partitions it holds ({@link HeldPartitionCommits}). */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer heldPartitionCommits() {
        return factory -> factory.addPostProcessor(HeldPartitionCommits::of);
    }

    /**
     * The only error handler of the search feed. Invalid events never reach it (the aggregation dead-letters them, so
     * they are never retried); what does reach it is a batch that could not be stored or dead-lettered:
     * Elasticsearch or Kafka unavailable, or a 429. The batch is retried with jittered exponential backoff, forever, while the
     * consumer's partitions are paused, and no offset is committed until it succeeds.
     */
    @Bean
    DefaultErrorHandler ingestErrorHandler(IngestProperties properties) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(properties.initialBackoff().toMillis(), properties.backoffMultiplier());
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        backOff.setJitter(properties.initialBackoff().toMillis() / 2);
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, exception) -> {
                    throw new IllegalStateException("an unbounded back-off never gives up", exception);
                },
                backOff);
        // The handler only returns once a retry of the batch has succeeded (the back-off never ends), so the
        // batch is in Elasticsearch then and its offsets must be committed now, not with some later batch.
        handler.setAckAfterHandle(true);
        return handler;
    }
}
