package org.lawstats.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void latencyIsTheOrderStatisticsOfTheSamplesInAnyOrder() {
        Latency latency = Latency.of(List.of(30.0, 10.0, 20.0, 40.0));

        assertThat(latency).isEqualTo(new Latency(4, 20.0, 40.0, 40.0));
    }

    @Test
    void elasticsearchWorkIsTheDifferenceAndItsCostPerDocument() {
        Map<String, Long> before = Map.of("index_total", 100L, "index_time_ms", 50L, "cpu_ms", 1_000L, "get_total", 3L);
        Map<String, Long> after = Map.of("index_total", 300L, "index_time_ms", 70L, "cpu_ms", 1_400L, "get_total", 3L);

        EsWork work = EsWork.between(before, after);

        assertThat(work).isEqualTo(new EsWork(0, 0, 200, 20, 400, 100.0, 2000.0));
    }

    @Test
    void elasticsearchWorkHasNoCostPerDocumentWhenNothingWasIndexed() {
        EsWork work = EsWork.between(Map.of(), Map.of("cpu_ms", 10L));

        assertThat(work.indexTimeUsPerDoc()).isNull();
        assertThat(work.cpuUsPerDoc()).isNull();
    }

    @Test
    void theResultsAreWrittenInSnakeCaseWithoutWhatWasNotMeasured() {
        Benchmark.Run run = new Benchmark.Run(
                new Benchmark.Machine(2, "25"),
                "quick",
                Map.of(),
                1,
                null,
                new Benchmark.SoakAndReplay(
                        new Soak.Result(
                                600,
                                1,
                                36_000,
                                90,
                                0,
                                12,
                                List.of(new Soak.Mark(1, 36_000, 0, List.of(150L), 0, null, null)),
                                List.of(0L)),
                        null),
                new Meters.Memory(Map.of("kafka", 400L), 300));

        JsonNode written = JSON.readTree(Benchmark.json(run));

        assertThat(written.has("throughput")).isFalse();
        assertThat(written.path("soak").has("replay")).isFalse();
        assertThat(written.path("soak").path("soak").path("rate_records_per_s").asDouble())
                .isEqualTo(600);
        JsonNode mark =
                written.path("soak").path("soak").path("live_heap_marks").path(0);
        assertThat(mark.path("live_heap_after_full_gc_mib").path(0).asLong()).isEqualTo(150);
        assertThat(mark.has("query_p50_ms")).isFalse();
        assertThat(written.path("memory").path("peak_rss_mib").path("kafka").asLong())
                .isEqualTo(400);
    }
}
