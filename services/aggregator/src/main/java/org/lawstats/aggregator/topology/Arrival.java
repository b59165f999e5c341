package org.lawstats.aggregator.topology;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.lawstats.aggregator.indicators.EventDocument.Writer;

/**
 * One admitted record of an event: its revision and identity, its bytes as they arrived (decoded again where needed,
 * and dead-lettered as they were if a lower revision later proves them invalid), and where it came from.
 *
 * @param authority the unit whose own topic carried it (only that unit's credentials write there, ADR 11), or "" for a
 *     contract topic, which only trusted writers may write (the gateway, integrators an operator grants)
 * @param writer who wrote it as far as the record tells ({@link Writer#of}), null when it does not
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
        long timestamp,
        Writer writer) {

    /** Format 2 added the writer; format 1 (before it) is still read, as written by no one known. */
    static final StateSerde<Arrival> SERDE =
            StateSerde.of(Arrival.class, 2, (arrival, out) -> arrival.write(out), Arrival::read);

    /** An arrival whose writer the record does not tell. */
    Arrival(
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
        this(revision, unitId, type, authority, key, value, topic, partition, offset, timestamp, null);
    }

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
        StateSerde.writeString(out, writer == null ? null : writer.kind());
        StateSerde.writeString(out, writer == null ? null : writer.name());
    }

    static Arrival read(DataInputStream in, int format) throws IOException {
        long revision = in.readLong();
        String unitId = StateSerde.readString(in);
        String type = StateSerde.readString(in);
        String authority = StateSerde.readString(in);
        byte[] key = StateSerde.readBytes(in);
        byte[] value = StateSerde.readBytes(in);
        String topic = StateSerde.readString(in);
        int partition = in.readInt();
        long offset = in.readLong();
        long timestamp = in.readLong();
        Writer writer = null;
        if (format >= 2) {
            String kind = StateSerde.readString(in);
            String name = StateSerde.readString(in);
            writer = kind == null ? null : new Writer(kind, name);
        }
        return new Arrival(revision, unitId, type, authority, key, value, topic, partition, offset, timestamp, writer);
    }

    /** Whether this is the same revision of the same identity (its bytes are then the same event, or a duplicate). */
    boolean sameAs(Arrival other) {
        return other != null && revision == other.revision && unitId.equals(other.unitId) && type.equals(other.type);
    }
}
