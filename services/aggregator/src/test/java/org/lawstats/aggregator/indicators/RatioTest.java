package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatioTest {

    @Test
    void ratesAreRoundedHalfUpToFourDecimals() {
        assertThat(IndicatorCatalogue.ratio(2, 3)).isEqualTo(0.6667);
        assertThat(IndicatorCatalogue.ratio(1, 3)).isEqualTo(0.3333);
        assertThat(IndicatorCatalogue.ratio(1, 8)).isEqualTo(0.125);
        assertThat(IndicatorCatalogue.ratio(42, 42)).isEqualTo(1.0);
        assertThat(IndicatorCatalogue.ratio(0, 5)).isEqualTo(0.0);
    }

    @Test
    void aZeroDenominatorHasNoRate() {
        assertThat(IndicatorCatalogue.ratio(0, 0)).isNull();
    }
}
