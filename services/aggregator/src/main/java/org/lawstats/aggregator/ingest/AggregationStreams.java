package org.lawstats.aggregator.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.topology.EventMetrics;
import org.lawstats.aggregator.topology.EventTopology;
import org.lawstats.contract.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the aggregation topology (ADR 15) in this instance, one member of the application's group: Kafka Streams
 * assigns the tasks, restores their state from the changelogs, and commits exactly once. Configured by Boot's
 * {@code spring.kafka.streams.*} (application id, state directory, any Streams property) and the common
 * {@code spring.kafka.*} settings (servers, security); exactly-once v2 always.
 */
@Component
class AggregationStreams implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AggregationStreams.class);

    private final Properties settings = new Properties();
    private final EventTopology topology;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metrics;

    AggregationStreams(
            KafkaProperties kafka,
            ResultsProperties results,
            IngestProperties ingest,
            EventMetrics eventMetrics,
            UnitRegistry registry,
            IndicatorCatalogue catalogue,
            MeterRegistry meters) {
        this.meters = meters;
        settings.putAll(kafka.buildStreamsProperties());
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        this.topology = new EventTopology(
                registry,
                catalogue,
                Pattern.compile(Topics.EVENT_TOPIC_REGEX),
                new EventTopology.Outputs(
                        results.documentsTopic(), results.caseRecordsTopic(), results.requestRecordsTopic(), true),
                eventMetrics,
                ingest.partitions());
    }

    /** The state of this member (RUNNING once its tasks are restored and assigned). */
    KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }

    @Override
    public void start() {
        KafkaStreams started = new KafkaStreams(topology.build(), settings);
        started.setUncaughtExceptionHandler(e -> {
            // A failed task (an exception in the topology) stops nothing but its thread: replaced, it starts over
            // from the last commit, exactly once.
            log.error("the aggregation failed; its thread is replaced and resumes from the last commit", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        metrics = new KafkaStreamsMetrics(started);
        metrics.bindTo(meters);
        started.start();
        streams = started;
    }

    @Override
    public void stop() {
        KafkaStreams current = streams;
        if (current != null) {
            current.close(Duration.ofSeconds(30));
        }
        if (metrics != null) {
            metrics.close();
        }
        streams = null;
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }
}
