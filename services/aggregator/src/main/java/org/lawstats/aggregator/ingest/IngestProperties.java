package org.lawstats.aggregator.ingest;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the aggregator consumes.
 *
 * @param partitions partitions of each event topic when the aggregator creates it
 * @param initialBackoff first wait after a failed batch (Elasticsearch down, 429)
 * @param maxBackoff the longest wait between two attempts; attempts never stop
 * @param backoffMultiplier growth of the wait per attempt
 */
@Validated
@ConfigurationProperties("lawstats.ingest")
record IngestProperties(
        @Min(1) @DefaultValue("3") int partitions,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("30s") Duration maxBackoff,
        @DecimalMin("1.0") @DefaultValue("2.0") double backoffMultiplier) {}
