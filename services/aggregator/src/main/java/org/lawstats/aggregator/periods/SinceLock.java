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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
 * The event revisions written since a lock that touch a figure of it: of the figure's event types, in its units,
 * written (their record's time) after the lock, and either in the period now or counted in it when it was locked (a
 * correction that moved an event out of the period touches the figure it left).
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
        List<FieldValue> types = typesOf(indicator).stream().map(FieldValue::of).toList();
        List<FieldValue> subtree = units.stream().map(FieldValue::of).toList();
        List<JsonNode> written = search(
                events,
                b -> b.filter(f ->
                                f.range(r -> r.date(d -> d.field("ingestedAt").gt(lock.lockedAt()))))
                        .filter(f -> f.terms(t -> t.field("unitId").terms(v -> v.value(subtree))))
                        .filter(f -> f.terms(t -> t.field("type").terms(v -> v.value(types)))));
        Set<String> outside = new HashSet<>();
        for (JsonNode event : written) {
            if (!inPeriod(period, event)) {
                outside.add(event.path("eventId").asString());
            }
        }
        Set<String> countedThen = new HashSet<>();
        if (!outside.isEmpty()) {
            List<FieldValue> ids = outside.stream().map(FieldValue::of).toList();
            String from = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.from());
            String to = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(period.to());
            for (JsonNode then : search(
                    lock.eventsIndex(),
                    b -> b.filter(f -> f.terms(t -> t.field("eventId").terms(v -> v.value(ids))))
                            .filter(f -> f.terms(t -> t.field("unitId").terms(v -> v.value(subtree))))
                            .filter(f -> f.range(r ->
                                    r.date(d -> d.field("occurredAt").gte(from).lt(to)))))) {
                countedThen.add(then.path("eventId").asString());
            }
        }
        List<Written> touching = new ArrayList<>();
        for (JsonNode event : written) {
            String id = event.path("eventId").asString();
            if (!outside.contains(id) || countedThen.contains(id)) {
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

    private static boolean inPeriod(Period period, JsonNode event) {
        OffsetDateTime at = OffsetDateTime.parse(event.path("occurredAt").asString());
        return !at.toInstant().isBefore(period.from().toInstant())
                && at.toInstant().isBefore(period.to().toInstant());
    }

    /** The event types a figure counts or matches against. */
    static Set<String> typesOf(Indicator indicator) {
        Set<String> types = new LinkedHashSet<>();
        switch (indicator) {
            case Indicator.Rate rate -> {
                types.addAll(typesOf(rate.numerator()));
                types.addAll(typesOf(rate.denominator()));
            }
            case Indicator.Unmatched unmatched -> {
                types.add(unmatched.type().wireName());
                types.add(unmatched.match().type().wireName());
            }
            case Indicator.Matched matched -> {
                types.add(matched.type().wireName());
                types.add(matched.match().type().wireName());
            }
            case Indicator.Base base -> types.add(base.type().wireName());
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
