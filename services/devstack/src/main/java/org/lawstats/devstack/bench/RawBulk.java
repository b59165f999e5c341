package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Elasticsearch's side of the limit: the same documents bulk-indexed straight into an index with the events
 * template's settings and mapping, with the pipeline's external versioning; a few bulk sizes and concurrencies on a
 * sample, then the best on all.
 */
final class RawBulk {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawBulk() {}

    /**
     * @param sample the documents each try indexed
     * @param triesDocsPerS each try's rate, by bulk size x concurrency
     * @param documents the documents of the best try on all
     */
    record Result(
            int sample,
            Map<String, Double> triesDocsPerS,
            int bestBulkSize,
            int bestConcurrency,
            double bestDocsPerS,
            int documents) {}

    static Result run(BenchStack stack, Path records, boolean quick) throws Exception {
        JsonNode template = JSON.readTree(stack.root()
                .resolve("config/elasticsearch/events-template.json")
                .toFile());
        String body = JSON.writeValueAsString(Map.of(
                "settings", template.path("template").path("settings"),
                "mappings", template.path("template").path("mappings")));
        // The baseline's documents are the stream's first ones, at most 300,000 (held in memory to time only the
        // bulk requests); a rate over 300,000 documents is the rate.
        List<String> lines;
        try (var in = Files.lines(records, StandardCharsets.UTF_8)) {
            lines = in.limit(300_000).map(RawBulk::action).toList();
        }
        Map<String, Double> tries = new LinkedHashMap<>();
        int sample = Math.min(lines.size(), quick ? 50_000 : 200_000);
        double best = 0;
        int bestSize = 0;
        int bestThreads = 0;
        int attempt = 0;
        for (int size : new int[] {500, 2000, 5000}) {
            for (int threads : new int[] {1, 2, 4}) {
                String index = "bench-raw-" + attempt++;
                stack.put("/" + index, body);
                double rate = bulk(stack, index, lines.subList(0, sample), size, threads);
                tries.put(size + "x" + threads, round(rate));
                stack.delete("/" + index);
                if (rate > best) {
                    best = rate;
                    bestSize = size;
                    bestThreads = threads;
                }
            }
        }
        stack.put("/bench-raw-all", body);
        double all = bulk(stack, "bench-raw-all", lines, bestSize, bestThreads);
        stack.delete("/bench-raw-all");
        say(String.format(
                Locale.ROOT,
                "raw ES bulk: %,.0f docs/s (bulk %d, %d concurrent; tries %s)",
                all,
                bestSize,
                bestThreads,
                tries));
        return new Result(sample, tries, bestSize, bestThreads, round(all), lines.size());
    }

    /** A record of the stream as a bulk action: its document under its event id, versioned by its revision. */
    private static String action(String text) {
        ProvinceStream.Line line = ProvinceStream.Line.parse(text);
        JsonNode wire = JSON.readTree(line.wire());
        long revision = wire.path("revision").asLong(1);
        return "{\"index\":{\"_id\":"
                + JSON.writeValueAsString(wire.path("eventId").asString())
                + ",\"version\":" + revision + ",\"version_type\":\"external\"}}\n"
                + line.document() + "\n";
    }

    private static double bulk(BenchStack stack, String index, List<String> lines, int size, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int from = 0; from < lines.size(); from += size) {
            List<String> chunk = lines.subList(from, Math.min(lines.size(), from + size));
            futures.add(pool.submit(() -> {
                StringBuilder payload = new StringBuilder(chunk.size() * 600);
                chunk.forEach(payload::append);
                HttpResponse<String> response =
                        stack.send("POST", "/" + index + "/_bulk", payload.toString(), "application/x-ndjson");
                for (JsonNode item : JSON.readTree(response.body()).path("items")) {
                    int status = item.path("index").path("status").asInt();
                    // 409: an equal or lower revision, as in the pipeline; anything else is a failed benchmark.
                    if (status >= 300 && status != 409) {
                        throw new IllegalStateException("bulk item failed: " + item);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        stack.send("POST", "/" + index + "/_refresh", "", "application/json");
        return lines.size() / seconds(start);
    }
}
