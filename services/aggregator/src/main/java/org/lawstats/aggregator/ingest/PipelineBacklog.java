package org.lawstats.aggregator.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import org.lawstats.contract.ConsumerBacklog;
import org.lawstats.contract.Topics;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The pipeline's backlog, as {@link ConsumerBacklog} counts it: the records of the event topics (contract and unit
 * topics) and of its repartition topics the aggregation has not handled yet, and the records of its results the
 * search feed has not stored yet. Read by the {@code ingest} health and published as {@code lawstats.backlog.records}
 * tagged {@code stage=aggregation|search}, which the operators' backlog alert watches (config/prometheus/rules.yml).
 */
@Component
class PipelineBacklog implements MeterBinder {
    private final KafkaAdmin kafkaAdmin;
    private final String groupId;
    private final String applicationId;
    private final List<String> results;
    private ConsumerBacklog backlog;

    /** Records not handled yet by each stage. */
    record Backlog(long aggregation, long search) {
        long total() {
            return aggregation + search;
        }
    }

    PipelineBacklog(KafkaAdmin kafkaAdmin, KafkaProperties kafkaProperties, SearchFeed feed) {
        this.kafkaAdmin = kafkaAdmin;
        this.groupId = kafkaProperties.getConsumer().getGroupId();
        this.applicationId = kafkaProperties.getStreams().getApplicationId();
        this.results = feed.topics();
    }

    /** Both stages' backlogs now; throws when Kafka does not answer within two seconds. */
    Backlog measure() throws Exception {
        return new Backlog(aggregation(), search());
    }

    private long aggregation() throws Exception {
        ConsumerBacklog clients = clients();
        synchronized (clients) {
            return clients.ofStreams(applicationId, clients.topics(Topics::carriesEvents));
        }
    }

    private long search() throws Exception {
        ConsumerBacklog clients = clients();
        synchronized (clients) {
            return clients.of(groupId, results);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Each gauge reads its own stage only: a scrape asks Kafka once per stage, not twice.
        gauge(registry, "aggregation", PipelineBacklog::aggregation);
        gauge(registry, "search", PipelineBacklog::search);
    }

    private interface Stage {
        long of(PipelineBacklog backlog) throws Exception;
    }

    private void gauge(MeterRegistry registry, String stage, Stage reading) {
        Gauge.builder("lawstats.backlog.records", this, backlog -> {
                    try {
                        return reading.of(backlog);
                    } catch (Exception e) {
                        return Double.NaN; // not a figure: an unknown backlog must not read as an empty one
                    }
                })
                .description("Records not handled yet by a stage of the pipeline (NaN when Kafka does not answer)")
                .tag("stage", stage)
                .register(registry);
    }

    /** One pair of clients for every reading, created on first use: connecting anew costs more than the reading. */
    private synchronized ConsumerBacklog clients() {
        if (backlog == null) {
            backlog = new ConsumerBacklog(kafkaAdmin.getConfigurationProperties(), Duration.ofSeconds(2));
        }
        return backlog;
    }

    @PreDestroy
    synchronized void close() {
        if (backlog != null) {
            synchronized (backlog) {
                backlog.close();
            }
        }
    }
}
