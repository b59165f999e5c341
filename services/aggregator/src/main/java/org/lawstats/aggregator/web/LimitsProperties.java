package org.lawstats.aggregator.web;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.limits.*}: how much work one request of the imports and the entry forms may ask for (ADR 19). The
 * gateway has its own ({@code lawstats.gateway.*}), what a ledger file may hold is {@code lawstats.imports.*}, and
 * the exports' row cap is {@code lawstats.records.*}.
 *
 * @param jsonBodySize every JSON body but the gateway's: about twice the largest entry form (a case's five texts of
 *     4,000 characters, every character escaped as {@code \\uXXXX}: 120 KB)
 * @param importsPerSecond the sustained rate at which a user may import (a preview counts)
 * @param importBurst how many imports a user may start at once before the rate applies
 * @param concurrentImports imports read and checked at the same time by this instance, whoever sends them: each
 *     takes a core for seconds, so more at once only makes all of them slower and the heap fuller
 * @param importWait how long an import waits for its turn before it is answered 503 with Retry-After
 * @param entriesPerSecond the sustained rate at which a user may send entry forms (a clerk types far slower)
 * @param entryBurst how many forms a user may send at once before the rate applies
 */
@Validated
@ConfigurationProperties("lawstats.limits")
record LimitsProperties(
        @DefaultValue("256KB") DataSize jsonBodySize,
        @DecimalMin("0.001") @DefaultValue("0.5") double importsPerSecond,
        @Min(1) @DefaultValue("20") int importBurst,
        @Min(1) @DefaultValue("2") int concurrentImports,

        @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("10s")
        Duration importWait,

        @DecimalMin("0.001") @DefaultValue("2") double entriesPerSecond,
        @Min(1) @DefaultValue("30") int entryBurst) {}
