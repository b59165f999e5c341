package org.lawstats.aggregator.indicators;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.deadlines.DeadlineStore;
import org.lawstats.aggregator.deadlines.Deadlines;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.web.LimitExceededException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The records behind a figure (api.md {@code /api/v1/stats/records}), from the same definitions and the same scope as
 * the figure itself, so that their number is the figure: the counted events of a count or a sum, one item per value
 * of a distinct count (a person and that person's counted events), the requests of a join (the receipts no reply
 * matches), the matters of an overdue count. A rate has two lists, its numerator's and its denominator's.
 */
@Service
public class FigureRecords {
    /** The most items one page may reach into: Elasticsearch's default window, and more than anyone reads. */
    public static final int MAX_WINDOW = 10_000;

    private static final int EXPORT_PAGE = 1_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ElasticsearchClient client;
    private final String alias;
    private final SearchEvaluation search;
    private final DeadlineStore deadlines;
    private final Deadlines days;
    private final Supplier<LocalDate> today;
    private final int maxExportRows;

    // Spring's; the private one binds the same reads to another basis (a locked period's copies).
    @Autowired
    FigureRecords(
            ElasticsearchClient client,
            EventIndexInitializer index,
            SearchEvaluation search,
            DeadlineStore deadlines,
            Deadlines days,
            RecordsProperties properties) {
        this(client, index.alias(), search, deadlines, days, days::today, properties.maxExportRows());
    }

    private FigureRecords(
            ElasticsearchClient client,
            String alias,
            SearchEvaluation search,
            DeadlineStore deadlines,
            Deadlines days,
            Supplier<LocalDate> today,
            int maxExportRows) {
        this.client = client;
        this.alias = alias;
        this.search = search;
        this.deadlines = deadlines;
        this.days = days;
        this.today = today;
        this.maxExportRows = maxExportRows;
    }

    /** The records of every figure as they stand in another basis (a locked period's copies, on its day). */
    public FigureRecords over(Basis basis) {
        return new FigureRecords(
                client,
                basis.events(),
                search.over(basis.events()),
                deadlines.over(basis.deadlines()),
                days,
                basis::today,
                maxExportRows);
    }

    /**
     * More records than one export may hold ({@link RecordsProperties#maxExportRows}): found before the first record
     * is handed out (the figure's number comes first), or, should records arrive during the export, at the first one
     * past the limit.
     */
    public static class TooManyRecordsException extends LimitExceededException {
        TooManyRecordsException(long total, long limit) {
            // How to ask a smaller question.
            super(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "这个数字背后有 " + total + " 条记录，超过一次导出最多 " + limit + " 条的上限：请缩短期间（如按季度或按月导出），"
                            + "或选择更小的单位（或用 scope=self 只导出该单位自己的记录），分几次导出",
                    0);
        }
    }

    /** A page of records and how many there are in all (the figure, or a rate's part). */
    public record Page(long total, List<ObjectNode> items) {}

    /** The indicator whose records a figure has: itself, or a rate's numerator or denominator. */
    public static Indicator.Base base(Indicator indicator, String part) {
        return switch (indicator) {
            case Indicator.Base base -> {
                if (part != null && !part.isBlank()) {
                    throw new IllegalArgumentException(
                            indicator.id() + " is not a rate: it has no part '" + part + "'");
                }
                yield base;
            }
            case Indicator.Rate rate when "numerator".equals(part) -> rate.numerator();
            case Indicator.Rate rate when "denominator".equals(part) -> rate.denominator();
            case Indicator.Rate rate ->
                throw new IllegalArgumentException(
                        indicator.id() + " is a rate: part must be numerator or denominator");
        };
    }

    /** One page (from 0) of the base indicator's records in the period and the units. */
    public Page page(Indicator.Base base, Period period, List<String> units, int page, int size) {
        Query scope = SearchEvaluation.scope(period, units);
        return switch (base) {
            case Indicator.Count count -> events(scope, SearchEvaluation.match(base), page * size, size);
            case Indicator.Sum sum -> events(scope, SearchEvaluation.match(base), page * size, size);
            case Indicator.Distinct distinct ->
                persons(base, distinct.field(), scope, search.distinctValues(distinct, scope), page, size);
            case Indicator.Matched matched ->
                persons(base, matched.field(), scope, List.copyOf(search.matchedValues(matched, scope)), page, size);
            case Indicator.Unmatched unmatched ->
                requests(unmatched, scope, search.unmatchedKeys(unmatched, scope), page, size);
            case Indicator.Overdue overdue -> matters(overdue, period, units, page, size);
        };
    }

