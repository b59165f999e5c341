package org.lawstats.aggregator.deadlines;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The legal time limits in Elasticsearch (ADR 16), one document per matter, stored by the search feed from the case
 * and request records. A status is a range on the stored due date and outcome, relative to the day asked about: the
 * store never holds a status that the passing of a day would make wrong.
 */
@Component
public class DeadlineStore {
    /** Elasticsearch's default result window: a page beyond it is refused, the filters narrow the list. */
    public static final int MAX_WINDOW = 10_000;

    private final ElasticsearchClient client;
    private final String alias;

    // Spring's; the private one binds the same reads to another basis (a locked period's copies).
    @Autowired
    DeadlineStore(ElasticsearchClient client, EventIndexInitializer index) {
        this(client, index.deadlinesAlias());
    }

    private DeadlineStore(ElasticsearchClient client, String alias) {
        this.client = client;
        this.alias = alias;
    }

    /** The same store over another index of time limits (a locked period's copy), for reading. */
    public DeadlineStore over(String index) {
        return new DeadlineStore(client, index);
    }

    /**
     * What to list: the units (a subtree), a kind and a status or null for all, due dates within [dueFrom, dueTo]
     * (either null: open), on {@code today} with DUE_SOON up to {@code soonUntil}.
     */
    public record Query(
            List<String> units,
            DeadlineRule.Kind kind,
            Deadline.Status status,
            LocalDate dueFrom,
            LocalDate dueTo,
            LocalDate today,
            LocalDate soonUntil,
            int page,
            int size) {}

    /** A page of time limits, soonest due first (those without a due date last), and how many there are in all. */
    public record Page(long total, List<Deadline> items) {}

