package org.lawstats.aggregator.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Writes validated events for a caller, as the gateway and the imports do: each to its type's topic keyed by its unit,
 * with who may speak for that unit (ADR 15), acknowledged by all replicas before the answer.
 */
@Component
class EventWriter {
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

    private final EventCodec codec = EventCodec.strict();
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final UnitAccess access;

    EventWriter(KafkaTemplate<byte[], byte[]> kafka, UnitAccess access) {
        this.kafka = kafka;
        this.access = access;
    }

    /** The events could not all be acknowledged: the caller sends them again (an eventId never counts twice). */
    static class NotWrittenException extends RuntimeException {
        NotWrittenException(Throwable cause) {
            super(
                    "the events could not be written now; send them again (the same eventIds are never counted twice)",
                    cause);
        }
    }

    /**
     * Writes the events; {@code nodes} holds each one's JSON as it is to travel (the caller's own, unknown extra
     * fields included, for consumers newer than this one), null for the contract's JSON of the event.
     */
    void write(List<EventEnvelope> events, List<JsonNode> nodes, LawstatsUser user) {
        List<CompletableFuture<?>> sent = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            byte[] value = nodes == null ? codec.encode(event) : codec.mapper().writeValueAsBytes(nodes.get(i));
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(event.type().topic(), event.unitId().getBytes(StandardCharsets.UTF_8), value);
            String authority = access.authority(user, Role.Right.EMIT, event.unitId());
            if (authority != null && !authority.isEmpty()) {
                record.headers().add(Topics.AUTHORITY_HEADER, authority.getBytes(StandardCharsets.UTF_8));
            }
            sent.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotWrittenException(e);
        } catch (Exception e) {
            log.warn("could not write {} events to Kafka: {}", events.size(), e.toString());
            throw new NotWrittenException(e);
        }
    }
}
