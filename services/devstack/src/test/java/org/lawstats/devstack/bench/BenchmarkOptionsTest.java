package org.lawstats.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void aSoakWithoutMinutesIsAnHourAtTheDefaultRateOnOneInstance() {
        assertThat(BenchmarkOptions.parse(new String[] {"bench", "--soak"}))
                .isEqualTo(new BenchmarkOptions(false, false, 60, Benchmark.SOAK_RATE, 1));
    }

    @Test
    void everyOptionIsReadWhereverItStands() {
        assertThat(BenchmarkOptions.parse(
                        new String[] {"bench", "--instances", "3", "--pin", "--soak", "45", "--rate", "750", "--quick"
                        }))
                .isEqualTo(new BenchmarkOptions(true, true, 45, 750, 3));
    }

    @Test
    void aWrongNumberIsRefusedNamingItsOption() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--instances", "12"}))
                .hasMessageContaining("--instances");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--rate", "200000"}))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--rate"}))
                .hasMessageContaining("--rate");
    }
}
