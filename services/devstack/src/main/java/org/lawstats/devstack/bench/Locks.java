package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reporting period's lock over the whole province (api.md § Reporting periods, ADR 24): how long it takes (the cut,
 * the copies, the figures), what its copies weigh per event, and the same questions asked live and as reported.
 */
final class Locks {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String YEAR = "2024";

    private Locks() {}

    /**
     * @param copiedEvents the documents of the events copy (the year's events, and every reply a join may match)
     * @param copiedBytes both copies' size on disk, primaries
     */
    record Result(
            String period,
            double lockS,
            long copiedEvents,
            long copiedBytes,
            double bytesPerCopiedEvent,
            Latency statsLive,
            Latency statsAsReported,
            Latency breakdownLive,
            Latency breakdownAsReported) {}

    static Result run(BenchStack stack, int n) {
        long start = System.nanoTime();
        HttpResponse<String> made = stack.send(
                "POST",
                "/api/v1/periods/" + YEAR + "/locks",
                "{\"unit\":\"" + ProvinceStream.ROOT + "\",\"force\":true,\"reason\":\"benchmark\"}",
                "application/json");
        double lockSeconds = seconds(start);
        if (made.statusCode() != 201) {
            throw new IllegalStateException("the lock answered " + made.statusCode() + ": " + made.body());
        }
        JsonNode lock = JSON.readTree(stack.send(
                                "GET",
                                "/lawstats-periods/_search?q=kind:lock%20AND%20period:" + YEAR + "%20AND%20unitId:"
                                        + ProvinceStream.ROOT,
                                null,
                                null)
                        .body())
                .path("hits")
                .path("hits")
                .path(0)
                .path("_source");
        long events = 0;
        long bytes = 0;
        for (String index : new String[] {
            lock.path("made").path("eventsIndex").asString(),
            lock.path("made").path("deadlinesIndex").asString()
        }) {
            stack.send("POST", "/" + index + "/_flush", "", "application/json");
            JsonNode stats = JSON.readTree(stack.send("GET", "/" + index + "/_stats/docs,store", null, null)
                            .body())
                    .path("_all")
                    .path("primaries");
            if (index.equals(lock.path("made").path("eventsIndex").asString())) {
                events = stats.path("docs").path("count").asLong();
            }
            bytes += stats.path("store").path("size_in_bytes").asLong();
        }
        String stats = "/api/v1/stats?period=" + YEAR + "&unit=" + ProvinceStream.ROOT;
        String breakdown = "/api/v1/stats/breakdown?period=" + YEAR + "&unit=" + ProvinceStream.ROOT;
        Result result = new Result(
                YEAR,
                round(lockSeconds, 1),
                events,
                bytes,
                events == 0 ? 0 : round((double) bytes / events, 1),
                Queries.latency(stack, n, () -> stats),
                Queries.latency(stack, n, () -> stats + "&asReported=true"),
                Queries.latency(stack, Math.max(10, n / 5), () -> breakdown),
                Queries.latency(stack, Math.max(10, n / 5), () -> breakdown + "&asReported=true"));
        say("lock of the province's " + YEAR + ": " + result);
        return result;
    }
}
