package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.percentile;
import static org.lawstats.devstack.bench.Measure.round;

import java.util.ArrayList;
import java.util.List;

/** How long {@code n} answers took, in milliseconds. */
record Latency(int n, double p50Ms, double p99Ms, double maxMs) {

    static Latency of(List<Double> samplesMs) {
        List<Double> sorted = new ArrayList<>(samplesMs);
        sorted.sort(Double::compare);
        return new Latency(
                sorted.size(), round(percentile(sorted, 50)), round(percentile(sorted, 99)), round(sorted.getLast()));
    }
}