    /**
     * Every record, in the page order, a page at a time: what an export writes, at most {@link
     * RecordsProperties#maxExportRows} of them ({@link TooManyRecordsException} before the first otherwise). The join
     * or the distinct values behind a figure are computed once for all the pages.
     */
    public void each(Indicator.Base base, Period period, List<String> units, Consumer<ObjectNode> each) {
        Query scope = SearchEvaluation.scope(period, units);
        Capped capped = new Capped(maxExportRows, each);
        switch (base) {
            // Beyond Elasticsearch's window: search_after on the sort keys; the first page says how many.
            case Indicator.Count count -> eachEvent(scope, SearchEvaluation.match(base), capped);
            case Indicator.Sum sum -> eachEvent(scope, SearchEvaluation.match(base), capped);
            case Indicator.Distinct distinct ->
                eachPerson(base, distinct.field(), scope, search.distinctValues(distinct, scope), capped);
            case Indicator.Matched matched ->
                eachPerson(base, matched.field(), scope, List.copyOf(search.matchedValues(matched, scope)), capped);
            case Indicator.Unmatched unmatched -> {
                Map<List<String>, Long> keys = search.unmatchedKeys(unmatched, scope);
                capped.total(keys.values().stream().mapToLong(Long::longValue).sum());
                pages(page -> requests(unmatched, scope, keys, page, EXPORT_PAGE), capped);
            }
            case Indicator.Overdue overdue -> {
                // The deadlines are paged by from/size: Elasticsearch's window is their export's limit too.
                Capped window = new Capped(Math.min(maxExportRows, MAX_WINDOW), each);
                pages(
                        page -> {
                            Page matters = matters(overdue, period, units, page, EXPORT_PAGE);
                            window.total(matters.total());
                            return matters;
                        },
                        window);
            }
        }
    }

    private void eachPerson(Indicator.Base base, String field, Query scope, List<String> values, Capped capped) {
        capped.total(values.size());
        pages(page -> persons(base, field, scope, values, page, EXPORT_PAGE), capped);
    }

    /** Hands records on up to the limit: refuses a known total past it, and any record past it. */
    private static final class Capped implements Consumer<ObjectNode> {
        private final long limit;
        private final Consumer<ObjectNode> each;
        private long handed;

        Capped(long limit, Consumer<ObjectNode> each) {
            this.limit = limit;
            this.each = each;
        }

        void total(long total) {
            if (total > limit) {
                throw new TooManyRecordsException(total, limit);
            }
        }

        @Override
        public void accept(ObjectNode record) {
            if (++handed > limit) {
                throw new TooManyRecordsException(handed, limit);
            }
            each.accept(record);
        }
    }

    /** Each page's items, from page 0 until a page short of {@link #EXPORT_PAGE}. */
    private static void pages(IntFunction<Page> page, Consumer<ObjectNode> each) {
        for (int number = 0; ; number++) {
            List<ObjectNode> items = page.apply(number).items();
            items.forEach(each);
            if (items.size() < EXPORT_PAGE) {
                return;
            }
        }
    }

    private Page matters(Indicator.Overdue base, Period period, List<String> units, int page, int size) {
        LocalDate today = this.today.get();
        LocalDate soonUntil = days.soonUntil(today);
        DeadlineStore.Page matters = deadlines.pastDue(
                units, base.deadline(), period.from().toLocalDate(), period.to().toLocalDate(), today, page, size);
        return new Page(
                matters.total(),
                matters.items().stream()
                        .map(deadline -> matter(deadline, today, soonUntil))
                        .toList());
    }

    private Page events(Query scope, Query match, int from, int size) {
        SearchResponse<JsonData> response = search(scope, match, from, size, null);
        List<ObjectNode> items =
                response.hits().hits().stream().map(hit -> event(hit.source())).toList();
        return new Page(
                response.hits().total() == null
                        ? items.size()
                        : response.hits().total().value(),
                items);
    }

    /** One item per value, in order: the value and its counted events of the indicator in scope. */
    private Page persons(Indicator.Base base, String field, Query scope, List<String> values, int page, int size) {
        int from = Math.min(values.size(), page * size);
        List<String> shown = values.subList(from, Math.min(values.size(), from + size));
        Map<String, ArrayNode> byValue = new LinkedHashMap<>();
        String name = field.substring(field.lastIndexOf('.') + 1);
        List<ObjectNode> items = new ArrayList<>();
        for (String value : shown) {
            ObjectNode item = JSON.createObjectNode();
            item.put(name, value);
            byValue.put(value, item.putArray("events"));
            items.add(item);
        }
        if (!shown.isEmpty()) {
            Query ofThem = Query.of(q -> q.terms(t -> t.field(field)
                    .terms(v -> v.value(shown.stream().map(FieldValue::of).toList()))));
            Query both = Query.of(
                    q -> q.bool(b -> b.filter(SearchEvaluation.match(base)).filter(ofThem)));
            eachEvent(scope, both, event -> {
                ArrayNode events = byValue.get(Indicator.value(event, field));
                if (events != null) {
                    events.add(event);
                }
            });
        }
        return new Page(values.size(), items);
    }

