package org.lawstats.devstack.bench;

import java.util.List;

/**
 * What {@code ./lawstats bench} was asked: {@code --quick}, {@code --pin}, {@code --soak [MINUTES]}, {@code --rate N}
 * and {@code --instances N}.
 *
 * @param soakMinutes 60 for {@code --soak} alone, 0 without it
 * @param soakRate the soak's records per second, {@link Benchmark#SOAK_RATE} without {@code --rate}
 * @param instances aggregators in one group, 1 to 9
 */
public record BenchmarkOptions(boolean quick, boolean pin, int soakMinutes, double soakRate, int instances) {

    /** @throws IllegalArgumentException naming the option that is wrong */
    public static BenchmarkOptions parse(String[] args) {
        List<String> list = List.of(args);
        return new BenchmarkOptions(
                list.contains("--quick"), list.contains("--pin"), soakMinutes(list), soakRate(list), instances(list));
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
