package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lawstats.devstack.stack.GroupProgress;
import org.lawstats.devstack.stack.ManagedProcess;

/**
 * The engine's floor ({@link EngineFloor}) on the events just aggregated, on the same broker: each variant in a JVM of
 * its own (pinned as the aggregator is), timed from the moment it runs until its group has read every event; its CPU,
 * the broker's and Elasticsearch's per 1,000 events.
 */
final class Floor {
    private Floor() {}

    record Result(double recordsPerS, Map<String, Double> cpuMsPerThousandRecords) {}

    /** Each variant's result, by its label. */
    static Map<String, Result> run(BenchStack stack, Meters meters, long events, List<EngineFloor.Variant> variants)
            throws Exception {
        Map<String, Result> floor = new LinkedHashMap<>();
        String classpath = stack.root().resolve("services/devstack/target/lawstats-devstack.jar") + ":"
                + stack.root().resolve("services/devstack/target/lib") + "/*";
        for (EngineFloor.Variant variant : variants) {
            String applicationId =
                    "bench-floor-" + variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            ManagedProcess app = ManagedProcess.start(
                    "engine-floor",
                    EngineFloor.command(
                            stack.javaHome(),
                            classpath,
                            stack.bootstrapServers(),
                            variant,
                            applicationId,
                            stack.dataDir().resolve("floor").resolve(applicationId)),
                    stack.dataDir(),
                    Map.of(),
                    stack.dataDir().resolve(applicationId + ".log"),
                    Optional.empty());
            try {
                stack.pinToTheRest(app.pid());
                app.awaitReady(Duration.ofMinutes(2), () -> app.tail(200).contains(EngineFloor.RUNNING));
                Map<String, Double> before = meters.cpuSeconds();
                double appBefore = Meters.cpuSeconds(app.pid());
                long start = System.nanoTime();
                Map<String, Object> client = GroupProgress.client(stack.bootstrapServers());
                while (GroupProgress.aggregationLag(client, applicationId) > 0) {
                    app.requireAlive();
                    ManagedProcess.pause();
                }
                double elapsed = seconds(start);
                Map<String, Double> after = meters.cpuSeconds();
                Map<String, Double> cpu = new LinkedHashMap<>();
                cpu.put("engine", round(1_000_000 * (Meters.cpuSeconds(app.pid()) - appBefore) / events, 1));
                for (String server : List.of("kafka", "elasticsearch")) {
                    cpu.put(server, round(1_000_000 * (after.get(server) - before.get(server)) / events, 1));
                }
                Result result = new Result(round(events / elapsed), cpu);
                floor.put(variant.label, result);
                say("engine floor " + variant.label + ": " + result);
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
        return floor;
    }

    /** E1's records per second: the floor the pipeline is held against. */
    static double e1(Map<String, Result> floor) {
        return floor.get(EngineFloor.Variant.E1.label).recordsPerS();
    }
}
