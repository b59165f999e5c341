package org.lawstats.aggregator.indicators;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.indicators.*}: the indicator catalogue and the figures cache.
 *
 * @param file the catalogue
 * @param cacheSize how many computed (period, unit subtree) results to keep; 0 turns the cache off
 * @param ledgerSize how many entries (persons per counted event, join keys) the ledger of unit months may hold
 *     before it starts over, about 21 bytes of heap each (a province of 10 million events: 6.5 million); 0 turns the
 *     ledger off (ADR 9, 10)
 * @param ledgerWarmInterval how often the ledger looks for stale units to read
 */
@Validated
@ConfigurationProperties("lawstats.indicators")
record CatalogueProperties(
        @NotBlank @DefaultValue("classpath:config/indicators.yml")
        String file,

        @Min(0) @DefaultValue("4096") int cacheSize,

        @Min(0) @DefaultValue("10000000") long ledgerSize,

        @NotNull @DefaultValue("1s") java.time.Duration ledgerWarmInterval) {}
