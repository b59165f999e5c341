package org.lawstats.aggregator.live;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live streams ({@code /api/v1/stream}): each holds a connection and a little memory for as long as it is open.
 *
 * @param maxPerUser the streams one user may hold at once (a few dashboards in a few tabs)
 * @param maxTotal the streams the server holds at once
 */
@Validated
@ConfigurationProperties("lawstats.stream")
record StreamProperties(
        @Min(1) @DefaultValue("5") int maxPerUser,
        @Min(1) @DefaultValue("500") int maxTotal) {}
