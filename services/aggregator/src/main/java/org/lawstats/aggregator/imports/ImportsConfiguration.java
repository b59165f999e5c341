package org.lawstats.aggregator.imports;

import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.lawstats.aggregator.ConfigLocation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ledger columns, read and checked at start (a broken file stops the start), and what a ledger file may hold. */
@Configuration(proxyBeanMethods = false)
class ImportsConfiguration {

    @Bean
    LedgerSpec ledgerSpec(ImportsProperties properties) {
        return LedgerSpec.load(new ConfigLocation(properties.ledgersFile()));
    }

    @Bean
    LedgerFile.Limits ledgerLimits(ImportsProperties properties) {
        // POI's guards are process-wide: every workbook this process reads obeys them (it reads only ledgers).
        ZipSecureFile.setMinInflateRatio(properties.minInflateRatio());
        ZipSecureFile.setMaxEntrySize(properties.maxSheetSize().toBytes());
        return new LedgerFile.Limits(
                properties.maxFileSize().toBytes(),
                properties.maxRows(),
                0,
                properties.extraColumns(),
                properties.maxCellLength(),
                properties.maxCharacters(),
                properties.maxSheetSize().toBytes(),
                properties.maxOtherPartSize().toBytes(),
                properties.maxSharedStrings());
    }
}
