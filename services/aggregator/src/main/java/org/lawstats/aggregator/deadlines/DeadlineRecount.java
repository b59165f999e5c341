package org.lawstats.aggregator.deadlines;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts again, at every start, the time limits whose due date depended on a year the calendar did not hold: those
 * counted provisionally and those that had no due date because the count ran past the calendar. An operator adds a
 * year's notice to {@code config/calendar.yml} and restarts; each such limit is then counted on the notice from the
 * start, extension and stops its document keeps, and written back at its own version ({@code external_gte}), so that a
 * newer version the search feed writes meanwhile wins. Idempotent: every instance may run it, and a limit whose count
 * has not changed is not written.
 */
@Component
public class DeadlineRecount {
    private static final Logger log = LoggerFactory.getLogger(DeadlineRecount.class);
    private static final int PAGE = 500;

    private final ElasticsearchClient client;
    private final Deadlines deadlines;
    private final String alias;
    private final MeterRegistry meters;

    DeadlineRecount(
            ElasticsearchClient client, Deadlines deadlines, EventIndexInitializer index, MeterRegistry meters) {
        this.client = client;
        this.deadlines = deadlines;
        this.alias = index.deadlinesAlias();
        this.meters = meters;
    }

    /** What one recount found: limits looked at, written with a new count, and stored without what to count from. */
    public record Result(long examined, long changed, long notRecountable) {}

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        // Off the start-up thread: the API serves meanwhile, and a limit not yet recounted still says provisional.
        Thread.ofVirtual().name("deadline-recount").start(() -> {
            try {
                Result result = recount();
                if (result.changed() > 0 || result.notRecountable() > 0) {
                    log.info(
                            "counted {} time limits again on the official calendar: {} changed; {} were stored before"
                                    + " their stops were, and are counted again by ./lawstats rebuild",
                            result.examined(),
                            result.changed(),
                            result.notRecountable());
                }
            } catch (RuntimeException e) {
                log.warn(
                        "the time limits could not be counted again at start ({}); the next start tries again",
                        e.toString());
            }
        });
    }

    /** Counts every provisional or unknown due date again on the current calendar, writing those that changed. */
    public Result recount() {
        long examined = 0;
        long changed = 0;
        long legacy = 0;
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> cursor = after;
            SearchResponse<DeadlineDocument> page = search(cursor);
            List<Hit<DeadlineDocument>> hits = page.hits().hits();
            if (hits.isEmpty()) {
                break;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            int writes = 0;
            for (Hit<DeadlineDocument> hit : hits) {
                examined++;
                DeadlineDocument stored = hit.source();
                if (stored == null || !stored.recountable()) {
                    legacy++;
                    continue;
                }
                Deadline before = stored.deadline();
                Deadline now = deadlines.recounted(before);
                if (Objects.equals(before.dueOn(), now.dueOn())
                        && before.unknownBeyond() == now.unknownBeyond()
                        && before.provisional() == now.provisional()) {
                    continue;
                }
                DeadlineDocument document = DeadlineDocument.of(now);
                long version = hit.version() == null ? 1 : hit.version();
                bulk.operations(o -> o.index(i -> i.index(alias)
                        .id(hit.id())
                        .versionType(VersionType.ExternalGte)
                        .version(version)
                        .document(document)));
                writes++;
            }
            if (writes > 0) {
                changed += written(bulk.build());
            }
            after = hits.getLast().sort();
        }
        meters.counter("lawstats.deadlines.recounted", "outcome", "changed").increment(changed);
        meters.counter("lawstats.deadlines.recounted", "outcome", "not-recountable")
                .increment(legacy);
        return new Result(examined, changed, legacy);
    }

    private SearchResponse<DeadlineDocument> search(List<FieldValue> after) {
        try {
            return client.search(
                    s -> {
                        s.index(alias)
                                .query(q -> q.bool(b -> b.should(h -> h.term(
                                                t -> t.field("provisional").value(true)))
                                        .should(h -> h.range(r -> r.number(
                                                n -> n.field("unknownBeyond").gt(0.0))))
                                        .minimumShouldMatch("1")))
                                .version(true)
                                .size(PAGE)
                                .sort(o -> o.field(f -> f.field("unitId").order(SortOrder.Asc)))
                                .sort(o -> o.field(f -> f.field("kind").order(SortOrder.Asc)))
                                .sort(o -> o.field(f -> f.field("ref").order(SortOrder.Asc)));
                        if (after != null) {
                            s.searchAfter(after);
                        }
                        return s;
                    },
                    DeadlineDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the writes; a 409 means the search feed stored a newer version meanwhile (counted on this calendar). */
    private long written(BulkRequest request) {
        BulkResponse response;
        try {
            response = client.bulk(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long done = 0;
        for (BulkResponseItem item : response.items()) {
            if (item.error() == null) {
                done++;
            } else if (item.status() != 409) {
                throw new IllegalStateException("Elasticsearch refused a recounted time limit ("
                        + item.error().type() + ")");
            }
        }
        return done;
    }
}
