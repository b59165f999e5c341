package org.lawstats.devstack.bench;

import java.util.List;

/**
 * What {@code ./lawstats bench} was asked: {@code --quick}, {@code --events N}, {@code --pin},
 * {@code --soak [MINUTES]}, {@code --rate N} and {@code --instances N}.
 *
 * @param quickEvents the quick run's stream size: {@link #QUICK_EVENTS} without {@code --events}
 * @param soakMinutes 60 for {@code --soak} alone, 0 without it
 * @param soakRate the soak's records per second, {@link Benchmark#SOAK_RATE} without {@code --rate}
 * @param instances aggregators in one group, 1 to 9
 */
public record BenchmarkOptions(
        boolean quick, long quickEvents, boolean pin, int soakMinutes, double soakRate, int instances) {
    /** The quick run's stream: a few minutes here. */
    static final long QUICK_EVENTS = 200_000;
    // --events: a quick run's phases at a larger stream (a lock at 1 million events, issue 26) without the full run's
    // second batch of 9 million. At most 10 million, the full run's scale.
    private static final long MAX_EVENTS = 10_000_000;

    /** @throws IllegalArgumentException naming the option that is wrong */
    public static BenchmarkOptions parse(String[] args) {
        List<String> list = List.of(args);
        boolean quick = list.contains("--quick");
        return new BenchmarkOptions(
                quick,
                quickEvents(list, quick),
                list.contains("--pin"),
                soakMinutes(list),
                soakRate(list),
                instances(list));
    }

    private static long quickEvents(List<String> list, boolean quick) {
        int at = list.indexOf("--events");
        if (at < 0) {
            return QUICK_EVENTS;
        }
        if (!quick) {
            // The full run's sizes (1 million, then 9 million more) are what its figures are compared at.
            throw new IllegalArgumentException("--events sets the stream size of a quick run: it goes with --quick");
        }
        if (at + 1 < list.size()
                && list.get(at + 1).matches("[1-9][0-9]{3,7}")
                && Long.parseLong(list.get(at + 1)) <= MAX_EVENTS) {
            return Long.parseLong(list.get(at + 1));
        }
        throw new IllegalArgumentException("--events takes a number of events from 1000 to 10000000");
    }

    private static int instances(List<String> list) {
        int at = list.indexOf("--instances");
        if (at < 0) {
            return 1;
        }
        if (at + 1 < list.size() && list.get(at + 1).matches("[1-9]")) {
            return Integer.parseInt(list.get(at + 1));
        }
        throw new IllegalArgumentException("--instances takes a number from 1 to 9");
    }

    private static double soakRate(List<String> list) {
        int at = list.indexOf("--rate");
        if (at < 0) {
            return Benchmark.SOAK_RATE;
        }
        if (at + 1 < list.size()
                && list.get(at + 1).matches("[1-9][0-9]{0,5}")
                && Integer.parseInt(list.get(at + 1)) <= 100_000) {
            return Integer.parseInt(list.get(at + 1));
        }
        throw new IllegalArgumentException("--rate takes a number of records per second from 1 to 100000");
    }

    private static int soakMinutes(List<String> list) {
        int at = list.indexOf("--soak");
        if (at < 0) {
            return 0;
        }
        if (at + 1 < list.size() && list.get(at + 1).matches("[1-9][0-9]{0,3}")) {
            return Integer.parseInt(list.get(at + 1));
        }
        return 60;
    }
}
