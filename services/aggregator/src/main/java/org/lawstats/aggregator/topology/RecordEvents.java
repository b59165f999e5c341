package org.lawstats.aggregator.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.lawstats.contract.EventCodec;
import tools.jackson.databind.JsonNode;

/**
 * Step 4d, after the hop to the record: a case's or a request's events, each event's counted revision, under the
 * record it names now (a revision that moves an event to another record takes it out of the old one). Each change is
 * the record's next version, its events as JSON; a record left without events has none (its store deletes it at that
 * version, which a tombstone could not carry).
 */
final class RecordEvents implements Processor<String, RecordEvents.RecordDelta, String, byte[]> {
    private static final EventCodec CODEC = EventCodec.strict();

    /** An event entering a case or request record (its counted revision's bytes) or leaving it (value null). */
    record RecordDelta(String eventId, byte[] value) {
        static final StateSerde<RecordDelta> SERDE = StateSerde.of(
                RecordDelta.class,
                (delta, out) -> {
                    StateSerde.writeString(out, delta.eventId());
                    StateSerde.writeBytes(out, delta.value());
                },
                in -> new RecordDelta(StateSerde.readString(in), StateSerde.readBytes(in)));
    }

    /** A case or request record's events (eventId to bytes) and how many times it changed (its version). */
    record RecordState(long version, Map<String, byte[]> events) {
        static final StateSerde<RecordState> SERDE = StateSerde.of(
                RecordState.class,
                (state, out) -> {
                    out.writeLong(state.version());
                    out.writeInt(state.events().size());
                    for (var event : state.events().entrySet()) {
                        StateSerde.writeString(out, event.getKey());
                        StateSerde.writeBytes(out, event.getValue());
                    }
                },
                in -> {
                    long version = in.readLong();
                    int size = in.readInt();
                    Map<String, byte[]> events = new TreeMap<>();
                    for (int i = 0; i < size; i++) {
                        events.put(StateSerde.readString(in), StateSerde.readBytes(in));
                    }
                    return new RecordState(version, events);
                });

        RecordState {
            events = new TreeMap<>(events);
        }
    }

    private final String storeName;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, RecordState> store;

    RecordEvents(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, RecordDelta> record) {
        RecordState before = Optional.ofNullable(store.get(record.key())).orElse(new RecordState(0, Map.of()));
        Map<String, byte[]> events = new TreeMap<>(before.events());
        RecordDelta delta = record.value();
        if (delta.value() == null) {
            events.remove(delta.eventId());
        } else {
            events.put(delta.eventId(), delta.value());
        }
        RecordState after = new RecordState(before.version() + 1, events);
        store.put(record.key(), after);
        List<JsonNode> held = new ArrayList<>(events.size());
        events.values().forEach(bytes -> held.add(CODEC.mapper().readTree(bytes)));
        context.forward(record.withValue(new Published.Events(after.version(), held).encode()));
    }
}
