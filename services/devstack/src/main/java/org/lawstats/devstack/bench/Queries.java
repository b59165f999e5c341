package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.say;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The questions' latencies: the figures come from the view every instance holds of the aggregation's published
 * figures (ADR 15), the cases from Elasticsearch.
 */
final class Queries {
    private static final String[] PERIODS = {"2023", "2024", "2025"};
    private static final String[] TERMS = {"拆迁补偿", "行政处罚", "信息公开", "工伤认定", "法定职责", "行政许可 撤销", "张某某", "行初"};

    private Queries() {}

    record Result(
            Latency statsDistrictYear,
            Latency statsDistrictYearRepeated,
            Latency breakdownProvinceQuarter,
            Latency casesSearch) {}

    /** {@code n} questions of each kind (a fifth of them for the breakdown, at least 20), with keys drawn at random. */
    static Result run(BenchStack stack, int n) {
        Random random = new Random(7);
        Result result = new Result(
                latency(
                        stack,
                        n,
                        () -> "/api/v1/stats?period=" + PERIODS[random.nextInt(3)] + "&unit="
                                + ProvinceStream.district(random.nextInt(ProvinceStream.DISTRICTS))),
                latency(stack, n, () -> "/api/v1/stats?period=2024&unit=d07"),
                latency(
                        stack,
                        Math.max(20, n / 5),
                        () -> "/api/v1/stats/breakdown?period=" + PERIODS[random.nextInt(3)] + "-Q"
                                + (1 + random.nextInt(4)) + "&unit=" + ProvinceStream.ROOT),
                latency(
                        stack,
                        n,
                        () -> "/api/v1/cases?q="
                                + URLEncoder.encode(TERMS[random.nextInt(TERMS.length)], StandardCharsets.UTF_8)
                                + (random.nextBoolean() ? "&unit=" + ProvinceStream.district(random.nextInt(16)) : "")
                                + "&size=20"));
        say("queries: " + result);
        return result;
    }

    /** {@code n} answers to the paths given, each expected 200. */
    static Latency latency(BenchStack stack, int n, Supplier<String> paths) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = paths.get();
            long start = System.nanoTime();
            HttpResponse<String> response = stack.send("GET", path, null, null);
            samples.add((System.nanoTime() - start) / 1e6);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        return Latency.of(samples);
    }
}
