package org.lawstats.aggregator.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Writes validated events for a caller, as the gateway, the imports and the forms do: each to its type's topic keyed by
 * its unit, with who may speak for that unit (ADR 15) and who wrote it ({@link Topics#WRITER_HEADER}: the caller's
 * user name, which the aggregation keeps in the event's stored document), acknowledged by all replicas before the
 * answer. Every write is in the audit trail first, with the caller, the unit, how many events and which revisions; a
 * write that cannot be recorded is not made. No unit-bound caller writes an eventId of a unit outside its rights
 * (events.md 1.2, {@link UnitAccess#mayWriteEventId}).
 */
@Component
public class EventWriter {
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

    private final EventCodec codec = EventCodec.strict();
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final UnitAccess access;
    private final UnitRegistry registry;
    private final AuditTrail audit;

    EventWriter(KafkaTemplate<byte[], byte[]> kafka, UnitAccess access, UnitRegistry registry, AuditTrail audit) {
        this.kafka = kafka;
        this.access = access;
        this.registry = registry;
        this.audit = audit;
    }

    /** The events could not all be acknowledged: the caller sends them again (an eventId never counts twice). */
    public static class NotWrittenException extends RuntimeException {
        NotWrittenException(Throwable cause) {
            super(
                    "the events could not be written now; send them again (the same eventIds are never counted twice)",
                    cause);
        }
    }

    /**
     * One write for a caller.
     *
     * @param action what the audit trail calls it ({@code events.write}, {@code import.write}, {@code entry.write},
     *     {@code entry.correct}, {@code entry.withdraw})
     * @param events the events, checked against the contract, the registry and the caller's right to emit
     * @param nodes each event's JSON as it is to travel (the caller's own, unknown extra fields included, for consumers
     *     newer than this one); null for the contract's JSON of each event
     * @param detail the request's parameters worth keeping in the audit trail
     * @param storedIds the eventIds of events the store holds for a unit within the caller's right to emit, which this
     *     write revises under their own id although it breaks the rule of events.md 1.2 (an entry or a ledger row
     *     written before it, ADR 18); any other eventId must be of a unit within the caller's rights
     */
    public record Batch(
            String action,
            List<EventEnvelope> events,
            List<JsonNode> nodes,
            Map<String, String> detail,
            Set<String> storedIds) {
        public Batch {
            events = List.copyOf(events);
            detail = Map.copyOf(detail);
            storedIds = Set.copyOf(storedIds);
        }
    }

    /**
     * Records the write in the audit trail, then writes the events and waits for the broker to have them all.
     *
     * @throws AccessDeniedException when an eventId is not the caller's to write (a caller's bug: the gateway refuses
     *     such an event with a 400 before, imports and forms make the unit's own ids)
     * @throws AuditTrail.AuditUnavailableException when the write could not be recorded: nothing is written
     * @param from the address the write came from, for the audit trail
     * @throws NotWrittenException when the broker did not acknowledge them all
     */
    public void write(Batch batch, LawstatsUser user, String from) {
        List<EventEnvelope> events = batch.events();
        for (EventEnvelope event : events) {
            if (!batch.storedIds().contains(event.eventId()) && !access.mayWriteEventId(user, event.eventId())) {
                throw new AccessDeniedException(
                        "eventId " + event.eventId() + " is not of a unit you may write for; nothing was written");
            }
        }
        List<String> units =
                events.stream().map(EventEnvelope::unitId).distinct().toList();
        String unit = commonUnit(units);
        audit.record(
                user,
                from,
                batch.action(),
                unit,
                units.size() == 1 ? AuditTrail.Scope.UNIT : AuditTrail.Scope.SUBTREE,
                events.size(),
                events.stream().map(e -> e.eventId() + "@" + e.revision()).toList(),
                batch.detail());
        byte[] writer = user.username().getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<?>> sent = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            byte[] value = batch.nodes() == null
                    ? codec.encode(event)
                    : codec.mapper().writeValueAsBytes(batch.nodes().get(i));
            // Keyed by the eventId (events.md 1.2): the aggregation settles it on the partition it lands on.
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(event.type().topic(), event.eventId().getBytes(StandardCharsets.UTF_8), value);
            String authority = access.authority(user, Role.Right.EMIT, event.unitId());
            if (authority != null && !authority.isEmpty()) {
                record.headers().add(Topics.AUTHORITY_HEADER, authority.getBytes(StandardCharsets.UTF_8));
            }
            record.headers().add(Topics.WRITER_HEADER, writer);
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

    /** The lowest unit whose subtree holds all these units (the registry's root for none). */
    private String commonUnit(List<String> units) {
        if (units.isEmpty()) {
            return registry.root().id();
        }
        List<String> common = registry.lineage(units.get(0));
        for (String unit : units.subList(1, units.size())) {
            List<String> lineage = registry.lineage(unit);
            common = common.stream().filter(lineage::contains).toList();
        }
        return common.isEmpty() ? registry.root().id() : common.get(0);
    }
}
