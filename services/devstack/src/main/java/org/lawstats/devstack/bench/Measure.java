package org.lawstats.devstack.bench;

import java.time.Instant;
import java.util.List;

/** The arithmetic and the voice every phase of the benchmark shares. */
final class Measure {
    private Measure() {}

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double round(double value) {
        return round(value, 1);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    static void say(String text) {
        System.out.println("bench " + Instant.now().toString().substring(11, 19) + "  " + text);
    }
}
