package org.lawstats.aggregator.cases;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.NamedValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The case records in Elasticsearch. Merging is optimistic: read the records (a realtime GET, no refresh needed),
 * merge the batch's events, write each back only if nobody changed it meanwhile ({@code if_seq_no}); a conflict
 * re-reads and re-merges. Two consumers merging events of one case at once therefore never lose an update.
 */
@Component
public class CaseStore {
    static final int MAX_WINDOW = 10_000;
    private static final int MAX_MERGE_ROUNDS = 50;
    // The texts searched for a caller who sees a case's claimant, and for one who does not.
    private static final List<String> SEEN_FIELDS = List.of("cause", "summary", "forum", "caseNo", "claimant");
    private static final List<String> MASKED_FIELDS =
            List.of("masked.cause", "masked.summary", "masked.forum", "caseNo");

    private final ElasticsearchClient client;
    private final String alias;
    private final boolean viaAlias;
    private final EventCodec codec = EventCodec.strict();

    @org.springframework.beans.factory.annotation.Autowired
    CaseStore(ElasticsearchClient client, EventIndexInitializer index) {
        this(client, index.casesAlias(), true);
    }

    private CaseStore(ElasticsearchClient client, String target, boolean viaAlias) {
        this.client = client;
        this.alias = target;
        this.viaAlias = viaAlias;
    }

    /** A store of case records in another index (a rebuild's), with remembered records of its own. */
    public CaseStore into(String index) {
        return new CaseStore(client, index, false);
    }

    /** Forgets the remembered records (their sequence numbers belong to the index the alias pointed at). */
    public void forget() {
        recent.clear();
    }

    /** Thrown when the records cannot be written now; the caller retries its whole batch later. */
    public static class CaseStoreUnavailableException extends RuntimeException {
        CaseStoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Merges case events into their records; other events are ignored. Each of {@code current} is its eventId's
     * stored revision. A revision may move its event to another caseNo or kind: the records that may hold an earlier
     * revision of it lose it, so that the event counts in one record only.
     *
     * @param formerKeys per eventId, the records that may hold an earlier revision of it
     * @param unknownFormer eventIds of revisions whose earlier records are not known (a revision delivered again after
     *     its first delivery was stored): looked up by a search of the records
     */
    public void merge(List<EventEnvelope> current, Map<String, Set<CaseKey>> formerKeys, Set<String> unknownFormer) {
        Map<String, CaseKey> keys = new LinkedHashMap<>();
        Map<String, List<EventEnvelope>> added = new LinkedHashMap<>();
        Map<String, List<EventEnvelope>> removed = new LinkedHashMap<>();
        Map<String, Set<CaseKey>> former = new HashMap<>(formerKeys);
        if (!unknownFormer.isEmpty()) {
            holding(unknownFormer)
                    .forEach((eventId, holders) -> former.computeIfAbsent(eventId, id -> new HashSet<>())
                            .addAll(holders));
        }
        for (EventEnvelope event : current) {
            Optional<CaseKey> key = CaseKey.of(event);
            if (key.isEmpty()) {
                continue;
            }
            keys.put(key.get().documentId(), key.get());
            added.computeIfAbsent(key.get().documentId(), k -> new ArrayList<>())
                    .add(event);
            for (CaseKey was : former.getOrDefault(event.eventId(), Set.of())) {
                if (!was.equals(key.get())) {
                    keys.put(was.documentId(), was);
                    removed.computeIfAbsent(was.documentId(), k -> new ArrayList<>())
                            .add(event);
                }
            }
        }
        List<String> pending = new ArrayList<>(keys.keySet());
        for (int round = 0; round < MAX_MERGE_ROUNDS && !pending.isEmpty(); round++) {
            pending = mergeOnce(pending, keys, added, removed);
        }
        if (!pending.isEmpty()) {
            throw new CaseStoreUnavailableException(pending.size() + " case records kept changing under us", null);
        }
    }

    /** The records that hold these eventIds, found by a search after a refresh (so that every write is seen). */
    private Map<String, Set<CaseKey>> holding(Set<String> eventIds) {
        try {
            client.indices().refresh(r -> r.index(alias));
            SearchResponse<JsonData> found = client.search(
                    s -> s.index(alias)
                            .size(MAX_WINDOW)
                            .query(q -> q.terms(t -> t.field("eventIds")
                                    .terms(v -> v.value(eventIds.stream()
                                            .map(FieldValue::of)
                                            .toList()))))
                            .source(src -> src.filter(f -> f.includes("unitId", "kind", "caseNo", "eventIds"))),
                    JsonData.class);
            Map<String, Set<CaseKey>> holders = new HashMap<>();
            for (Hit<JsonData> hit : found.hits().hits()) {
                JsonNode doc = tree(hit.source());
                CaseKey key = new CaseKey(
                        doc.path("unitId").asString(),
                        CaseKind.valueOf(doc.path("kind").asString()),
                        doc.path("caseNo").asString());
                for (JsonNode id : doc.path("eventIds")) {
                    if (eventIds.contains(id.asString())) {
                        holders.computeIfAbsent(id.asString(), k -> new HashSet<>())
                                .add(key);
                    }
                }
            }
            return holders;
        } catch (IOException | RuntimeException e) {
            throw new CaseStoreUnavailableException("finding the records of revised case events failed", e);
        }
    }

    private record Stored(CaseRecord record, long seqNo, long primaryTerm) {}

