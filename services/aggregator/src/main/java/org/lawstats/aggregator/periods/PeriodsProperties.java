package org.lawstats.aggregator.periods;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.periods.*}: the reporting periods.
 *
 * @param changesMaxUnits the most units whose figures a changes answer compares (each costs an evaluation of the
 *     lock's copy, about 0.2 s for a province's subtree): above it, the answer is a 400 asking for a unit lower down
 */
@Validated
@ConfigurationProperties("lawstats.periods")
record PeriodsProperties(
        @Min(1) @Max(100_000) @DefaultValue("1000") int changesMaxUnits) {}