    public Page search(Query query) {
        co.elastic.clients.elasticsearch._types.query_dsl.Query filter =
                co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.bool(b -> {
                    b.filter(f -> f.terms(t -> t.field("unitId")
                            .terms(v -> v.value(
                                    query.units().stream().map(FieldValue::of).toList()))));
                    if (query.kind() != null) {
                        b.filter(f ->
                                f.term(t -> t.field("kind").value(query.kind().name())));
                    }
                    if (query.dueFrom() != null || query.dueTo() != null) {
                        b.filter(f -> f.range(r -> r.date(d -> {
                            d.field("dueOn");
                            if (query.dueFrom() != null) {
                                d.gte(query.dueFrom().toString());
                            }
                            if (query.dueTo() != null) {
                                d.lte(query.dueTo().toString());
                            }
                            return d;
                        })));
                    }
                    if (query.status() != null) {
                        status(b, query.status(), query.today(), query.soonUntil());
                    }
                    return b;
                }));
        // The caller keeps page and size within MAX_WINDOW (the API answers 400 beyond it).
        long from = (long) query.page() * query.size();
        List<SortOptions> sort = List.of(
                SortOptions.of(
                        s -> s.field(f -> f.field("dueOn").order(SortOrder.Asc).missing("_last"))),
                SortOptions.of(s -> s.field(f -> f.field("startedOn").order(SortOrder.Asc))),
                SortOptions.of(s -> s.field(f -> f.field("unitId").order(SortOrder.Asc))),
                SortOptions.of(s -> s.field(f -> f.field("ref").order(SortOrder.Asc))));
        return page(SearchRequest.of(s -> s.index(alias)
                .query(filter)
                .sort(sort)
                .from((int) from)
                .size(query.size())
                .trackTotalHits(t -> t.enabled(true))));
    }

    /**
     * The matters not met whose due date lies within [dueFrom, dueTo], in all units, soonest due first: at most
     * {@link #MAX_WINDOW}, and how many there are in all.
     */
    public Page unmetDue(LocalDate dueFrom, LocalDate dueTo) {
        co.elastic.clients.elasticsearch._types.query_dsl.Query unmet =
                co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q ->
                        q.bool(b -> b.mustNot(n -> n.exists(e -> e.field("outcome")))
                                .filter(f -> f.range(r -> r.date(d ->
                                        d.field("dueOn").gte(dueFrom.toString()).lte(dueTo.toString()))))));
        return page(SearchRequest.of(s -> s.index(alias)
                .query(unmet)
                .sort(o -> o.field(f -> f.field("dueOn").order(SortOrder.Asc)))
                .size(MAX_WINDOW)
                .trackTotalHits(t -> t.enabled(true))));
    }

    /**
     * How many matters of this kind, in these units, started on a day within [startedFrom, startedBefore), had passed
     * their time limit on {@code today} without being met by its last day: MISSED or OVERDUE ({@code disclosure
     * .overdue}, api.md).
     */
    public long countPastDue(
            List<String> units,
            DeadlineRule.Kind kind,
            LocalDate startedFrom,
            LocalDate startedBefore,
            LocalDate today) {
        try {
            return client.count(c -> c.index(alias).query(pastDue(units, kind, startedFrom, startedBefore, today)))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page of the matters {@link #countPastDue} counts, the earliest started first, and how many there are. */
    public Page pastDue(
            List<String> units,
            DeadlineRule.Kind kind,
            LocalDate startedFrom,
            LocalDate startedBefore,
            LocalDate today,
            int page,
            int size) {
        return page(SearchRequest.of(s -> s.index(alias)
                .query(pastDue(units, kind, startedFrom, startedBefore, today))
                .sort(
                        SortOptions.of(o -> o.field(f -> f.field("startedOn").order(SortOrder.Asc))),
                        SortOptions.of(o -> o.field(f -> f.field("unitId").order(SortOrder.Asc))),
                        SortOptions.of(o -> o.field(f -> f.field("ref").order(SortOrder.Asc))))
                .from(page * size)
                .size(size)
                .trackTotalHits(t -> t.enabled(true))));
    }

    private static co.elastic.clients.elasticsearch._types.query_dsl.Query pastDue(
            List<String> units,
            DeadlineRule.Kind kind,
            LocalDate startedFrom,
            LocalDate startedBefore,
            LocalDate today) {
        return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q ->
                q.bool(b -> b.filter(f -> f.terms(t -> t.field("unitId")
                                .terms(v -> v.value(
                                        units.stream().map(FieldValue::of).toList()))))
                        .filter(f -> f.term(t -> t.field("kind").value(kind.name())))
                        .filter(f -> f.range(r -> r.date(d ->
                                d.field("startedOn").gte(startedFrom.toString()).lt(startedBefore.toString()))))
                        .filter(f -> f.bool(o -> o.should(s -> s.bool(m -> {
                                    status(m, Deadline.Status.MISSED, today, today);
                                    return m;
                                }))
                                .should(s -> s.bool(m -> {
                                    status(m, Deadline.Status.OVERDUE, today, today);
                                    return m;
                                }))
                                .minimumShouldMatch("1")))));
    }

    /** The status as ranges, as {@link Deadline#status} decides it. */
    private static void status(BoolQuery.Builder b, Deadline.Status status, LocalDate today, LocalDate soonUntil) {
        switch (status) {
            case MET, MISSED -> b.filter(f -> f.term(t -> t.field("outcome").value(status.name())));
            case OVERDUE -> {
                b.mustNot(n -> n.exists(e -> e.field("outcome")));
                b.filter(f -> f.range(r -> r.date(d -> d.field("dueOn").lt(today.toString()))));
            }
            case DUE_SOON -> {
                b.mustNot(n -> n.exists(e -> e.field("outcome")));
                b.filter(f -> f.range(
                        r -> r.date(d -> d.field("dueOn").gte(today.toString()).lte(soonUntil.toString()))));
            }
            case OPEN -> {
                b.mustNot(n -> n.exists(e -> e.field("outcome")));
                b.filter(f -> f.bool(o -> o.should(s ->
                                s.range(r -> r.date(d -> d.field("dueOn").gt(soonUntil.toString()))))
                        .should(s -> s.bool(n -> n.mustNot(m -> m.exists(e -> e.field("dueOn")))))
                        .minimumShouldMatch("1")));
            }
        }
    }

    /** A search's hits as deadlines, and how many match in all. */
    private Page page(SearchRequest request) {
        try {
            SearchResponse<DeadlineDocument> response = client.search(request, DeadlineDocument.class);
            List<Deadline> items = response.hits().hits().stream()
                    .map(Hit::source)
                    .map(DeadlineDocument::deadline)
                    .toList();
            long total = response.hits().total() == null
                    ? items.size()
                    : response.hits().total().value();
            return new Page(total, items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
