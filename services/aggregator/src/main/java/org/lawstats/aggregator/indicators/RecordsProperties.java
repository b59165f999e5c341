package org.lawstats.aggregator.indicators;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.records.*}: the records behind a figure.
 *
 * @param maxExportRows the most records one export (format=csv|xlsx) may hold (ADR 19): ten times the largest figure
 *     of a district's year (a few thousand requests or persons), a CSV of about 50 MB, and a tenth of what one Excel
 *     sheet holds (1,048,576 rows); a larger question is asked for a shorter period or a smaller unit
 */
@Validated
@ConfigurationProperties("lawstats.records")
public record RecordsProperties(
        @Min(1) @Max(1_000_000) @DefaultValue("100000") int maxExportRows) {}
