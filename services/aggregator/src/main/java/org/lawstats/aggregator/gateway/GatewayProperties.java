package org.lawstats.aggregator.gateway;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The HTTP gateway for unit services that do not speak Kafka.
 *
 * @param maxBodySize larger bodies are refused with 413
 * @param requestsPerSecond the sustained rate a user may post at
 * @param burst how many requests a user may post at once before the rate applies
 */
@Validated
@ConfigurationProperties("lawstats.gateway")
record GatewayProperties(
        @DefaultValue("10MB") DataSize maxBodySize,
        @DecimalMin("0.01") @DefaultValue("20") double requestsPerSecond,
        @Min(1) @DefaultValue("40") int burst) {}
