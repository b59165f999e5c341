package org.lawstats.aggregator.imports;

import jakarta.servlet.MultipartConfigElement;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.lawstats.aggregator.ConfigLocation;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The ledger columns, read and checked at start (a broken file stops the start), and what a ledger file may hold. */
@Configuration(proxyBeanMethods = false)
class ImportsConfiguration {

    /**
     * The uploads' limits, made from the ledger file's ({@code lawstats.imports.max-file-size}; Boot's
     * {@code spring.servlet.multipart.*} back off): a file past it is refused (413) as it arrives, and every upload goes
     * to disk as it arrives, never to the heap. The request may be larger than its file by its few short fields. Made
     * from the settings alone: the web server asks for it as it starts, before the store is reachable, so that a start
     * that must fail (no users file) fails at once.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(ImportsProperties imports) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(imports.maxFileSize());
        factory.setMaxRequestSize(DataSize.ofBytes(imports.maxFileSize().toBytes() + 64 * 1024));
        factory.setFileSizeThreshold(DataSize.ofBytes(0));
        return factory.createMultipartConfig();
    }

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
