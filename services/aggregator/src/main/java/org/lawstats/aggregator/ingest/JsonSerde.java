package org.lawstats.aggregator.ingest;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.json.JsonMapper;

/** The topology's own state and internal records as JSON: readable in a changelog, and no Java class on the wire. */
final class JsonSerde<T> implements Serde<T> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Class<T> type;

    private JsonSerde(Class<T> type) {
        this.type = type;
    }

    static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : JSON.writeValueAsBytes(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : JSON.readValue(bytes, type);
    }
}
