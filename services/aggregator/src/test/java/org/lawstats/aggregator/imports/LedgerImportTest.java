package org.lawstats.aggregator.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.contract.EventType;

/** A row's numbers are bounded before they are parsed: a form or a file of millions of digits costs nothing. */
class LedgerImportTest {
    private final LedgerImport imports = imports();

    private static LedgerImport imports() {
        EventIndexInitializer index = mock(EventIndexInitializer.class);
        when(index.alias()).thenReturn("lawstats-events");
        UnitRegistry registry = UnitRegistry.parse(
                new ByteArrayInputStream("units:\n  - {id: u, name: 单位}\n".getBytes(StandardCharsets.UTF_8)), "test");
        return new LedgerImport(
                LedgerSpec.load(new ConfigLocation("classpath:config/imports/ledgers.yml")),
                new LedgerFile.Limits(20L << 20, 50_000, 0, 20, 32_767, 20_000_000, 100L << 20, 4L << 20, 1_000_000),
                registry,
                null,
                index);
    }

    private LedgerImport.Row completed(String hours) {
        LedgerSpec.Ledger ledger =
                imports.spec().ledger(EventType.TRAINING_COMPLETED).orElseThrow();
        return imports.row(ledger, "u", 2, "2024-03-05", Map.of("personId", "p-1", "courseId", "law", "hours", hours));
    }

    @Test
    void aNumberOfAFewDigitsIsReadAndOnePastTwentyCharactersIsARowErrorBeforeItIsParsed() {
        assertThat(completed("4.5").event().payload().toString()).contains("hours=4.5");
        assertThat(completed("1234.567890123456789").errors())
                .as("20 characters")
                .isEmpty();

        LedgerImport.Row long1 = completed("9".repeat(3_000_000));
        assertThat(long1.errors()).singleElement().satisfies(error -> {
            assertThat(error.column()).isEqualTo("学时");
            assertThat(error.message()).contains("有 3000000 个字符").contains("数字最多 20 个字符");
        });
    }

    @Test
    void aNumberBeyondADoubleOrAnIntegerBeyondALongIsAnErrorNotInfinity() {
        assertThat(completed("1e999").errors())
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("应为数字"));
        LedgerSpec.Ledger extended =
                imports.spec().ledger(EventType.DISCLOSURE_EXTENDED).orElseThrow();
        assertThat(imports.row(extended, "u", 2, "2024-03-05", Map.of("requestId", "r-1", "workingDays", "1e30"))
                        .errors())
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("应为整数"));
    }
}
