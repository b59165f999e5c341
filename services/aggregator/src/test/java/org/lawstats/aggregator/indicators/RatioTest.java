package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatioTest {

    @Test
    void ratesAreRoundedHalfUpToFourDecimals() {
        assertThat(IndicatorCatalogue.ratio(2L, 3L)).isEqualTo(0.6667);
        assertThat(IndicatorCatalogue.ratio(1L, 3L)).isEqualTo(0.3333);
        assertThat(IndicatorCatalogue.ratio(1L, 8L)).isEqualTo(0.125);
        assertThat(IndicatorCatalogue.ratio(42L, 42L)).isEqualTo(1.0);
        assertThat(IndicatorCatalogue.ratio(0L, 5L)).isEqualTo(0.0);
    }

    @Test
    void aZeroDenominatorHasNoRate() {
        assertThat(IndicatorCatalogue.ratio(0L, 0L)).isNull();
    }
}
