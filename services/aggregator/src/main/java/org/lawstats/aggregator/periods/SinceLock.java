package org.lawstats.aggregator.periods;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event revisions written since a lock that touch a figure of it: in its units, written (their record's time)
 * after the lock, and counted by the figure now or when it was locked (a correction that moved an event out of the
 * period, or to another kind, touches the figure it left); for a join, any event of the side it matches.
 */
@Component
class SinceLock {
    /** The most revisions listed per figure: a figure that many revisions touch is explained by its records. */
    static final int MAX = 1_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ElasticsearchClient client;
    private final String events;

    SinceLock(ElasticsearchClient client, EventIndexInitializer index) {
        this.client = client;
        this.events = index.alias();
    }

    /** One revision, with who wrote it when its record tells. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Written(
            String eventId, long revision, String type, String unitId, String writtenAt, Map<String, String> writer) {}

    List<Written> touching(Period period, PeriodStore.Lock lock, List<String> units, Indicator indicator) {
        List<Indicator.Base> bases = basesOf(indicator);
        Set<String> otherSides = new HashSet<>();
        bases.forEach(
                base -> base.join().ifPresent(join -> otherSides.add(join.type().wireName())));
        List<FieldValue> types = typesOf(indicator).stream().map(FieldValue::of).toList();
        List<FieldValue> subtree = units.stream().map(FieldValue::of).toList();
        List<JsonNode> written = search(
                events,
                b -> b.filter(f ->
                                f.range(r -> r.date(d -> d.field("ingestedAt").gt(lock.lockedAt()))))
                        .filter(f -> f.terms(t -> t.field("unitId").terms(v -> v.value(subtree))))
                        .filter(f -> f.terms(t -> t.field("type").terms(v -> v.value(types)))));
        Map<String, JsonNode> then = new HashMap<>();
        if (!written.isEmpty()) {
            List<FieldValue> ids = written.stream()
                    .map(event -> FieldValue.of(event.path("eventId").asString()))
                    .toList();
            search(
                            lock.made().eventsIndex(),
                            b -> b.filter(f -> f.terms(t -> t.field("eventId").terms(v -> v.value(ids)))))
                    .forEach(before -> then.put(before.path("eventId").asString(), before));
        }
        List<Written> touching = new ArrayList<>();
        for (JsonNode event : written) {
            String id = event.path("eventId").asString();
            boolean countsNow = counted(period, bases, event)
                    || otherSides.contains(event.path("type").asString());
            boolean countedThen = then.containsKey(id) && counted(period, bases, then.get(id));
            if (countsNow || countedThen) {
                JsonNode writer = event.path("writer");
                touching.add(new Written(
                        id,
                        event.path("revision").asLong(1),
                        event.path("type").asString(),
                        event.path("unitId").asString(),
                        event.path("ingestedAt").asString(),
                        writer.isObject()
                                ? Map.of(
                                        "kind", writer.path("kind").asString(),
                                        "name", writer.path("name").asString())
                                : null));
            }
        }
        return touching;
    }

    /** Whether one of the bases counts the stored event in the period (withdrawn events count nowhere). */
    private static boolean counted(Period period, List<Indicator.Base> bases, JsonNode event) {
        return !event.path("retracted").asBoolean(false)
                && period.contains(OffsetDateTime.parse(event.path("occurredAt").asString())
                        .toInstant())
                && bases.stream().anyMatch(base -> base.counts(event));
    }

    private static List<Indicator.Base> basesOf(Indicator indicator) {
        return switch (indicator) {
            case Indicator.Rate rate -> List.of(rate.numerator(), rate.denominator());
            case Indicator.Base base -> List.of(base);
        };
    }

    /** The event types a figure counts or matches against. */
    static Set<String> typesOf(Indicator indicator) {
        Set<String> types = new LinkedHashSet<>();
        for (Indicator.Base base : basesOf(indicator)) {
            types.add(base.type().wireName());
            base.join().ifPresent(join -> types.add(join.type().wireName()));
        }
        return types;
    }

    private List<JsonNode> search(String index, UnaryOperator<BoolQuery.Builder> filters) {
        try {
            return client
                    .search(
                            s -> s.index(index)
                                    .size(MAX)
                                    .query(q -> q.bool(b -> filters.apply(b)))
                                    .sort(o ->
                                            o.field(f -> f.field("ingestedAt").order(SortOrder.Asc))),
                            JsonData.class)
                    .hits()
                    .hits()
                    .stream()
                    .map(Hit::source)
                    .map(source -> JSON.readTree(source.toJson().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
