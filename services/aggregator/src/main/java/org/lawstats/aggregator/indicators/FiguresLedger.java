package org.lawstats.aggregator.indicators;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.util.NamedValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.store.EventsWritten;
import org.lawstats.aggregator.store.SearchVisibility;
import org.lawstats.aggregator.store.StoredChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Every unit's base figures per calendar month, kept in memory so that a figure over whole months of a subtree is a
 * sum (counts, sums, unmatched) or a union of person sets (distinct counts) instead of a search over every event
 * (ADR 9).
 *
 * <p>A unit's months are read from the event index in one go and kept with the unit's {@link SearchVisibility}
 * state; from then on the ledger follows each write of the unit ({@link EventsWritten}: every changed document's old
 * contribution taken off, its new one added), and the unit stays current while it is written to (ADR 10). A unit
 * whose write the ledger could not follow is stale until read again, by a background warmer or by a question; a
 * question that meets more than a few stale units is answered from searches, as before. The joins match on the unit
 * (see {@link IndicatorCatalogue#joinsWithinUnits}), so a unit's months depend on its own events alone.
 */
@Component
class FiguresLedger implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FiguresLedger.class);
    private static final String MONTH = "m";
    private static final String MONTHS = "h";
    private static final String SUM = "sum";
    private static final String KEYS = "c";
    // Six composite pages of this size and the month histograms stay under Elasticsearch's 65,536 buckets per search.
    private static final int PAGE = 8_000;
    // Units read from one point in time: few enough that the writes told meanwhile stay a handful.
    private static final int WARM_GROUP = 16;

    private final ElasticsearchClient client;
    private final String alias;
    private final SearchVisibility visibility;
    private final UnitRegistry registry;
    private final ZoneId zone;
    private final List<Indicator> bases;
    private final List<Indicator> distinct;
    private final boolean enabled;
    private final long maxMembers;
    private final Duration warmInterval;
    private final Map<String, UnitMonths> units = new ConcurrentHashMap<>();
    private final AtomicLong members = new AtomicLong();
    private final Map<String, CatchUp> catchingUp = new ConcurrentHashMap<>();
    private volatile Numbering numbering = new Numbering();
    private final Counter served;
    private final Counter fallback;
    private final Counter reads;
    private final Counter voidReads;
    private final Counter followed;
    private final Counter unfollowed;
    private volatile Thread warmer;
    private volatile boolean running;

    FiguresLedger(
            ElasticsearchClient client,
            IndicatorCatalogue catalogue,
            EventIndexInitializer index,
            SearchVisibility visibility,
            UnitRegistry registry,
            CatalogueProperties properties,
            MeterRegistry meters) {
        this.client = client;
        this.alias = index.alias();
        this.visibility = visibility;
        this.registry = registry;
        this.zone = registry.zone();
        // A cohort (matched) joins across the unit's whole history per person: the searches add those.
        this.bases = catalogue.bases().stream()
                .filter(base -> base.kind() != Indicator.Kind.MATCHED)
                .toList();
        this.distinct =
                bases.stream().filter(b -> b.kind() == Indicator.Kind.DISTINCT).toList();
        this.enabled = properties.ledgerSize() > 0 && catalogue.joinsWithinUnits();
        this.maxMembers = properties.ledgerSize();
        this.warmInterval = properties.ledgerWarmInterval();
        this.served = Counter.builder("lawstats.stats.ledger")
                .tag("outcome", "served")
                .description("Figures summed from the ledger of unit months")
                .register(meters);
        this.fallback = Counter.builder("lawstats.stats.ledger")
                .tag("outcome", "search")
                .description("Figures the ledger could not give (not whole months, or units not read yet)")
                .register(meters);
        this.reads = Counter.builder("lawstats.stats.ledger.reads")
                .tag("outcome", "kept")
                .description("Units read into the ledger from the event index")
                .register(meters);
        this.voidReads = Counter.builder("lawstats.stats.ledger.reads")
                .tag("outcome", "void")
                .description(
                        "Reads of a unit voided by a write that began before the read's point in time or was not told")
                .register(meters);
        this.followed = Counter.builder("lawstats.stats.ledger.writes")
                .tag("outcome", "followed")
                .description("Writes of a held unit that the ledger followed")
                .register(meters);
        this.unfollowed = Counter.builder("lawstats.stats.ledger.writes")
                .tag("outcome", "reread")
                .description("Writes of a held unit the ledger could not follow: the unit is read again")
                .register(meters);
        Gauge.builder("lawstats.stats.ledger.units", this, FiguresLedger::freshUnits)
                .description("Units whose months are in the ledger and current")
                .register(meters);
        Gauge.builder("lawstats.stats.ledger.members", members, AtomicLong::get)
                .description("Person entries held by the ledger")
                .register(meters);
    }

    /**
     * One unit's months, current at its snapshot, with persons numbered by {@code numbering}. The months are never
     * changed (a write makes a new map, so questions read without a lock); the joins, by base position (null for the
     * others), are changed by the ledger under its lock. {@code members}: person entries and join keys held.
     */
    private record UnitMonths(
            SearchVisibility.Snapshot snapshot,
            Numbering numbering,
            Map<YearMonth, Month> months,
            JoinKeys[] joins,
            long members) {}

    /** Person ids to small numbers, shared by every unit read with it, so that a union is a bit set. */
    private static final class Numbering {
        private final Map<String, Integer> numbers = new ConcurrentHashMap<>();

        int of(String person) {
            Integer known = numbers.get(person);
            if (known != null) {
                return known;
            }
            synchronized (this) {
                return numbers.computeIfAbsent(person, p -> numbers.size());
            }
        }

        int size() {
            return numbers.size();
        }
    }

    /**
     * A month's values, by position in the base list (distinct ones unused), and its persons, by distinct indicator:
     * sorted, a person once per counted event, so that an event's removal leaves the others' persons in.
     */
    private record Month(long[] values, int[][] persons) {}

    /**
     * The base figures of the period over these units, or empty when the ledger cannot give them exactly now: the
     * period is not made of whole months, or more than a sixteenth of the units have changed since they were read.
     */
    Optional<Map<String, Long>> bases(Period period, List<String> unitIds) {
        if (!enabled || !wholeMonths(period)) {
            fallback.increment();
            return Optional.empty();
        }
        List<UnitMonths> current = new ArrayList<>(unitIds.size());
        List<String> stale = new ArrayList<>();
        for (String unit : unitIds) {
            UnitMonths kept = fresh(unit);
            if (kept == null) {
                stale.add(unit);
            } else {
                current.add(kept);
            }
        }
        // Reading a unit costs a search over its whole history: worth it for one unit (then it is followed), or a
        // few units of a large subtree; not for many, which the searches answer as quickly.
        if (stale.size() > Math.max(1, unitIds.size() / 16)) {
            fallback.increment();
            return Optional.empty();
        }
        if (!stale.isEmpty()) {
            Map<String, UnitMonths> read = read(stale, true);
            if (read.size() < stale.size()) {
                fallback.increment();
                return Optional.empty();
            }
            current.addAll(read.values());
        }
        if (current.stream().map(UnitMonths::numbering).distinct().count() > 1) {
            fallback.increment(); // the ledger started over while this question was being answered
            return Optional.empty();
        }
        served.increment();
        return Optional.of(sum(
                current,
                YearMonth.from(period.from().withZoneSameInstant(zone)),
                YearMonth.from(period.to().withZoneSameInstant(zone))));
    }

    private boolean wholeMonths(Period period) {
        return startsAMonth(period.from()) && startsAMonth(period.to());
    }

    private boolean startsAMonth(ZonedDateTime at) {
        ZonedDateTime local = at.withZoneSameInstant(zone);
        return local.getDayOfMonth() == 1 && local.toLocalTime().equals(LocalTime.MIDNIGHT);
    }

    private Map<String, Long> sum(List<UnitMonths> current, YearMonth from, YearMonth until) {
        long[] totals = new long[bases.size()];
        BitSet[] union = new BitSet[distinct.size()];
        for (int d = 0; d < union.length; d++) {
            union[d] = new BitSet();
        }
        for (UnitMonths unit : current) {
            for (var entry : unit.months().entrySet()) {
                YearMonth month = entry.getKey();
                if (month.isBefore(from) || !month.isBefore(until)) {
                    continue;
                }
                long[] values = entry.getValue().values();
                for (int b = 0; b < totals.length; b++) {
                    totals[b] += values[b];
                }
                int[][] sets = entry.getValue().persons();
                for (int d = 0; d < sets.length; d++) {
                    for (int person : sets[d]) {
                        union[d].set(person);
                    }
                }
            }
        }
        Map<String, Long> values = new LinkedHashMap<>();
        int d = 0;
        for (int b = 0; b < bases.size(); b++) {
            Indicator base = bases.get(b);
            values.put(base.id(), base.kind() == Indicator.Kind.DISTINCT ? union[d++].cardinality() : totals[b]);
        }
        return values;
    }

    private UnitMonths fresh(String unit) {
        UnitMonths kept = units.get(unit);
        if (kept != null && kept.numbering() == numbering && visibility.settled(kept.snapshot(), unit)) {
            return kept;
        }
        return null;
    }

    private int freshUnits() {
        int fresh = 0;
        for (String unit : units.keySet()) {
            if (fresh(unit) != null) {
                fresh++;
            }
        }
        return fresh;
    }

    /**
     * Reads these units' months from the event index and keeps them; returns those it could read exactly now.
     *
     * <p>A unit is read if no write of it is in flight: its state is noted, the index refreshed if a write of it is
     * not yet searchable (or, unless {@code refreshIfPending}, the unit left for later), and a point in time opened; if no write of the unit began meanwhile, that point in time
     * holds exactly its writes up to the noted state. The writes told while it is read ({@link #on}) are applied to
     * what was read, in order; a write not told (a failure, two writes of the unit at once) breaks that chain, and
     * the read is void. So units are read while they are being written to.
     */
    private Map<String, UnitMonths> read(List<String> wanted, boolean refreshIfPending) {
        Numbering numbers = numbering;
        Map<String, CatchUp> started = new LinkedHashMap<>();
        boolean refresh = false;
        for (String unit : wanted) {
            Optional<SearchVisibility.Snapshot> state =
                    refreshIfPending || !visibility.pending(unit) ? visibility.notWriting(unit) : Optional.empty();
            CatchUp catchUp = state.map(CatchUp::new).orElse(null);
            if (catchUp != null && catchingUp.putIfAbsent(unit, catchUp) == null) {
                started.put(unit, catchUp);
                refresh |= visibility.pending(unit);
            }
        }
        if (started.isEmpty()) {
            return Map.of();
        }
        Map<String, UnitMonths> read = new HashMap<>();
        String pointInTime = null;
        try {
            if (refresh) {
                client.indices().refresh(r -> r.index(alias));
            }
            pointInTime = client.openPointInTime(o -> o.index(alias).keepAlive(k -> k.time("1m")))
                    .id();
            for (var entry : started.entrySet()) {
                if (!visibility.unchanged(entry.getValue().start, List.of(entry.getKey()))) {
                    // a write began before the point in time was open: it may or may not be in it
                    entry.getValue().broken = true;
                }
            }
            for (var entry : started.entrySet()) {
                if (entry.getValue().broken) {
                    voidReads.increment();
                } else {
                    read(entry.getKey(), entry.getValue(), numbers, pointInTime)
                            .ifPresent(kept -> read.put(entry.getKey(), kept));
                }
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            started.forEach(catchingUp::remove);
            closeQuietly(pointInTime);
        }
    }

    private Optional<UnitMonths> read(String unit, CatchUp catchUp, Numbering numbers, String pointInTime) {
        ReadMonths months = readMonths(unit, numbers, pointInTime);
        long size = 0;
        for (Month month : months.months().values()) {
            for (int[] persons : month.persons()) {
                size += persons.length;
            }
        }
        for (JoinKeys join : months.joins()) {
            size += join == null ? 0 : join.size();
        }
        UnitMonths kept = new UnitMonths(catchUp.start, numbers, months.months(), months.joins(), size);
        synchronized (this) {
            catchingUp.remove(unit, catchUp);
            if (numbers != numbering || catchUp.broken) {
                voidReads.increment();
                return Optional.empty();
            }
            for (CatchUp.Told told : catchUp.told) {
                kept = edit(kept, told.changes(), told.after());
            }
            // Counted before the unit shows as held (lawstats.stats.ledger.units): whoever sees it held sees its read.
            reads.increment();
            return keep(unit, kept) ? Optional.of(kept) : Optional.empty();
        }
    }

    /** The writes of a unit told while it is being read, chained from the state the read began at. */
    private static final class CatchUp {
        record Told(List<StoredChange> changes, SearchVisibility.Snapshot after) {}

        private final List<Told> told = new ArrayList<>();
        private final SearchVisibility.Snapshot start;
        private SearchVisibility.Snapshot last;
        private volatile boolean broken;

        CatchUp(SearchVisibility.Snapshot start) {
            this.start = start;
            this.last = start;
        }

        void tell(SearchVisibility.Snapshot before, SearchVisibility.Snapshot after, List<StoredChange> changes) {
            if (!last.sameAs(before)) {
                broken = true;
            }
            told.add(new Told(changes, after));
            last = after;
        }
    }

    private void closeQuietly(String pointInTime) {
        if (pointInTime == null) {
            return;
        }
        try {
            client.closePointInTime(c -> c.id(pointInTime));
        } catch (IOException | RuntimeException e) {
            // it expires by itself after its keep-alive
            log.debug("cannot close a point in time: {}", e.toString());
        }
    }

    /** Holds the unit's months, unless the ledger is now full and starts over; call under the lock. */
    private boolean keep(String unit, UnitMonths kept) {
        UnitMonths previous = units.put(unit, kept);
        members.addAndGet(kept.members() - (previous == null ? 0 : previous.members()));
        if (members.get() > maxMembers || numbering.size() > maxMembers) {
            // Bounded memory: start over rather than evict, since the numbering is shared by all units.
            log.info("the figures ledger reached {} entries and starts over", members.get());
            numbering = new Numbering();
            units.clear();
            members.set(0);
            return false;
        }
        return true;
    }

    private void drop(String unit) {
        UnitMonths previous = units.remove(unit);
        if (previous != null) {
            members.addAndGet(-previous.members());
        }
    }

    /** A unit's months and join state as read from the event index. */
    private record ReadMonths(Map<YearMonth, Month> months, JoinKeys[] joins) {}

    private ReadMonths readMonths(String unit, Numbering numbers, String pointInTime) {
        Query scope = Query.of(q ->
                q.bool(b -> b.filter(f -> f.term(t -> t.field("unitId").value(unit)))
                        .filter(f -> f.term(t -> t.field("retracted").value(false)))));
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        for (int b = 0; b < bases.size(); b++) {
            Indicator base = bases.get(b);
            aggregations.put("b" + b, aggregation(base, null));
            if (base.kind() == Indicator.Kind.UNMATCHED) {
                aggregations.put("j" + b, matchedKeys(base.match(), null));
            }
        }
        Map<String, Aggregate> response = search(pointInTime, scope, aggregations);
        Map<YearMonth, Month> months = new TreeMap<>();
        JoinKeys[] joins = new JoinKeys[bases.size()];
        int d = 0;
        for (int b = 0; b < bases.size(); b++) {
            Indicator base = bases.get(b);
            Aggregate filter = response.get("b" + b);
            switch (base.kind()) {
                case COUNT, SUM -> {
                    for (DateHistogramBucket bucket : filter.filter()
                            .aggregations()
                            .get(MONTHS)
                            .dateHistogram()
                            .buckets()
                            .array()) {
                        long value = base.kind() == Indicator.Kind.COUNT
                                ? bucket.docCount()
                                : Math.round(
                                        bucket.aggregations().get(SUM).sum().value());
                        month(months, bucket.key()).values()[b] = value;
                    }
                }
                case DISTINCT -> {
                    Map<YearMonth, List<Integer>> byMonth = new HashMap<>();
                    for (CompositeBucket bucket :
                            allPages(pointInTime, scope, "b" + b, after -> aggregation(base, after), filter)) {
                        List<Integer> people = byMonth.computeIfAbsent(month(bucket), m -> new ArrayList<>());
                        int person =
                                numbers.of(String.valueOf(bucket.key().get("k0")._get()));
                        for (long event = 0; event < bucket.docCount(); event++) {
                            people.add(person);
                        }
                    }
                    int slot = d;
                    byMonth.forEach((m, people) -> month(months, m).persons()[slot] =
                            people.stream().mapToInt(Integer::intValue).sorted().toArray());
                }
                case UNMATCHED -> {
                    List<String> on = base.match().on();
                    JoinKeys join = new JoinKeys();
                    joins[b] = join;
                    for (CompositeBucket bucket : allPages(
                            pointInTime,
                            scope,
                            "j" + b,
                            after -> matchedKeys(base.match(), after),
                            response.get("j" + b))) {
                        join.matched(joinKey(StatsService.key(bucket, on.size())), Math.toIntExact(bucket.docCount()));
                    }
                    for (CompositeBucket bucket :
                            allPages(pointInTime, scope, "b" + b, after -> aggregation(base, after), filter)) {
                        YearMonth month = month(bucket);
                        int count = Math.toIntExact(bucket.docCount());
                        if (join.counted(joinKey(StatsService.key(bucket, on.size())), index(month), count)) {
                            month(months, month).values()[b] += count;
                        }
                    }
                }
                case RATIO, MATCHED -> throw new IllegalStateException("not a base indicator of the ledger");
            }
            if (base.kind() == Indicator.Kind.DISTINCT) {
                d++;
            }
        }
        return new ReadMonths(months, joins);
    }

    private Month month(Map<YearMonth, Month> months, long startMillis) {
        return month(months, YearMonth.from(Instant.ofEpochMilli(startMillis).atZone(zone)));
    }

    private Month month(Map<YearMonth, Month> months, YearMonth month) {
        return months.computeIfAbsent(month, m -> emptyMonth());
    }

    private Month emptyMonth() {
        int[][] sets = new int[distinct.size()][];
        java.util.Arrays.fill(sets, new int[0]);
        return new Month(new long[bases.size()], sets);
    }

    private YearMonth month(CompositeBucket bucket) {
        return YearMonth.from(
                Instant.ofEpochMilli(bucket.key().get(MONTH).longValue()).atZone(zone));
    }

    /** The indicator's events by month: a histogram for counts and sums, (month, keys) buckets otherwise. */
    private Aggregation aggregation(Indicator base, Map<String, FieldValue> after) {
        return Aggregation.of(a -> {
            var filter = a.filter(StatsService.match(base));
            return switch (base.kind()) {
                case COUNT -> filter.aggregations(MONTHS, h -> h.dateHistogram(this::byMonth));
                case SUM ->
                    filter.aggregations(
                            MONTHS,
                            h -> h.dateHistogram(this::byMonth)
                                    .aggregations(SUM, s -> s.sum(m -> m.field(base.field()))));
                case DISTINCT -> filter.aggregations(KEYS, c -> c.composite(keys(List.of(base.field()), after, true)));
                case UNMATCHED ->
                    filter.aggregations(KEYS, c -> c.composite(keys(base.match().on(), after, true)));
                case RATIO, MATCHED -> throw new IllegalStateException("not a base indicator of the ledger");
            };
        });
    }

    private co.elastic.clients.elasticsearch._types.aggregations.DateHistogramAggregation.Builder byMonth(
            co.elastic.clients.elasticsearch._types.aggregations.DateHistogramAggregation.Builder h) {
        return h.field("occurredAt")
                .calendarInterval(CalendarInterval.Month)
                .timeZone(zone.getId())
                .minDocCount(1);
    }

    /** The keys of the counted events that match: any month, this unit (the query's scope). */
    private Aggregation matchedKeys(Indicator.Match match, Map<String, FieldValue> after) {
        return Aggregation.of(a -> a.filter(
                        f -> f.term(t -> t.field("type").value(match.type().wireName())))
                .aggregations(KEYS, c -> c.composite(keys(match.on(), after, false))));
    }

    /** A page of (month, keys) or (keys) buckets, the keys named as {@link StatsService#key} reads them. */
    private co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregation keys(
            List<String> fields, Map<String, FieldValue> after, boolean byMonth) {
        var builder = new co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregation.Builder();
        List<NamedValue<CompositeAggregationSource>> sources = new ArrayList<>();
        if (byMonth) {
            sources.add(NamedValue.of(
                    MONTH,
                    CompositeAggregationSource.of(s -> s.dateHistogram(h -> h.field("occurredAt")
                            .calendarInterval(t -> t.time("1M"))
                            .timeZone(zone.getId())))));
        }
        sources.addAll(StatsService.keySources(fields));
        builder.size(PAGE).sources(sources);
        if (after != null) {
            builder.after(after);
        }
        return builder.build();
    }

    /** Every bucket of a composite aggregation (a filter around it), the first page given. */
    private List<CompositeBucket> allPages(
            String pointInTime,
            Query scope,
            String name,
            java.util.function.Function<Map<String, FieldValue>, Aggregation> page,
            Aggregate first) {
        List<CompositeBucket> buckets = new ArrayList<>();
        StatsService.pages(
                first.filter().aggregations().get(KEYS).composite(),
                PAGE,
                after -> search(pointInTime, scope, Map.of(name, page.apply(after)))
                        .get(name)
                        .filter()
                        .aggregations()
                        .get(KEYS)
                        .composite(),
                buckets::addAll);
        return buckets;
    }

    private Map<String, Aggregate> search(String pointInTime, Query scope, Map<String, Aggregation> aggregations) {
        return StatsService.aggregate(client, alias, pointInTime, scope, aggregations)
                .aggregations();
    }

    // ---- following writes ---------------------------------------------------------------------------------

    /**
     * Follows a write of the units it holds (ADR 10): each changed document's previous contribution taken off and
     * its new one added, so that a unit stays current while it is written to instead of waiting to be read again.
     * Only units that were current when the write began and that the write had to itself; the others stay stale
     * and are read again. Runs on the ingest's thread, before the write's batch is committed.
     */
    @EventListener
    void on(EventsWritten written) {
        if (!enabled) {
            return;
        }
        Map<String, List<StoredChange>> byUnit = new HashMap<>();
        for (StoredChange change : written.changes()) {
            if (written.after().containsKey(change.unitId())) {
                byUnit.computeIfAbsent(change.unitId(), u -> new ArrayList<>()).add(change);
            }
        }
        synchronized (this) {
            for (var entry : written.after().entrySet()) {
                String unit = entry.getKey();
                CatchUp catchUp = catchingUp.get(unit);
                if (catchUp != null) {
                    catchUp.tell(written.before().get(unit), entry.getValue(), byUnit.getOrDefault(unit, List.of()));
                }
                UnitMonths kept = units.get(unit);
                if (kept == null
                        || kept.numbering() != numbering
                        || !kept.snapshot().sameAs(written.before().get(unit))) {
                    continue;
                }
                UnitMonths next;
                try {
                    next = edit(kept, byUnit.getOrDefault(unit, List.of()), entry.getValue());
                } catch (RuntimeException e) {
                    // A document the ledger cannot follow exactly: the unit is read again rather than guessed at.
                    log.warn("the figures ledger reads unit {} again: {}", unit, e.getMessage());
                    drop(unit);
                    unfollowed.increment();
                    continue;
                }
                followed.increment();
                if (!keep(unit, next)) {
                    return;
                }
            }
        }
    }

    /** A unit's months with these changes applied, current at {@code after}. */
    private UnitMonths edit(UnitMonths kept, List<StoredChange> changes, SearchVisibility.Snapshot after) {
        Edit edit = new Edit(kept);
        for (StoredChange change : changes) {
            if (change.before() != null) {
                edit.contribute(change.before(), -1);
            }
            if (change.after() != null) {
                edit.contribute(change.after(), 1);
            }
        }
        return new UnitMonths(after, kept.numbering(), edit.months, kept.joins(), kept.members() + edit.members);
    }

    /** The changes to one unit's months: a month is copied the first time it changes, the others are shared. */
    private final class Edit {
        private final Map<YearMonth, Month> months;
        private final Set<YearMonth> copied = new HashSet<>();
        private final Numbering numbers;
        private final JoinKeys[] joins;
        private long members;

        Edit(UnitMonths kept) {
            this.months = new TreeMap<>(kept.months());
            this.numbers = kept.numbering();
            this.joins = kept.joins();
        }

        /**
         * Adds ({@code sign} 1) or takes off (-1) what one stored document counts for: what the searches of
         * {@link #readMonths} would find of it. Anything the ledger cannot read exactly as Elasticsearch would is an
         * {@link IllegalStateException}, and the unit is read again.
         */
        void contribute(JsonNode document, int sign) {
            if (document.path("retracted").asBoolean(false)) {
                return;
            }
            String type = document.path("type").asString();
            YearMonth month = YearMonth.from(
                    OffsetDateTime.parse(document.path("occurredAt").asString()).atZoneSameInstant(zone));
            int d = 0;
            for (int b = 0; b < bases.size(); b++) {
                Indicator base = bases.get(b);
                boolean counted = base.counts(document);
                switch (base.kind()) {
                    case COUNT -> {
                        if (counted) {
                            month(month).values()[b] += sign;
                        }
                    }
                    case SUM -> {
                        if (counted) {
                            month(month).values()[b] += sign * base.amount(document);
                        }
                    }
                    case DISTINCT -> {
                        String person = counted ? base.distinctValue(document) : null;
                        if (person != null) {
                            person(month, d, numbers.of(person), sign);
                        }
                    }
                    case UNMATCHED -> join(base, b, document, type, counted, month, sign);
                    case RATIO, MATCHED -> throw new IllegalStateException("not a base indicator of the ledger");
                }
                if (base.kind() == Indicator.Kind.DISTINCT) {
                    d++;
                }
            }
        }

        private void join(
                Indicator base, int b, JsonNode document, String type, boolean counted, YearMonth month, int sign) {
            JoinKeys join = joins[b];
            if (counted) {
                byte[] key = key(base, document);
                if (key != null) {
                    int before = join.size();
                    if (join.counted(key, index(month), sign)) {
                        month(month).values()[b] += sign;
                    }
                    members += join.size() - before;
                }
            }
            if (base.match().type().wireName().equals(type)) {
                byte[] key = key(base, document);
                if (key != null) {
                    int before = join.size();
                    int[] moved = join.matched(key, sign);
                    members += join.size() - before;
                    if (moved != null) {
                        // Matched now (sign 1): its counted events leave the unmatched figure; or they return.
                        for (int at : moved) {
                            month(monthOf(at)).values()[b] -= sign;
                        }
                    }
                }
            }
        }

        private Month month(YearMonth month) {
            if (copied.add(month)) {
                Month old = months.get(month);
                Month copy = old == null
                        ? emptyMonth()
                        : new Month(old.values().clone(), old.persons().clone());
                months.put(month, copy);
                return copy;
            }
            return months.get(month);
        }

        private void person(YearMonth month, int d, int person, int sign) {
            Month editable = month(month);
            int[] persons = editable.persons()[d];
            int at = java.util.Arrays.binarySearch(persons, person);
            int[] changed;
            if (sign > 0) {
                int insert = at >= 0 ? at : -at - 1;
                changed = new int[persons.length + 1];
                System.arraycopy(persons, 0, changed, 0, insert);
                changed[insert] = person;
                System.arraycopy(persons, insert, changed, insert + 1, persons.length - insert);
            } else {
                if (at < 0) {
                    throw new IllegalStateException("a person taken off that the month does not hold");
                }
                changed = new int[persons.length - 1];
                System.arraycopy(persons, 0, changed, 0, at);
                System.arraycopy(persons, at + 1, changed, at, persons.length - at - 1);
            }
            editable.persons()[d] = changed;
            members += sign;
        }
    }

    /** The join key of a document, or null if it lacks one of the fields (a composite aggregation skips it). */
    private static byte[] key(Indicator base, JsonNode document) {
        String key = base.joinKey(document);
        return key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A search bucket's join key, as {@link Indicator#joinKey} makes a document's. */
    private static byte[] joinKey(List<String> values) {
        return String.join("\0", values).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int index(YearMonth month) {
        return month.getYear() * 12 + month.getMonthValue() - 1;
    }

    private static YearMonth monthOf(int index) {
        return YearMonth.of(Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
    }

    // ---- the warmer ---------------------------------------------------------------------------------------

    /**
     * Reads the units that are not current (never read, or a write the ledger could not follow), once everything
     * written to them is searchable; from then on the ledger follows their writes. Reading is background work: while
     * events are being written, the warmer rests twice as long as each read took, so it takes at most a third of a
     * core from the ingest.
     */
    private void warm() {
        List<String> all = registry.subtree(registry.root().id());
        while (running) {
            LockSupport.parkNanos(warmInterval.toNanos());
            List<String> stale =
                    all.stream().filter(unit -> fresh(unit) == null).toList();
            for (int from = 0; from < stale.size() && running; from += WARM_GROUP) {
                long now = System.nanoTime();
                try {
                    // Not refreshing for the warmer: a refresh takes long under load, and a unit written while
                    // it runs must be read again; a unit waiting for a refresh is read on a later round.
                    read(stale.subList(from, Math.min(stale.size(), from + WARM_GROUP)), false);
                } catch (RuntimeException e) {
                    // The store is down or busy: the questions are answered from searches meanwhile.
                    log.debug("cannot read units into the ledger: {}", e.toString());
                    break;
                }
                if (visibility.writesUnderway()) {
                    LockSupport.parkNanos(2 * (System.nanoTime() - now));
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (enabled) {
            warmer = Thread.ofPlatform()
                    .daemon()
                    .name("figures-ledger")
                    .priority(Thread.MIN_PRIORITY)
                    .start(this::warm);
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = warmer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
