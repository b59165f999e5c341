package org.lawstats.aggregator.indicators;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.figures.*}: the topic the aggregation publishes its figures to and every instance reads (ADR 15).
 *
 * @param topic its name; one per application (the tests' separate aggregators each have their own)
 * @param partitions how many partitions it is created with
 * @param replicas its replication factor; 0: the broker's default
 */
@Validated
@ConfigurationProperties("lawstats.figures")
public record FiguresProperties(
        @NotBlank @DefaultValue("lawstats.figures") String topic,
        @Min(1) @DefaultValue("3") int partitions,
        @Min(0) @DefaultValue("0") int replicas) {}
