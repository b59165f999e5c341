package org.lawstats.aggregator.indicators;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.indicators.*}: the indicator catalogue and the figures cache.
 *
 * @param file the catalogue
 * @param cacheSize how many computed (period, unit subtree) results to keep; 0 turns the cache off
 */
@Validated
@ConfigurationProperties("lawstats.indicators")
record CatalogueProperties(
        @NotBlank @DefaultValue("classpath:config/indicators.yml")
        String file,

        @Min(0) @DefaultValue("4096") int cacheSize) {}
