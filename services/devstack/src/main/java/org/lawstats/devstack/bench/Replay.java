package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lawstats.devstack.stack.AggregationReset;
import org.lawstats.devstack.stack.GroupProgress;
import org.lawstats.devstack.stack.ManagedProcess;

/**
 * {@code reset-aggregation} timed on everything written so far, as an operator runs it after an upgrade: every
 * instance stopped, the aggregation reset (refused while a stopped instance is still a member of its group, so tried
 * again until its session has timed out), the instances started again and timed until every record is counted and
 * stored and the figure equals the model; then E1, the engine's floor, on the same events.
 */
final class Replay {
    private Replay() {}

    record Result(
            long records,
            double resetS,
            double replayS,
            double replayRecordsPerS,
            Map<String, Double> cpuMsPerThousandRecords,
            long documentPublished2024AsTheModel,
            Map<String, Floor.Result> engineFloor,
            double e1S,
            double replayToE1Ratio) {}

    static Result run(BenchStack stack, Meters meters, ProvinceStream stream, long records) throws Exception {
        say("replay: stopping all " + stack.instances() + " instances");
        stack.stopAggregators();
        List<Path> stateDirectories = new ArrayList<>();
        for (int i = 0; i < stack.instances(); i++) {
            stateDirectories.add(stack.stateDirectory(i));
        }
        long start = System.nanoTime();
        AggregationReset reset = new AggregationReset(
                GroupProgress.client(stack.bootstrapServers()), AggregationReset.Names.PRODUCTION, System.out);
        while (true) {
            try {
                reset.reset(stateDirectories);
                break;
            } catch (AggregationReset.StillRunningException e) {
                if (seconds(start) > 120) {
                    throw e;
                }
                ManagedProcess.pause();
            }
        }
        double resetSeconds = seconds(start);
        say(String.format(
                Locale.ROOT, "replay: reset in %.1f s; starting %d instances", resetSeconds, stack.instances()));
        Map<String, Double> cpuBefore = meters.cpuSeconds();
        long replayStart = System.nanoTime();
        stack.startAggregators();
        stack.awaitAllCommitted(Duration.ofHours(3));
        long expected = stack.awaitTheModelsFigure(stream);
        double replaySeconds = seconds(replayStart);
        Map<String, Double> cpu = meters.cpuPerThousand(cpuBefore, records);
        say(String.format(
                Locale.ROOT, "replay: %,d records in %.1f s, CPU per 1,000 records %s", records, replaySeconds, cpu));
        Map<String, Floor.Result> floor = Floor.run(stack, meters, records, List.of(EngineFloor.Variant.E1));
        double e1 = Floor.e1(floor);
        Result result = new Result(
                records,
                round(resetSeconds, 1),
                round(replaySeconds, 1),
                round(records / replaySeconds),
                cpu,
                expected,
                floor,
                round(records / e1, 1),
                round((records / replaySeconds) / e1, 3));
        say("replay: " + result);
        return result;
    }
}
