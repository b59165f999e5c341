package org.lawstats.aggregator.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.results.*}: the topics the aggregation publishes what Elasticsearch stores to (ADR 15), both
 * compacted: the latest record of a key is the whole truth about it, so a rebuild reads them instead of every event.
 *
 * @param documentsTopic each event's searchable document, keyed by eventId, with its version
 * @param caseRecordsTopic each case record's events, keyed by the record's document id, with its version
 * @param requestRecordsTopic each disclosure request's events (its deadline's record), keyed likewise
 * @param partitions how many partitions they are created with (how many consumers store them at once)
 * @param replicas their replication factor; 0: the broker's default
 */
@Validated
@ConfigurationProperties("lawstats.results")
record ResultsProperties(
        @NotBlank @DefaultValue("lawstats.documents") String documentsTopic,
        @NotBlank @DefaultValue("lawstats.case-records") String caseRecordsTopic,
        @NotBlank @DefaultValue("lawstats.request-records") String requestRecordsTopic,
        @Min(1) @DefaultValue("3") int partitions,
        @Min(0) @DefaultValue("0") int replicas) {}
