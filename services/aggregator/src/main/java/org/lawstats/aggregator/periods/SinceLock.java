package org.lawstats.aggregator.periods;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
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
import java.util.stream.Collectors;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event revisions written since a lock that touch a figure of it: in its units, written (their record's time)
 * after the lock, and counted by the figure now or when it was locked (a correction that moved an event out of the
 * period, or to another kind, touches the figure it left); for a join, any event of the side it matches. They are read
 * once for a changes answer, in two searches, whatever the number of units and figures it lists.
 */
@Component
class SinceLock {
    /**
     * The most revisions read since a lock (Elasticsearch's result window): beyond them, the oldest are listed and the
     * figures, which are evaluated, say the rest.
     */
    static final int MAX = 10_000;

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

    /**
     * What was written in a lock's subtree since it: the latest revisions (oldest first) and, by event id, the
     * revisions the lock holds of them.
     */
    record Since(List<JsonNode> written, Map<String, JsonNode> then) {
        /** Whether every revision written since the lock was read (not {@link #MAX} of more). */
        boolean complete() {
            return written.size() < MAX;
        }

        /** The units with a revision written since the lock (of those read). */
        Set<String> units() {
            Set<String> units = new HashSet<>();
            written.forEach(event -> units.add(event.path("unitId").asString()));
            return units;
        }
    }

    Since since(PeriodStore.Lock lock, List<String> subtree) {
        List<FieldValue> units = subtree.stream().map(FieldValue::of).toList();
        List<JsonNode> written = search(
                events,
                b -> b.filter(f ->
                                f.range(r -> r.date(d -> d.field("ingestedAt").gt(lock.lockedAt()))))
                        .filter(f -> f.terms(t -> t.field("unitId").terms(v -> v.value(units)))));
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
        return new Since(written, then);
    }

    /**
     * The units with a time limit in the lock's copy still running on the lock's day: the passing of days alone may
     * make them overdue since, where no revision is written.
     */
    Set<String> runningPastTheLock(PeriodStore.Lock lock, int units) {
        Query dueAfter = Query.of(q -> q.range(r -> r.date(d -> d.field("dueOn").gt(lock.day()))));
        Query metBy = Query.of(q -> q.range(r -> r.date(d -> d.field("metOn").lte(lock.day()))));
        try {
            return client
                    .search(
                            s -> s.index(lock.made().deadlinesIndex())
                                    .size(0)
                                    .query(q -> q.bool(b -> b.filter(dueAfter).mustNot(metBy)))
                                    .aggregations(
                                            "units",
                                            a -> a.terms(t -> t.field("unitId").size(Math.max(1, units)))),
                            Void.class)
                    .aggregations()
                    .get("units")
                    .sterms()
                    .buckets()
                    .array()
                    .stream()
                    .map(bucket -> bucket.key().stringValue())
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The revisions of {@code since} in {@code units} that the indicator's figure counts now or counted at the lock. */
    List<Written> touching(Since since, Period period, Set<String> units, Indicator indicator) {
        List<Indicator.Base> bases = basesOf(indicator);
        Set<String> types = typesOf(indicator);
        Set<String> otherSides = new HashSet<>();
        bases.forEach(
                base -> base.join().ifPresent(join -> otherSides.add(join.type().wireName())));
        List<Written> touching = new ArrayList<>();
        for (JsonNode event : since.written()) {
            String type = event.path("type").asString();
            if (!units.contains(event.path("unitId").asString()) || !types.contains(type)) {
                continue;
            }
            String id = event.path("eventId").asString();
            boolean countsNow = counted(period, bases, event) || otherSides.contains(type);
            JsonNode before = since.then().get(id);
            boolean countedThen = before != null && counted(period, bases, before);
            if (countsNow || countedThen) {
                JsonNode writer = event.path("writer");
                touching.add(new Written(
                        id,
                        event.path("revision").asLong(1),
                        type,
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
