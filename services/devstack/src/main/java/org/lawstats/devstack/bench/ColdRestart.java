package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

/**
 * Cold = restarted: every instance stopped, then all started at once; the time until each answers (restoring its
 * state and reading the figures whole).
 */
final class ColdRestart {
    private static final int TARGET_S = 30;

    private ColdRestart() {}

    record Result(double allReadyS, int targetS) {}

    static Result run(BenchStack stack) throws Exception {
        say("cold restart: stopping all " + stack.instances() + " instances");
        stack.stopAggregators();
        long start = System.nanoTime();
        stack.startAggregators();
        Result result = new Result(round(seconds(start), 1), TARGET_S);
        say("cold restart: " + result);
        return result;
    }
}
