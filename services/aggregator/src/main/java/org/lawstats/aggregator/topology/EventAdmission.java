package org.lawstats.aggregator.topology;

import java.util.Optional;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventIds;
import org.lawstats.contract.Rejection;
import org.lawstats.contract.Topics;

/**
 * Whether a record of an event topic is a valid event there: the contract's decoding, a unit of the registry, the
 * type's topic, and on a unit's own topic (ADR 11) only events of that unit's subtree, under eventIds of that subtree
 * (events.md 1.2, {@link EventIds}). The contract topics are written by the aggregator's gateway, which applies the
 * eventId rule to its unit-bound writers before it writes, and by writers trusted with every unit. The one check of every record,
 * whichever path consumes it; what it cannot know alone (an eventId's identity across revisions) is checked where the
 * revisions meet.
 */
final class EventAdmission {
    private final EventCodec codec = EventCodec.strict();
    private final UnitRegistry registry;

    EventAdmission(UnitRegistry registry) {
        this.registry = registry;
    }

    /** The record of this topic decoded, and checked against the registry and the topic's rules. */
    EventCodec.Decoded admit(String topic, byte[] value) {
        EventCodec.Decoded decoded = codec.decode(value);
        if (!(decoded instanceof EventCodec.Decoded.Valid valid)) {
            return decoded;
        }
        EventEnvelope event = valid.event();
        boolean unitTopic = topic.startsWith(Topics.UNIT_PREFIX);
        if (!unitTopic && !event.type().topic().equals(topic)) {
            return invalid(
                    event,
                    Rejection.Reason.WRONG_TOPIC,
                    "type",
                    event.type().wireName() + " belongs on " + event.type().topic() + ", not " + topic);
        }
        Optional<String> topicUnit = unitTopic ? Topics.unitOf(topic) : Optional.empty();
        if (unitTopic && (topicUnit.isEmpty() || !registry.contains(topicUnit.get()))) {
            return invalid(
                    event,
                    Rejection.Reason.UNIT_NOT_PERMITTED,
                    "unitId",
                    topic + " is the topic of no unit of the registry"
                            + topicUnit.map(unit -> " (it names " + unit + ")").orElse(""));
        }
        if (!registry.contains(event.unitId())) {
            return invalid(
                    event,
                    Rejection.Reason.UNKNOWN_UNIT,
                    "unitId",
                    "'" + event.unitId() + "' is not a unit of the registry");
        }
        if (unitTopic && !registry.covers(topicUnit.get(), event.unitId())) {
            return invalid(
                    event,
                    Rejection.Reason.UNIT_NOT_PERMITTED,
                    "unitId",
                    "'" + event.unitId() + "' is outside the subtree of " + topicUnit.get() + ", whose own topic "
                            + topic + " carries only its own events and those of the units below it");
        }
        if (unitTopic
                && !EventIds.mayWrite(
                        event.eventId(), registry::contains, unit -> registry.covers(topicUnit.get(), unit))) {
            // events.md 1.2: otherwise a unit could claim another unit's eventId and make that event count nowhere.
            return invalid(
                    event,
                    Rejection.Reason.FOREIGN_EVENT_ID,
                    "eventId",
                    "'" + event.eventId() + "' does not begin with the id of a unit of the subtree of "
                            + topicUnit.get() + " followed by ':' (as " + topicUnit.get() + ":...); " + topic
                            + " writes only the eventIds of that subtree");
        }
        return decoded;
    }

    private static EventCodec.Decoded invalid(
            EventEnvelope event, Rejection.Reason reason, String field, String message) {
        return new EventCodec.Decoded.Invalid(Rejection.of(reason, field, message), Optional.of(event.eventId()));
    }
}
