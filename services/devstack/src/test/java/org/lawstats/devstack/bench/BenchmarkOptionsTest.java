package org.lawstats.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void aSoakWithoutMinutesIsAnHourAtTheDefaultRateOnOneInstance() {
        assertThat(BenchmarkOptions.parse(new String[] {"bench", "--soak"}))
                .isEqualTo(
                        new BenchmarkOptions(false, BenchmarkOptions.QUICK_EVENTS, false, 60, Benchmark.SOAK_RATE, 1));
    }

    @Test
    void everyOptionIsReadWhereverItStands() {
        assertThat(BenchmarkOptions.parse(new String[] {
                    "bench",
                    "--instances",
                    "3",
                    "--pin",
                    "--soak",
                    "45",
                    "--rate",
                    "750",
                    "--quick",
                    "--events",
                    "1000000"
                }))
                .isEqualTo(new BenchmarkOptions(true, 1_000_000, true, 45, 750, 3));
    }

    @Test
    void aWrongNumberIsRefusedNamingItsOption() {
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--instances", "12"}))
                .hasMessageContaining("--instances");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--rate", "200000"}))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--rate"}))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--quick", "--events", "20000000"}))
                .hasMessageContaining("--events");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--quick", "--events", "999"}))
                .hasMessageContaining("--events");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--quick", "--events"}))
                .hasMessageContaining("--events");
    }

    @Test
    void aStreamSizeIsOnlyForAQuickRun() {
        assertThat(BenchmarkOptions.parse(new String[] {"bench", "--quick"}).quickEvents())
                .isEqualTo(200_000);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"bench", "--events", "1000000"}))
                .hasMessageContaining("--quick");
    }
}
