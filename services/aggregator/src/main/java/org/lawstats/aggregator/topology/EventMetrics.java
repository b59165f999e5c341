package org.lawstats.aggregator.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lawstats.contract.Topics;
import org.springframework.stereotype.Component;

/**
 * The events' own counters, on /actuator/prometheus as {@code lawstats_events_consumed_total} and
 * {@code lawstats_events_dead_lettered_total}. Each counter is looked up once per set of tags, not built per record.
 */
@Component
public class EventMetrics {
    private final MeterRegistry registry;
    private final Map<List<String>, Counter> consumed = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void consumed(String topic, String type, String outcome) {
        // The unit topics as one tag, so that the number of series does not grow with the units.
        String tag = topic.startsWith(Topics.UNIT_PREFIX) ? Topics.UNIT_PREFIX + "*" : topic;
        consumed.computeIfAbsent(
                        List.of(tag, type, outcome),
                        tags -> Counter.builder("lawstats.events.consumed")
                                .description("Records consumed, by topic, event type and outcome (valid or invalid)")
                                .tags("topic", tag, "type", type, "outcome", outcome)
                                .register(registry))
                .increment();
    }

    /** One record sent to the dead-letter topic for this reason (by the topology or by the search feed). */
    public void deadLettered(String reason) {
        deadLettered
                .computeIfAbsent(
                        reason,
                        r -> Counter.builder("lawstats.events.dead_lettered")
                                .description("Records sent to the dead-letter topic, by reason")
                                .tags("reason", r)
                                .register(registry))
                .increment();
    }
}
