package org.lawstats.aggregator.cases;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.NamedValue;
import co.elastic.clients.util.ObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The case records in Elasticsearch: their documents, made from the events the aggregation gathered per case (ADR 15;
 * it alone knows which events a record holds, so nothing here reads before writing), and their search.
 */
@Component
public class CaseStore {
    static final int MAX_WINDOW = 10_000;
    // The texts searched for a caller who sees a case's claimant, and for one who does not.
    private static final List<String> SEEN_FIELDS = List.of("cause", "summary", "forum", "caseNo", "claimant");
    private static final List<String> MASKED_FIELDS =
            List.of("masked.cause", "masked.summary", "masked.forum", "caseNo");

    private final ElasticsearchClient client;
    private final String alias;
    private final EventCodec codec = EventCodec.strict();

    CaseStore(ElasticsearchClient client, EventIndexInitializer index) {
        this.client = client;
        this.alias = index.casesAlias();
    }

    /** The alias the records are searched and written through. */
    public String alias() {
        return alias;
    }

    /** Thrown when the records cannot be read now. */
    public static class CaseStoreUnavailableException extends RuntimeException {
        CaseStoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The document of the case record these events make (each the counted revision of its eventId, all of one case,
     * as the aggregation publishes them, ADR 15): what is searched, highlighted and shown, masked where it must be.
     */
    public byte[] source(List<EventEnvelope> events) {
        CaseKey key = CaseKey.of(events.getFirst())
                .orElseThrow(() -> new IllegalArgumentException(
                        "not a case event: " + events.getFirst().eventId()));
        Map<String, EventEnvelope> byId = new HashMap<>();
        events.forEach(event -> byId.put(event.eventId(), event));
        return codec.mapper().writeValueAsBytes(document(new CaseRecord(key, byId)));
    }

    private Optional<CaseRecord> read(String id) {
        MgetResponse<JsonData> response;
        try {
            response = client.mget(m -> m.index(alias).ids(id), JsonData.class);
        } catch (IOException | RuntimeException e) {
            throw new CaseStoreUnavailableException("reading case records failed: " + e.getMessage(), e);
        }
        for (MultiGetResponseItem<JsonData> item : response.docs()) {
            if (item.isFailure()) {
                throw new CaseStoreUnavailableException(
                        "reading case record failed: " + item.failure().error().reason(), null);
            }
            if (item.result().found()) {
                return Optional.of(record(tree(item.result().source())));
            }
        }
        return Optional.empty();
    }

    private JsonNode tree(JsonData data) {
        return codec.mapper().readTree(data.toJson().toString());
    }

    private CaseRecord record(JsonNode source) {
        CaseKey key = new CaseKey(
                source.path("unitId").asString(),
                CaseKind.valueOf(source.path("kind").asString()),
                source.path("caseNo").asString());
        Map<String, EventEnvelope> events = new HashMap<>();
        for (JsonNode node : source.path("events")) {
            if (codec.decode(node) instanceof EventCodec.Decoded.Valid valid) {
                events.put(valid.event().eventId(), valid.event());
            }
        }
        return new CaseRecord(key, events);
    }

    private ObjectNode document(CaseRecord record) {
        ObjectNode doc = codec.mapper().createObjectNode();
        CaseKey key = record.key();
        doc.put("key", key.documentId());
        doc.put("unitId", key.unitId());
        doc.put("kind", key.kind().name());
        doc.put("caseNo", key.caseNo());
        doc.put("visible", record.visible());
        doc.put("status", record.status());
        Optional<Payload.CaseFiled> filing = record.filing();
        String claimant = filing.map(Payload.CaseFiled::claimant).orElse(null);
        String forum = searchable(filing.map(Payload.CaseFiled::forum).orElse(null));
        String cause = searchable(filing.map(Payload.CaseFiled::cause).orElse(null));
        String summary = searchable(record.summary());
        doc.put("forum", forum);
        doc.put("claimant", searchable(claimant));
        doc.put("cause", cause);
        doc.put("summary", summary);
        // What a role that may not see claimants searches, highlights and reads: hidden here, in the data, so that
        // no search, highlight or export can find or show what it should not.
        ObjectNode masked = doc.putObject("masked");
        masked.put("claimant", ClaimantMask.mask(claimant));
        masked.put("forum", ClaimantMask.hide(forum, claimant));
        masked.put("cause", ClaimantMask.hide(cause, claimant));
        masked.put("summary", ClaimantMask.hide(summary, claimant));
        doc.put(
                "filedAt",
                record.filingEvent().map(e -> CaseRecord.iso(e.occurredAt())).orElse(null));
        doc.put(
                "closedAt",
                record.closingEvent().map(e -> CaseRecord.iso(e.occurredAt())).orElse(null));
        doc.put("outcome", record.outcome());
        doc.put("headAppeared", record.headAppeared());
        ArrayNode ids = doc.putArray("eventIds");
        record.events().keySet().forEach(ids::add);
        ArrayNode events = doc.putArray("events");
        record.events().values().forEach(e -> events.add(codec.toTree(e)));
        return doc;
    }

