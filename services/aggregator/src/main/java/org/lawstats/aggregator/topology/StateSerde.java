package org.lawstats.aggregator.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The topology's own state and internal records, written field by field by each record type's codec: no Java class on
 * the wire, and none of the reflection a mapper needs. Jackson's record binding was a fifth of the aggregation
 * thread's time in the profile (a method handle spread per record, every map key canonicalized; docs/benchmarks.md,
 * issue 14). A record starts with its format's byte; records written as JSON before (a changelog restored after an
 * upgrade) start with '{' and are still read.
 */
final class StateSerde<T> implements Serde<T> {
    private static final byte FIRST_FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Writes a value's fields. */
    interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    /** Reads them back, in the same order. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** Reads them back as a format of this type wrote them: the current one, or an earlier one. */
    interface FormatReader<T> {
        T read(DataInputStream in, int format) throws IOException;
    }

    private final Class<T> type;
    private final byte format;
    private final Writer<T> writer;
    private final FormatReader<T> reader;

    private StateSerde(Class<T> type, int format, Writer<T> writer, FormatReader<T> reader) {
        this.type = type;
        this.format = (byte) format;
        this.writer = writer;
        this.reader = reader;
    }

    static <T> StateSerde<T> of(Class<T> type, Writer<T> writer, Reader<T> reader) {
        return new StateSerde<>(type, FIRST_FORMAT, writer, (in, format) -> reader.read(in));
    }

    /**
     * A type whose fields changed: it writes {@code format} (above 1), and reads that one and every earlier one, so
     * that a changelog written by an earlier build is still restored after an upgrade.
     */
    static <T> StateSerde<T> of(Class<T> type, int format, Writer<T> writer, FormatReader<T> reader) {
        if (format <= FIRST_FORMAT || format >= '{') {
            throw new IllegalArgumentException("a changed format is numbered 2 and up: " + format);
        }
        return new StateSerde<>(type, format, writer, reader);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : write(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    byte[] write(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(format);
            writer.write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    T read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return JSON.readValue(bytes, type);
        }
        if (bytes.length == 0 || bytes[0] < FIRST_FORMAT || bytes[0] > format) {
            throw new SerializationException("not a record of the aggregation's state: " + type.getSimpleName());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            return reader.read(in, bytes[0]);
        } catch (IOException e) {
            throw new SerializationException("a truncated record of the aggregation's state: " + type.getSimpleName());
        }
    }

    // ---- the fields' encodings, shared by the codecs -------------------------------------------------------------

    static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }

    static void writeInts(DataOutputStream out, Map<String, Integer> values) throws IOException {
        out.writeInt(values.size());
        for (var entry : values.entrySet()) {
            writeString(out, entry.getKey());
            out.writeInt(entry.getValue());
        }
    }

    static Map<String, Integer> readInts(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, Integer> values = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            values.put(readString(in), in.readInt());
        }
        return values;
    }
}
