package org.lawstats.aggregator.imports;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.imports.*}: the ledger columns, and the limits of what one imported file may hold (ADR 19),
 * checked while the file is read.
 *
 * @param ledgersFile the ledger columns of every event type ({@code LAWSTATS_IMPORTS_LEDGERSFILE})
 * @param maxFileSize a file's size; also the upload's limit (the web layer's multipart settings are made from it)
 * @param maxRows data rows with something in them: a quarter's ledger of a large bureau, with room to spare
 * @param extraColumns columns a file may have beyond its ledger's template (a clerk's 序号, 备注, ...)
 * @param maxCellLength characters in one cell: Excel's own limit (32,767), so no real spreadsheet holds more
 * @param maxCharacters characters in all the cells of a file (a shared string counted each time it is used): what
 *     50,000 rows of 10 columns of 40 characters hold; it bounds the events a small file can make
 * @param maxSheetSize a worksheet or the shared strings unpacked (read by SAX a part at a time: this bounds time,
 *     not memory); also POI's POI's {@code ZipSecureFile.setMaxEntrySize}
 * @param maxOtherPartSize any other part of a workbook unpacked (styles, relationships, properties: POI reads them
 *     whole into memory)
 * @param minInflateRatio POI's zip-bomb guard ({@code ZipSecureFile.setMinInflateRatio}): a part may not unpack to
 *     more than 1/ratio times its packed size (a real sheet packs to 5-20 %, a bomb to 0.1 %)
 * @param maxSharedStrings strings in a workbook's shared strings table, which is held while the sheet is read: the
 *     distinct texts of 50,000 rows of five text columns, twice (every string costs some 60 bytes however short)
 */
@Validated
@ConfigurationProperties("lawstats.imports")
public record ImportsProperties(
        @NotBlank @DefaultValue("classpath:config/imports/ledgers.yml")
        String ledgersFile,

        @DefaultValue("20MB") DataSize maxFileSize,
        @Min(1) @DefaultValue("50000") int maxRows,
        @Min(0) @DefaultValue("20") int extraColumns,
        @Min(1) @DefaultValue("32767") int maxCellLength,
        @Min(1) @DefaultValue("20000000") long maxCharacters,
        @DefaultValue("100MB") DataSize maxSheetSize,
        @DefaultValue("4MB") DataSize maxOtherPartSize,

        @DecimalMin("0.0001") @DecimalMax("1") @DefaultValue("0.01")
        double minInflateRatio,

        @Min(1) @DefaultValue("500000") int maxSharedStrings) {}
