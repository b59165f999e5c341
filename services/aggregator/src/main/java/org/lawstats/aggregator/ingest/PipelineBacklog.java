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
        ConsumerBacklog clients = clients();
        synchronized (clients) {
            return new Backlog(
                    clients.ofStreams(applicationId, clients.topics(Topics::carriesEvents)),
                    clients.of(groupId, results));
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("lawstats.backlog.records", this, backlog -> backlog.stage(true))
                .description("Records not handled yet by a stage of the pipeline (NaN when Kafka does not answer)")
                .tag("stage", "aggregation")
                .register(registry);
        Gauge.builder("lawstats.backlog.records", this, backlog -> backlog.stage(false))
                .description("Records not handled yet by a stage of the pipeline (NaN when Kafka does not answer)")
                .tag("stage", "search")
                .register(registry);
    }

    private double stage(boolean aggregation) {
        try {
            Backlog now = measure();
            return aggregation ? now.aggregation() : now.search();
        } catch (Exception e) {
            return Double.NaN; // not a figure: an unknown backlog must not read as an empty one
        }
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
