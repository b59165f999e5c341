package org.lawstats.aggregator.indicators;

import java.util.Arrays;

/**
 * The join state of one {@code unmatched} indicator in one unit, as the ledger keeps it (ADR 10): per join key, how
 * many matching events it has and the months of its counted events. A key's counted events are unmatched while it
 * has no matching event, so a match arriving or leaving moves exactly those months.
 *
 * <p>An open-addressing table of byte keys: a province holds a million or more keys, and a map of strings to small
 * objects would take three times the memory. Not thread-safe: the ledger changes it under its lock.
 */
final class JoinKeys {
    private byte[][] keys = new byte[8][];
    private int[] matches = new int[8];
    private int[][] months = new int[8][];
    private int size;

    int size() {
        return size;
    }

    /**
     * Adds {@code count} counted events of this key in this month (a negative count removes them); returns whether
     * the key has no matching event, that is whether they are unmatched.
     */
    boolean counted(byte[] key, int month, int count) {
        int slot = slot(key);
        int[] held = months[slot] == null ? new int[0] : months[slot];
        if (count >= 0) {
            int[] more = Arrays.copyOf(held, held.length + count);
            Arrays.fill(more, held.length, more.length, month);
            held = more;
        } else {
            for (int removed = 0; removed < -count; removed++) {
                int at = indexOf(held, month);
                if (at < 0) {
                    throw new IllegalStateException("a counted event removed that the join does not hold");
                }
                held[at] = held[held.length - 1];
                held = Arrays.copyOf(held, held.length - 1);
            }
        }
        months[slot] = held.length == 0 ? null : held;
        return matches[slot] == 0;
    }

    /**
     * Adds {@code count} matching events of this key (a negative count removes them). Returns the months of the key's
     * counted events, one entry per event, if that made them matched or unmatched; null if it did not change that.
     */
    int[] matched(byte[] key, int count) {
        int slot = slot(key);
        int was = matches[slot];
        int now = was + count;
        if (now < 0) {
            throw new IllegalStateException("a matching event removed that the join does not hold");
        }
        matches[slot] = now;
        if ((was == 0) == (now == 0)) {
            return null;
        }
        return months[slot] == null ? new int[0] : months[slot];
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private int slot(byte[] key) {
        if (3 * (size + 1) > 2 * keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = spread(Arrays.hashCode(key)) & mask;
        while (keys[i] != null) {
            if (Arrays.equals(keys[i], key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        size++;
        return i;
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldMatches = matches;
        int[][] oldMonths = months;
        keys = new byte[oldKeys.length * 2][];
        matches = new int[keys.length];
        months = new int[keys.length][];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) {
                continue;
            }
            int i = spread(Arrays.hashCode(oldKeys[j])) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = oldKeys[j];
            matches[i] = oldMatches[j];
            months[i] = oldMonths[j];
        }
    }
}
