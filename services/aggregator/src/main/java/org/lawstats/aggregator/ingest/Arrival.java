package org.lawstats.aggregator.ingest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One admitted record of an event: its revision and identity, its bytes as they arrived (decoded again where needed,
 * and dead-lettered as they were if a lower revision later proves them invalid), and where it came from.
 *
 * @param authority the unit whose own topic carried it (only that unit's credentials write there, ADR 11), or "" for a
 *     contract topic, which only trusted writers may write (the gateway, integrators an operator grants)
 */
record Arrival(
        long revision,
        String unitId,
        String type,
        String authority,
        byte[] key,
        byte[] value,
        String topic,
        int partition,
        long offset,
        long timestamp) {

    static final StateSerde<Arrival> SERDE =
            StateSerde.of(Arrival.class, (arrival, out) -> arrival.write(out), Arrival::read);

    void write(DataOutputStream out) throws IOException {
        out.writeLong(revision);
        StateSerde.writeString(out, unitId);
        StateSerde.writeString(out, type);
        StateSerde.writeString(out, authority);
        StateSerde.writeBytes(out, key);
        StateSerde.writeBytes(out, value);
        StateSerde.writeString(out, topic);
        out.writeInt(partition);
        out.writeLong(offset);
        out.writeLong(timestamp);
    }

    static Arrival read(DataInputStream in) throws IOException {
        return new Arrival(
                in.readLong(),
                StateSerde.readString(in),
                StateSerde.readString(in),
                StateSerde.readString(in),
                StateSerde.readBytes(in),
                StateSerde.readBytes(in),
                StateSerde.readString(in),
                in.readInt(),
                in.readLong(),
                in.readLong());
    }

    /** Whether this is the same revision of the same identity (its bytes are then the same event, or a duplicate). */
    boolean sameAs(Arrival other) {
        return other != null && revision == other.revision && unitId.equals(other.unitId) && type.equals(other.type);
    }
}
