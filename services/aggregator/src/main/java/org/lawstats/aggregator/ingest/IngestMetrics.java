package org.lawstats.aggregator.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** The pipeline's own figures, on /actuator/prometheus as {@code lawstats_events_*}. */
@Component
class IngestMetrics {
    private final MeterRegistry registry;
    private final Timer bulkLatency;
    private final Timer endToEnd;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bulkLatency = Timer.builder("lawstats.indexing.latency")
                .description("Duration of one bulk write to Elasticsearch")
                .publishPercentileHistogram()
                .register(registry);
        this.endToEnd = Timer.builder("lawstats.pipeline.latency")
                .description("From the event record's Kafka timestamp to its document stored in Elasticsearch")
                .publishPercentileHistogram()
                .register(registry);
    }

    void indexed(String type, String result) {
        Counter.builder("lawstats.events.indexed")
                .description(
                        "Events written to Elasticsearch, by type and result (created, updated, deleted, stale, rejected)")
                .tags("type", type, "result", result)
                .register(registry)
                .increment();
    }

    void bulk(Duration took, long serverMillis, int documents) {
        bulkLatency.record(took);
        Timer.builder("lawstats.indexing.server")
                .description("Time Elasticsearch reports for one bulk write (its 'took')")
                .register(registry)
                .record(Duration.ofMillis(serverMillis));
        DistributionSummary.builder("lawstats.indexing.batch")
                .description("Documents per bulk write")
                .register(registry)
                .record(documents);
    }

    /** Where a batch's time goes: decode, write, dead-letters (for profiling the pipeline). */
    void phase(String phase, long nanos) {
        Timer.builder("lawstats.ingest.phase")
                .description("Time spent per batch in each phase of the ingest")
                .tag("phase", phase)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void endToEnd(Duration took) {
        if (!took.isNegative()) {
            endToEnd.record(took);
        }
    }
}