    /** The receipts (events) whose key no counted reply matches (its join, {@code unmatched}), by key order. */
    private Page requests(
            Indicator.Unmatched base, Query scope, Map<List<String>, Long> unmatched, int page, int size) {
        long total = unmatched.values().stream().mapToLong(Long::longValue).sum();
        List<List<String>> keys = new ArrayList<>(unmatched.keySet());
        int from = Math.min(keys.size(), page * size);
        List<List<String>> shown = keys.subList(from, Math.min(keys.size(), from + size));
        List<ObjectNode> items = new ArrayList<>();
        if (!shown.isEmpty()) {
            List<String> on = base.match().on();
            Set<List<String>> wanted = new HashSet<>(shown);
            Query ofThem = Query.of(q -> q.bool(b -> {
                for (int i = 0; i < on.size(); i++) {
                    int position = i;
                    List<FieldValue> values = shown.stream()
                            .map(key -> FieldValue.of(key.get(position)))
                            .distinct()
                            .toList();
                    b.filter(f -> f.terms(t -> t.field(on.get(position)).terms(v -> v.value(values))));
                }
                return b;
            }));
            Query both = Query.of(
                    q -> q.bool(b -> b.filter(SearchEvaluation.match(base)).filter(ofThem)));
            eachEvent(scope, both, event -> {
                List<String> key = new ArrayList<>();
                on.forEach(field -> key.add(Indicator.value(event, field)));
                if (wanted.contains(key)) {
                    items.add(event);
                }
            });
        }
        return new Page(total, items);
    }

    private void eachEvent(Query scope, Query match, Consumer<ObjectNode> each) {
        List<FieldValue> after = null;
        while (true) {
            SearchResponse<JsonData> response = search(scope, match, 0, EXPORT_PAGE, after);
            if (after == null
                    && each instanceof Capped capped
                    && response.hits().total() != null) {
                capped.total(response.hits().total().value());
            }
            List<Hit<JsonData>> hits = response.hits().hits();
            hits.forEach(hit -> each.accept(event(hit.source())));
            if (hits.size() < EXPORT_PAGE) {
                return;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    private SearchResponse<JsonData> search(Query scope, Query match, int from, int size, List<FieldValue> after) {
        Query both = Query.of(q -> q.bool(b -> b.filter(scope).filter(match)));
        try {
            return client.search(
                    s -> {
                        s.index(alias)
                                .query(both)
                                .sort(
                                        SortOptions.of(o -> o.field(
                                                f -> f.field("occurredAt").order(SortOrder.Asc))),
                                        SortOptions.of(o ->
                                                o.field(f -> f.field("eventId").order(SortOrder.Asc))))
                                .size(size)
                                .trackTotalHits(t -> t.enabled(true));
                        if (after != null) {
                            s.searchAfter(after);
                        } else {
                            s.from(from);
                        }
                        return s;
                    },
                    JsonData.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The claimants of the cases these events belong to (their counted {@code case.filed} events'), by
     * {@code unitId|kind|caseNo}: what masking hides in the events that do not carry the name themselves.
     */
    public Map<String, String> claimantsOf(List<ObjectNode> events) {
        Set<String> caseNos = new HashSet<>();
        events.forEach(e -> {
            if (e.path("type").asString().startsWith("case.")) {
                caseNos.add(e.path("payload").path("caseNo").asString());
            }
        });
        Map<String, String> claimants = new HashMap<>();
        if (caseNos.isEmpty()) {
            return claimants;
        }
        Query filed = Query.of(q -> q.bool(b -> b.filter(
                        f -> f.term(t -> t.field("type").value("case.filed")))
                .filter(f -> f.term(t -> t.field("retracted").value(false)))
                .filter(f -> f.terms(t -> t.field("payload.caseNo")
                        .terms(v -> v.value(caseNos.stream().map(FieldValue::of).toList()))))));
        eachEvent(
                Query.of(q -> q.matchAll(m -> m)),
                filed,
                e -> claimants.put(
                        caseKey(e), e.path("payload").path("claimant").asString(null)));
        return claimants;
    }

    /** The key of {@link #claimantsOf}: unitId|kind|caseNo. */
    public static String caseKey(JsonNode event) {
        return event.path("unitId").asString() + "|"
                + event.path("payload").path("kind").asString() + "|"
                + event.path("payload").path("caseNo").asString();
    }

    /** An event as the contract writes it, with its writer; a counted one is never retracted, so that goes too. */
    private static ObjectNode event(JsonData source) {
        ObjectNode tree = EventDocument.listed(JSON.readTree(source.toJson().toString()));
        tree.remove("retracted");
        return tree;
    }

    private ObjectNode matter(Deadline deadline, LocalDate today, LocalDate soonUntil) {
        ObjectNode item = JSON.createObjectNode();
        item.put("unitId", deadline.unitId());
        item.put("kind", deadline.kind().name());
        item.put("ref", deadline.ref());
        item.put("startedOn", deadline.startedOn().toString());
        item.put("dueOn", deadline.dueOn() == null ? null : deadline.dueOn().toString());
        item.put("extendedBy", deadline.extendedBy());
        item.put("status", deadline.status(today, soonUntil).name());
        item.put("metOn", deadline.metOn() == null ? null : deadline.metOn().toString());
        return item;
    }
}
