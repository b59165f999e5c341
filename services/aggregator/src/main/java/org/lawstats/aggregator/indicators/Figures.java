package org.lawstats.aggregator.indicators;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of one {@link FigureKey} (indicator id or period to a number) as one part of the aggregation holds them:
 * the view adds up the parts. Stored and published in one binary form, read by the topology and the view alike.
 */
public record Figures(Map<String, Long> values) {
    private static final byte FORMAT = 1;
    // The names a value holds are a catalogue id or a period label: a few hundred in all. Every instance holds each
    // share of the figures, so each decoded name would otherwise be a String of its own, about 15 per share (a soak
    // of an hour on 200,000 shares kept 3.3 million of them, most of a 384 MiB heap). The bound keeps unexpected
    // names from growing it: past it a name is simply not shared.
    private static final int NAMES_BOUND = 100_000;
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

    /** No value. */
    public static final Figures NONE = new Figures(Map.of());

    public Figures {
        values = Map.copyOf(values);
    }

    /** These values with {@code change} added; zeros are dropped. */
    public Figures plus(Map<String, Long> change) {
        Map<String, Long> sum = new HashMap<>(values);
        change.forEach((id, value) -> {
            if (value != 0) {
                sum.merge(id, value, (a, b) -> a + b == 0 ? null : a + b);
            }
        });
        return new Figures(sum);
    }

    /** What it takes to go from {@code before} to these values. */
    public Map<String, Long> minus(Figures before) {
        Map<String, Long> change = new HashMap<>(values);
        before.values.forEach((id, value) -> change.merge(id, -value, (a, b) -> a + b == 0 ? null : a + b));
        return change;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public byte[] encode() {
        var bytes = new ByteArrayOutputStream(16 + 24 * values.size());
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(values.size());
            for (var value : new TreeMap<>(values).entrySet()) {
                out.writeUTF(value.getKey());
                out.writeLong(value.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #encode} wrote; null (a deleted figure) is {@link #NONE}. */
    public static Figures decode(byte[] data) {
        if (data == null) {
            return NONE;
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("figures of an unknown format " + format);
            }
            int size = in.readInt();
            Map<String, Long> values = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                values.put(shared(in.readUTF()), in.readLong());
            }
            return new Figures(values);
        } catch (IOException e) {
            throw new IllegalArgumentException("figures that do not decode", e);
        }
    }

    private static String shared(String name) {
        String known = NAMES.get(name);
        if (known != null) {
            return known;
        }
        if (NAMES.size() >= NAMES_BOUND) {
            return name;
        }
        known = NAMES.putIfAbsent(name, name);
        return known != null ? known : name;
    }
}
