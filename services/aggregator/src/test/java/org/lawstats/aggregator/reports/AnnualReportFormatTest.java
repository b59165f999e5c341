package org.lawstats.aggregator.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnnualReportFormatTest {

    @Test
    void ratesReadAsPercentagesTheChineseWay() {
        assertThat(AnnualReport.format(1.0, true)).isEqualTo("100%");
        assertThat(AnnualReport.format(0.9655, true)).isEqualTo("96.55%");
        assertThat(AnnualReport.format(0.125, true)).isEqualTo("12.5%");
        assertThat(AnnualReport.format(0.0, true)).isEqualTo("0%");
    }

    @Test
    void countsArePlainDigitsAndAMissingRateIsADash() {
        assertThat(AnnualReport.format(237L, false)).isEqualTo("237");
        assertThat(AnnualReport.format(null, true)).isEqualTo("—");
    }
}