    /**
     * A text as it is indexed and shown: Unicode's noncharacters, never text, are replaced, because two of them mark
     * highlights (see {@link Highlight}).
     */
    private static String searchable(String text) {
        return text == null ? null : Highlight.withoutMarkers(text);
    }

    /**
     * One visible case record, or empty.
     *
     * @param claimantSeen whether the caller sees the claimant; otherwise every text comes from the masked copies
     */
    public Optional<CaseView> find(CaseKey key, boolean claimantSeen) {
        Optional<CaseRecord> found = read(key.documentId());
        if (found.isEmpty() || !found.get().visible()) {
            return Optional.empty();
        }
        List<CaseView.Step> history = found.get().events().values().stream()
                .filter(e -> !e.retracted())
                .sorted(Comparator.comparing((EventEnvelope e) -> e.occurredAt().toInstant())
                        .thenComparing(EventEnvelope::eventId))
                .map(e -> new CaseView.Step(
                        e.type().wireName(), CaseRecord.iso(e.occurredAt()), e.revision(), e.eventId()))
                .toList();
        return Optional.of(view(document(found.get()), Map.of(), claimantSeen).withHistory(history));
    }

    /** A page of results and the total. */
    public record Page(long total, List<CaseView> items) {}

    public Page search(CaseQuery query) {
        Query filter = Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("visible").value(true)));
            if (query.kind() != null) {
                b.filter(f -> f.term(t -> t.field("kind").value(query.kind())));
            }
            if (query.status() != null) {
                b.filter(f -> f.term(t -> t.field("status").value(query.status())));
            }
            if (query.filedFrom() != null || query.filedBefore() != null) {
                b.filter(f -> f.range(r -> r.date(d -> {
                    d.field("filedAt");
                    if (query.filedFrom() != null) {
                        d.gte(query.filedFrom().toString());
                    }
                    if (query.filedBefore() != null) {
                        d.lt(query.filedBefore().toString());
                    }
                    return d;
                })));
            }
            // Units whose claimants the caller sees are searched in their texts; the others only in the masked
            // copies, so that no term can find a case by its claimant's name where the name is hidden.
            if (!query.claimantsSeenIn().isEmpty()) {
                b.should(s -> s.bool(seen -> within(seen, query.claimantsSeenIn(), query.terms(), SEEN_FIELDS)));
            }
            if (!query.claimantsHiddenIn().isEmpty()) {
                b.should(
                        s -> s.bool(hidden -> within(hidden, query.claimantsHiddenIn(), query.terms(), MASKED_FIELDS)));
            }
            return b.minimumShouldMatch("1");
        }));
        List<SortOptions> sort = new ArrayList<>();
        if (!query.terms().isEmpty()) {
            sort.add(SortOptions.of(s -> s.score(sc -> sc.order(SortOrder.Desc))));
        }
        sort.add(SortOptions.of(
                s -> s.field(f -> f.field("filedAt").order(SortOrder.Desc).missing("_last"))));
        sort.add(SortOptions.of(s -> s.field(f -> f.field("key").order(SortOrder.Asc))));
        long from = (long) query.page() * query.size();
        List<FieldValue> after = from + query.size() > MAX_WINDOW ? skipTo(filter, sort, from) : null;
        if (from + query.size() > MAX_WINDOW && after == null) {
            return new Page(count(filter), List.of());
        }
        List<String> highlighted = new ArrayList<>();
        List<String> source = new ArrayList<>(List.of(
                "unitId", "kind", "caseNo", "status", "filedAt", "closedAt", "outcome", "headAppeared", "masked.*"));
        if (!query.claimantsSeenIn().isEmpty()) {
            highlighted.addAll(SEEN_FIELDS);
            source.addAll(List.of("forum", "claimant", "cause", "summary"));
        }
        if (!query.claimantsHiddenIn().isEmpty()) {
            highlighted.addAll(MASKED_FIELDS);
        }
        SearchResponse<JsonData> response = search(s -> {
            s.index(alias)
                    .query(filter)
                    .sort(sort)
                    .size(query.size())
                    .trackTotalHits(t -> t.enabled(true))
                    // Only the texts the caller may read leave Elasticsearch: never the events, never a claimant
                    // of a case whose claimant is hidden from it.
                    .source(src -> src.filter(f -> f.includes(source)))
                    .highlight(h -> h.encoder(HighlighterEncoder.Default)
                            .preTags(Highlight.START)
                            .postTags(Highlight.END)
                            .requireFieldMatch(true)
                            .fields(highlighted.stream()
                                    .distinct()
                                    .map(f -> NamedValue.of(
                                            f,
                                            HighlightField.of(hf ->
                                                    hf.numberOfFragments(2).fragmentSize(120))))
                                    .toList()));
            if (after != null) {
                s.searchAfter(after);
            } else {
                s.from((int) from);
            }
            return s;
        });
        Set<String> seenIn = Set.copyOf(query.claimantsSeenIn());
        List<CaseView> items = new ArrayList<>();
        for (Hit<JsonData> hit : response.hits().hits()) {
            JsonNode doc = tree(hit.source());
            items.add(view(
                    doc, hit.highlight(), seenIn.contains(doc.path("unitId").asString())));
        }
        return new Page(
                response.hits().total() == null
                        ? items.size()
                        : response.hits().total().value(),
                items);
    }

    /** Cases of these units in which every term matches one of these fields, as a contiguous run of characters. */
    private static BoolQuery.Builder within(
            BoolQuery.Builder b, List<String> units, List<String> terms, List<String> fields) {
        b.filter(f -> f.terms(t -> t.field("unitId")
                .terms(v -> v.value(units.stream().map(FieldValue::of).toList()))));
        for (String term : terms) {
            String phrase = Highlight.withoutMarkers(term);
            b.must(m -> m.bool(any -> {
                fields.forEach(field ->
                        any.should(s -> s.matchPhrase(p -> p.field(field).query(phrase))));
                return any.minimumShouldMatch("1");
            }));
        }
        return b;
    }

    /** Deep pages walk with search_after in large steps instead of hitting the 10,000-hit window. */
    private List<FieldValue> skipTo(Query filter, List<SortOptions> sort, long from) {
        List<FieldValue> after = null;
        long skipped = 0;
        while (skipped < from) {
            int step = (int) Math.min(1_000, from - skipped);
            List<FieldValue> cursor = after;
            SearchResponse<JsonData> page = search(s -> {
                s.index(alias).query(filter).sort(sort).size(step).source(src -> src.fetch(false));
                if (cursor != null) {
                    s.searchAfter(cursor);
                }
                return s;
            });
            List<Hit<JsonData>> hits = page.hits().hits();
            if (hits.isEmpty()) {
                return null;
            }
            skipped += hits.size();
            after = hits.get(hits.size() - 1).sort();
        }
        return after;
    }

    private long count(Query filter) {
        try {
            return client.count(c -> c.index(alias).query(filter)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SearchResponse<JsonData> search(Function<SearchRequest.Builder, ObjectBuilder<SearchRequest>> request) {
        try {
            return client.search(request, JsonData.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The view of a stored record: with its texts and highlights as stored, or, when the claimant is hidden from the
     * caller, from the masked copies only.
     */
    private static CaseView view(JsonNode doc, Map<String, List<String>> highlight, boolean claimantSeen) {
        JsonNode texts = claimantSeen ? doc : doc.path("masked");
        UnaryOperator<String> read = claimantSeen ? text -> text : ClaimantMask::shown;
        Map<String, List<String>> shown = new LinkedHashMap<>();
        List<String> fields = claimantSeen ? SEEN_FIELDS : MASKED_FIELDS;
        highlight.forEach((field, fragments) -> {
            if (fields.contains(field)) {
                shown.put(
                        field.substring(field.indexOf('.') + 1),
                        fragments.stream()
                                .map(fragment -> Highlight.html(read.apply(fragment)))
                                .toList());
            }
        });
        return new CaseView(
                doc.path("unitId").asString(),
                doc.path("kind").asString(),
                doc.path("caseNo").asString(),
                doc.path("status").asString(),
                read.apply(text(texts, "forum")),
                text(texts, "claimant"),
                read.apply(text(texts, "cause")),
                read.apply(text(texts, "summary")),
                text(doc, "filedAt"),
                text(doc, "closedAt"),
                text(doc, "outcome"),
                doc.path("headAppeared").asBoolean(false),
                shown,
                List.of());
    }

    private static String text(JsonNode doc, String field) {
        JsonNode node = doc.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }
}
