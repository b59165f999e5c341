package org.lawstats.aggregator.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.lawstats.aggregator.indicators.EventDocument.Writer;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Topics;

/**
 * Step 1: every record of the event topics is admitted ({@link EventAdmission}, the contract's one decode) or becomes
 * a dead letter with its reason. An admitted record says whether it already sits on the partition that settles its
 * eventId's identity ({@link EventTopology#partitionOf}): then it is settled in this very task, with the event as
 * decoded here.
 */
final class Admit implements Processor<byte[], byte[], byte[], Admit.Admitted> {
    /** What admission makes of a record: an arrival to count, or a dead letter. */
    sealed interface Admitted {}

    /** An admitted arrival, and whether it sits on the partition its eventId's identity is settled in. */
    record Valid(String eventId, Arriving arriving, boolean inPlace) implements Admitted {}

    /** A record that is not a valid event here: its bytes, with the dead letter's headers on the record. */
    record Dead(byte[] value) implements Admitted {}

    /**
     * An arrival on its way to its identity, with the event as admission decoded it while it stays in memory (in
     * place); after the hop through {@code by-event} only the arrival is read back, and its event decoded again.
     */
    record Arriving(Arrival arrival, EventEnvelope event) {
        static final Serde<Arriving> SERDE = Serdes.serdeFrom(
                (topic, arriving) -> Arrival.SERDE.serializer().serialize(topic, arriving.arrival()),
                (topic, bytes) -> new Arriving(Arrival.SERDE.deserializer().deserialize(topic, bytes), null));
    }

    private final EventAdmission admission;
    private final EventMetrics metrics;
    private final int partitions;
    private ProcessorContext<byte[], Admitted> context;

    Admit(EventAdmission admission, EventMetrics metrics, int partitions) {
        this.admission = admission;
        this.metrics = metrics;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<byte[], Admitted> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        var origin = context.recordMetadata().orElseThrow();
        switch (admission.admit(origin.topic(), record.value())) {
            case EventCodec.Decoded.Valid valid -> {
                EventEnvelope event = valid.event();
                metrics.consumed(origin.topic(), event.type().wireName(), "valid");
                Arrival arrival = new Arrival(
                        event.revision(),
                        event.unitId(),
                        event.type().wireName(),
                        authority(origin.topic(), record.headers()),
                        record.key(),
                        record.value(),
                        origin.topic(),
                        origin.partition(),
                        origin.offset(),
                        record.timestamp(),
                        Writer.of(origin.topic(), record.headers()));
                boolean inPlace = origin.partition() == EventTopology.partitionOf(event.eventId(), partitions);
                context.forward(record.withValue(new Valid(event.eventId(), new Arriving(arrival, event), inPlace)));
            }
            case EventCodec.Decoded.Invalid invalid -> {
                metrics.consumed(origin.topic(), "unknown", "invalid");
                metrics.deadLettered(invalid.rejection().reason().code());
                context.forward(record.withValue((Admitted) new Dead(record.value()))
                        .withHeaders(DeadLetters.headers(
                                record.headers(),
                                invalid.rejection(),
                                origin.topic(),
                                origin.partition(),
                                origin.offset())));
            }
        }
    }

    /** Who wrote the record, as far as the topic and the gateway's header tell (see {@link Arrival#authority}). */
    private static String authority(String topic, Headers headers) {
        Optional<String> unitTopic = Topics.unitOf(topic);
        if (unitTopic.isPresent()) {
            return unitTopic.get();
        }
        var header = headers.lastHeader(Topics.AUTHORITY_HEADER);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
