package org.lawstats.aggregator.imports;

import jakarta.validation.constraints.NotBlank;
import org.lawstats.aggregator.ConfigLocation;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/** The ledger columns, read and checked at start (a broken file stops the start). */
@Configuration(proxyBeanMethods = false)
class ImportsConfiguration {

    /**
     * {@code lawstats.imports.*}.
     *
     * @param ledgersFile the ledger columns of every event type ({@code LAWSTATS_IMPORTS_LEDGERSFILE})
     */
    @Validated
    @ConfigurationProperties("lawstats.imports")
    record ImportsProperties(
            @NotBlank @DefaultValue("classpath:config/imports/ledgers.yml")
            String ledgersFile) {}

    @Bean
    LedgerSpec ledgerSpec(ImportsProperties properties) {
        return LedgerSpec.load(new ConfigLocation(properties.ledgersFile()));
    }
}