    // The records this process wrote or read last, with their sequence numbers. Using one saves a realtime get (a
    // refresh for Elasticsearch) and stays exact: a record only ever gains events, and a write based on an outdated
    // copy fails its if_seq_no check (409), which evicts the copy and re-reads the record.
    private static final int REMEMBERED_RECORDS = 20_000;
    private final Map<String, Stored> recent =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
                    return size() > REMEMBERED_RECORDS;
                }
            });

    /** One optimistic round; returns the ids that met a concurrent change and must be merged again. */
    private List<String> mergeOnce(
            List<String> ids,
            Map<String, CaseKey> keys,
            Map<String, List<EventEnvelope>> added,
            Map<String, List<EventEnvelope>> removed) {
        Map<String, Stored> stored = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            Stored known = recent.get(id);
            if (known != null) {
                stored.put(id, known);
            } else {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            stored.putAll(read(unknown));
        }
        // require_alias: a missing alias must never be auto-created as an index of that name
        BulkRequest.Builder bulk = new BulkRequest.Builder().requireAlias(viaAlias);
        List<String> written = new ArrayList<>();
        Map<String, CaseRecord> mergedById = new HashMap<>();
        for (String id : ids) {
            Stored current = stored.get(id);
            if (current == null && !added.containsKey(id)) {
                continue; // nothing to take out of a record that does not exist
            }
            CaseRecord record = current == null ? CaseRecord.empty(keys.get(id)) : current.record();
            CaseRecord merged = record;
            for (EventEnvelope event : added.getOrDefault(id, List.of())) {
                merged = merged.with(event);
            }
            for (EventEnvelope event : removed.getOrDefault(id, List.of())) {
                merged = merged.without(event.eventId(), event.revision());
            }
            if (current != null && merged.equals(record)) {
                continue; // a redelivery: nothing new
            }
            BinaryData document = BinaryData.of(codec.mapper().writeValueAsBytes(document(merged)), "application/json");
            if (current == null) {
                bulk.operations(op -> op.create(c -> c.index(alias).id(id).document(document)));
            } else {
                bulk.operations(op -> op.index(i -> i.index(alias)
                        .id(id)
                        .ifSeqNo(current.seqNo())
                        .ifPrimaryTerm(current.primaryTerm())
                        .document(document)));
            }
            written.add(id);
            mergedById.put(id, merged);
        }
        if (written.isEmpty()) {
            return List.of();
        }
        BulkResponse response;
        try {
            response = client.bulk(bulk.build());
        } catch (IOException | RuntimeException e) {
            throw new CaseStoreUnavailableException("writing case records failed: " + e.getMessage(), e);
        }
        List<String> conflicts = new ArrayList<>();
        for (BulkResponseItem item : response.items()) {
            if (item.error() == null) {
                if (item.seqNo() != null && item.primaryTerm() != null) {
                    recent.put(item.id(), new Stored(mergedById.get(item.id()), item.seqNo(), item.primaryTerm()));
                }
                continue;
            }
            if (item.status() == 409) {
                recent.remove(item.id());
                conflicts.add(item.id());
            } else {
                throw new CaseStoreUnavailableException(
                        "Elasticsearch refused case record " + item.id() + " (" + item.status() + " "
                                + item.error().type() + ")",
                        null);
            }
        }
        return conflicts;
    }

    private Map<String, Stored> read(List<String> ids) {
        MgetResponse<JsonData> response;
        try {
            response = client.mget(m -> m.index(alias).ids(ids), JsonData.class);
        } catch (IOException | RuntimeException e) {
            throw new CaseStoreUnavailableException("reading case records failed: " + e.getMessage(), e);
        }
        Map<String, Stored> stored = new HashMap<>();
        for (MultiGetResponseItem<JsonData> item : response.docs()) {
            if (item.isFailure()) {
                throw new CaseStoreUnavailableException(
                        "reading case record failed: " + item.failure().error().reason(), null);
            }
            var doc = item.result();
            if (doc.found()) {
                Stored found = new Stored(record(tree(doc.source())), doc.seqNo(), doc.primaryTerm());
                stored.put(doc.id(), found);
                recent.put(doc.id(), found);
            }
        }
        return stored;
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
        Map<String, Stored> stored = read(List.of(key.documentId()));
        Stored found = stored.get(key.documentId());
        if (found == null || !found.record().visible()) {
            return Optional.empty();
        }
        List<CaseView.Step> history = found.record().events().values().stream()
                .filter(e -> !e.retracted())
                .sorted(java.util.Comparator.comparing(
                                (EventEnvelope e) -> e.occurredAt().toInstant())
                        .thenComparing(EventEnvelope::eventId))
                .map(e -> new CaseView.Step(
                        e.type().wireName(), CaseRecord.iso(e.occurredAt()), e.revision(), e.eventId()))
                .toList();
        return Optional.of(
                view(document(found.record()), Map.of(), claimantSeen).withHistory(history));
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
    private static co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery.Builder within(
            co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery.Builder b,
            List<String> units,
            List<String> terms,
            List<String> fields) {
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

    private SearchResponse<JsonData> search(
            java.util.function.Function<
                            co.elastic.clients.elasticsearch.core.SearchRequest.Builder,
                            co.elastic.clients.util.ObjectBuilder<co.elastic.clients.elasticsearch.core.SearchRequest>>
                    request) {
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
        java.util.function.UnaryOperator<String> read = claimantSeen ? text -> text : ClaimantMask::shown;
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
