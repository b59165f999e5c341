package org.lawstats.aggregator.periods;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.springframework.stereotype.Component;

/**
 * The submissions and locks of the reporting periods, in Elasticsearch: shared by every instance and kept across
 * restarts. A lock version is created with {@code op_type create}, so that of two instances locking at once exactly
 * one makes it; every write waits until searches see it ({@code refresh=wait_for}), so that the next question on any
 * instance does.
 */
@Component
class PeriodStore {
    static final String SUBMISSION = "submission";
    static final String LOCK = "lock";
    // More units than a registry holds, and more versions than a period is ever locked.
    private static final int MAX = 10_000;

    private final ElasticsearchClient client;
    private final String alias;

    PeriodStore(ElasticsearchClient client, EventIndexInitializer index) {
        this.client = client;
        this.alias = index.periodsAlias();
    }

    /** A unit's submission of a period: its last state, who submitted and who returned it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Submission(
            String kind,
            String period,
            String unitId,
            String state,
            String submittedAt,
            String submittedBy,
            String returnedAt,
            String returnedBy,
            String returnReason) {}

    /**
     * A lock of a unit's subtree for a period: being made while {@code made} is absent; lifted once {@code unlock} is
     * there.
     *
     * @param day the day it was made, in the registry's zone: the overdue counts' day
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Lock(
            String kind,
            String period,
            String unitId,
            int version,
            String lockedAt,
            String lockedBy,
            boolean forced,
            String reason,
            String day,
            Made made,
            Unlock unlock) {

        /** Its copies of what the figures are evaluated over, and the locked unit's figures. */
        record Made(String eventsIndex, String deadlinesIndex, Map<String, Number> values) {}

        /** Who lifted it, when and why. */
        record Unlock(String at, String by, String reason) {}

        boolean inForce() {
            return unlock == null;
        }

        boolean ready() {
            return made != null;
        }

        Lock with(Made made) {
            return new Lock(kind, period, unitId, version, lockedAt, lockedBy, forced, reason, day, made, null);
        }

        Lock with(Unlock unlock) {
            return new Lock(kind, period, unitId, version, lockedAt, lockedBy, forced, reason, day, made, unlock);
        }
    }

    Map<String, Submission> submissions(String period, List<String> units) {
        List<FieldValue> ids = units.stream().map(FieldValue::of).toList();
        return search(SUBMISSION, period, ids, Submission.class).stream()
                .collect(Collectors.toMap(Submission::unitId, s -> s, (a, b) -> b));
    }

    void save(Submission submission) {
        write(submissionId(submission.period(), submission.unitId()), submission, false);
    }

    /** Every lock of the period on these units, every version, the latest first. */
    List<Lock> locks(String period, List<String> units) {
        List<FieldValue> ids = units.stream().map(FieldValue::of).toList();
        return search(LOCK, period, ids, Lock.class);
    }

    /** Creates a lock version: false when another instance made that version first. */
    boolean claim(Lock lock) {
        return write(lockId(lock), lock, true);
    }

    void save(Lock lock) {
        write(lockId(lock), lock, false);
    }

    /** Removes a lock that could not be made (its copies failed): its version is free again. */
    void abandon(Lock lock) {
        try {
            client.delete(d -> d.index(alias).id(lockId(lock)).refresh(Refresh.WaitFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean write(String id, Object document, boolean create) {
        try {
            if (create) {
                client.create(c -> c.index(alias).id(id).document(document).refresh(Refresh.WaitFor));
            } else {
                client.index(i -> i.index(alias).id(id).document(document).refresh(Refresh.WaitFor));
            }
            return true;
        } catch (ElasticsearchException e) {
            if (create && e.status() == 409) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> List<T> search(String kind, String period, List<FieldValue> units, Class<T> type) {
        try {
            return client
                    .search(
                            s -> s.index(alias)
                                    .size(MAX)
                                    .query(q -> q.bool(b -> b.filter(f ->
                                                    f.term(t -> t.field("kind").value(kind)))
                                            .filter(f -> f.term(
                                                    t -> t.field("period").value(period)))
                                            .filter(f -> f.terms(
                                                    t -> t.field("unitId").terms(v -> v.value(units))))))
                                    .sort(o -> o.field(f -> f.field(LOCK.equals(kind) ? "version" : "unitId")
                                            .order(LOCK.equals(kind) ? SortOrder.Desc : SortOrder.Asc))),
                            type)
                    .hits()
                    .hits()
                    .stream()
                    .map(Hit::source)
                    .filter(Objects::nonNull)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String submissionId(String period, String unit) {
        return "s|" + period + "|" + unit;
    }

    static String lockId(Lock lock) {
        return "l|" + lock.period() + "|" + lock.unitId() + "|" + lock.version();
    }
}
