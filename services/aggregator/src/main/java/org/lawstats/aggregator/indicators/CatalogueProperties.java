package org.lawstats.aggregator.indicators;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.indicators.*}: the indicator catalogue.
 *
 * @param file the catalogue
 */
@Validated
@ConfigurationProperties("lawstats.indicators")
record CatalogueProperties(
        @NotBlank @DefaultValue("classpath:config/indicators.yml")
        String file) {}
