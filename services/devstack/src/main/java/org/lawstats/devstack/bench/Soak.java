package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady load for {@code minutes} while dashboards and searches keep asking; every five minutes each instance's heap
 * right after a full GC (its live data). At the end every record must be consumed and a province figure must equal
 * the stream's model.
 */
final class Soak {
    private Soak() {}

    /**
     * One look at the stack during the soak.
     *
     * @param liveHeapAfterFullGcMib each instance's, in instance order
     * @param queryP50Ms the questions' latency since the previous mark, null if none was asked
     */
    record Mark(
            int minute,
            long recordsSent,
            long lag,
            List<Long> liveHeapAfterFullGcMib,
            long pending,
            Double queryP50Ms,
            Double queryMaxMs) {}

    /** @param liveHeapGrowthFromMinute10Mib each instance's live heap at the end less at the last mark by minute 10 */
    record Result(
            double rateRecordsPerS,
            int minutes,
            long records,
            long queries,
            long queriesFailed,
            long documentPublished2024AsTheModel,
            List<Mark> liveHeapMarks,
            List<Long> liveHeapGrowthFromMinute10Mib) {}

    static Result run(BenchStack stack, Meters meters, ProvinceStream stream, int minutes, double rate, int[] years)
            throws Exception {
        say(String.format(Locale.ROOT, "soak: %,.0f records/s for %d minutes", rate, minutes));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread load = Load.steady(stack, stream, rate, running, sent);
        List<Mark> marks = new ArrayList<>();
        Random random = new Random(7);
        long failed = 0;
        long asked = 0;
        List<Double> window = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int minute = 1; minute <= minutes; minute++) {
                long due = start + TimeUnit.MINUTES.toNanos(minute);
                while (System.nanoTime() < due) {
                    for (String path : List.of(
                            "/api/v1/stats?period=" + years[random.nextInt(years.length)] + "&unit="
                                    + ProvinceStream.district(random.nextInt(ProvinceStream.DISTRICTS)),
                            "/api/v1/stats/breakdown?period=" + years[random.nextInt(years.length)] + "-Q"
                                    + (1 + random.nextInt(4)) + "&unit=" + ProvinceStream.ROOT,
                            "/api/v1/cases?q=" + URLEncoder.encode("行政处罚", StandardCharsets.UTF_8))) {
                        asked++;
                        long began = System.nanoTime();
                        try {
                            if (stack.send("GET", path, null, null).statusCode() != 200) {
                                failed++;
                            }
                        } catch (UncheckedIOException e) {
                            failed++; // no answer within the client's 2 minutes: counted, and the soak goes on
                        }
                        window.add((System.nanoTime() - began) / 1e6);
                    }
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // a user's pace
                }
                if (minute % 5 == 0 || minute == 1 || minute == minutes) {
                    Latency queries = window.isEmpty() ? null : Latency.of(window);
                    Mark mark = new Mark(
                            minute,
                            sent.get(),
                            stack.produced() - stack.committed(),
                            meters.liveHeapMib(),
                            stack.pending(),
                            queries == null ? null : queries.p50Ms(),
                            queries == null ? null : queries.maxMs());
                    window.clear();
                    marks.add(mark);
                    say("soak: " + mark);
                }
            }
        } finally {
            running.set(false);
            load.join();
        }
        stack.awaitAllCommitted(Duration.ofMinutes(30));
        long expected = stack.awaitTheModelsFigure(stream);
        List<Long> settled = marks.stream()
                .filter(m -> m.minute() <= 10)
                .reduce((earlier, later) -> later)
                .orElseThrow()
                .liveHeapAfterFullGcMib();
        List<Long> last = marks.getLast().liveHeapAfterFullGcMib();
        List<Long> growth = new ArrayList<>();
        for (int i = 0; i < last.size(); i++) {
            growth.add(last.get(i) - settled.get(i));
        }
        Result result = new Result(round(rate), minutes, sent.get(), asked, failed, expected, marks, growth);
        say("soak: " + result);
        return result;
    }
}
