package org.lawstats.aggregator.indicators;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.util.NamedValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
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
import org.lawstats.aggregator.store.SearchVisibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every unit's base figures per calendar month, kept in memory so that a figure over whole months of a subtree is a
 * sum (counts, sums, unmatched) or a union of person sets (distinct counts) instead of a search over every event
 * (ADR 9).
 *
 * <p>A unit's months are read from the event index in one go and kept with the unit's {@link SearchVisibility}
 * snapshot: they are used only while nothing of that unit has been written since, exactly the rule of the figures
 * cache (ADR 7). A background warmer reads the units that have been quiet for a moment; a question that meets more
 * than a few stale units is answered from searches, as before. The joins match on the unit (see
 * {@link IndicatorCatalogue#joinsWithinUnits}), so a unit's months depend on its own events alone.
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
    private volatile Numbering numbering = new Numbering();
    private final Counter served;
    private final Counter fallback;
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
        this.bases = catalogue.bases();
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
        Gauge.builder("lawstats.stats.ledger.units", this, FiguresLedger::freshUnits)
                .description("Units whose months are in the ledger and current")
                .register(meters);
        Gauge.builder("lawstats.stats.ledger.members", members, AtomicLong::get)
                .description("Person entries held by the ledger")
                .register(meters);
    }

    /** One unit's months, read while its snapshot was current, with persons numbered by {@code numbering}. */
    private record UnitMonths(
            SearchVisibility.Snapshot snapshot, Numbering numbering, Map<YearMonth, Month> months, int members) {}

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

    /** A unit's state in the warmer, and since when it has been the same. */
    private record Seen(long epoch, long generation, long sinceNanos) {
        boolean sameAs(Seen other) {
            return other != null && epoch == other.epoch && generation == other.generation;
        }
    }

    /** A month's values, by position in the base list (distinct ones unused), and its person sets, by distinct. */
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
        // Reading a unit costs a search over its whole history: worth it for a few units of a large subtree, not
        // for a small subtree, which the searches answer quickly anyway.
        if (stale.size() > unitIds.size() / 16) {
            fallback.increment();
            return Optional.empty();
        }
        for (String unit : stale) {
            Optional<UnitMonths> read = read(unit);
            if (read.isEmpty()) {
                fallback.increment();
                return Optional.empty();
            }
            current.add(read.get());
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
        if (kept != null && kept.numbering() == numbering && visibility.unchanged(kept.snapshot(), List.of(unit))) {
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
     * Reads a unit's months from the event index and keeps them, if the unit's events were all searchable when the
     * read began and none was written while it ran; empty otherwise.
     */
    private Optional<UnitMonths> read(String unit) {
        List<String> key = List.of(unit);
        Optional<SearchVisibility.Snapshot> snapshot = visibility.snapshot(key);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        Numbering numbers = numbering;
        Map<YearMonth, Month> months = readMonths(unit, numbers);
        if (!visibility.unchanged(snapshot.get(), key)) {
            return Optional.empty();
        }
        int size = months.values().stream()
                .mapToInt(m -> java.util.Arrays.stream(m.persons())
                        .mapToInt(p -> p.length)
                        .sum())
                .sum();
        UnitMonths kept = new UnitMonths(snapshot.get(), numbers, months, size);
        synchronized (this) {
            if (numbers != numbering) {
                return Optional.empty();
            }
            UnitMonths previous = units.put(unit, kept);
            members.addAndGet(size - (previous == null ? 0 : previous.members()));
            if (members.get() > maxMembers || numbers.size() > maxMembers) {
                // Bounded memory: start over rather than evict, since the numbering is shared by all units.
                log.info("the figures ledger reached {} person entries and starts over", members.get());
                numbering = new Numbering();
                units.clear();
                members.set(0);
                return Optional.empty();
            }
        }
        return Optional.of(kept);
    }

    private Map<YearMonth, Month> readMonths(String unit, Numbering numbers) {
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
        Map<String, Aggregate> response = search(scope, aggregations);
        Map<YearMonth, Month> months = new TreeMap<>();
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
                    for (CompositeBucket bucket : allPages(scope, "b" + b, after -> aggregation(base, after), filter)) {
                        byMonth.computeIfAbsent(month(bucket), m -> new ArrayList<>())
                                .add(numbers.of(
                                        String.valueOf(bucket.key().get("k0")._get())));
                    }
                    int slot = d;
                    byMonth.forEach((m, people) -> month(months, m).persons()[slot] =
                            people.stream().mapToInt(Integer::intValue).toArray());
                }
                case UNMATCHED -> {
                    List<String> on = base.match().on();
                    Set<List<String>> matched = new HashSet<>();
                    for (CompositeBucket bucket : allPages(
                            scope, "j" + b, after -> matchedKeys(base.match(), after), response.get("j" + b))) {
                        matched.add(StatsService.key(bucket, on.size()));
                    }
                    for (CompositeBucket bucket : allPages(scope, "b" + b, after -> aggregation(base, after), filter)) {
                        if (!matched.contains(StatsService.key(bucket, on.size()))) {
                            month(months, month(bucket)).values()[b] += bucket.docCount();
                        }
                    }
                }
                case RATIO -> throw new IllegalStateException("a ratio is not a base indicator");
            }
            if (base.kind() == Indicator.Kind.DISTINCT) {
                d++;
            }
        }
        return months;
    }

    private Month month(Map<YearMonth, Month> months, long startMillis) {
        return month(months, YearMonth.from(Instant.ofEpochMilli(startMillis).atZone(zone)));
    }

    private Month month(Map<YearMonth, Month> months, YearMonth month) {
        return months.computeIfAbsent(month, m -> {
            int[][] sets = new int[distinct.size()][];
            java.util.Arrays.fill(sets, new int[0]);
            return new Month(new long[bases.size()], sets);
        });
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
                case RATIO -> throw new IllegalStateException("a ratio is not a base indicator");
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

    /** Every bucket of a composite aggregation (a filter around it), following {@code after_key} page by page. */
    private List<CompositeBucket> allPages(
            Query scope,
            String name,
            java.util.function.Function<Map<String, FieldValue>, Aggregation> page,
            Aggregate first) {
        List<CompositeBucket> buckets = new ArrayList<>();
        CompositeAggregate current = first.filter().aggregations().get(KEYS).composite();
        while (true) {
            List<CompositeBucket> array = current.buckets().array();
            buckets.addAll(array);
            if (array.size() < PAGE
                    || current.afterKey() == null
                    || current.afterKey().isEmpty()) {
                return buckets;
            }
            Map<String, FieldValue> after = current.afterKey();
            current = search(scope, Map.of(name, page.apply(after)))
                    .get(name)
                    .filter()
                    .aggregations()
                    .get(KEYS)
                    .composite();
        }
    }

    private Map<String, Aggregate> search(Query scope, Map<String, Aggregation> aggregations) {
        return StatsService.aggregate(client, alias, scope, aggregations).aggregations();
    }

    // ---- the warmer ---------------------------------------------------------------------------------------

    /**
     * Reads the units that are not current and have been quiet for three rounds: a unit written to continuously is
     * not worth reading, its months would be void at once. Reading is background work: while events are being
     * written, the warmer rests three times as long as each read took, so it takes at most a quarter of a core from
     * the ingest.
     */
    private void warm() {
        Map<String, Seen> seen = new HashMap<>();
        List<String> all = registry.subtree(registry.root().id());
        long quiet = 3 * warmInterval.toNanos();
        while (running) {
            LockSupport.parkNanos(warmInterval.toNanos());
            for (String unit : all) {
                if (!running) {
                    return;
                }
                if (fresh(unit) != null) {
                    continue;
                }
                Optional<SearchVisibility.Snapshot> snapshot = visibility.snapshot(List.of(unit));
                if (snapshot.isEmpty()) {
                    seen.remove(unit);
                    continue;
                }
                long now = System.nanoTime();
                Seen state = new Seen(snapshot.get().epoch(), snapshot.get().generations()[0], now);
                Seen before = seen.get(unit);
                if (!state.sameAs(before)) {
                    seen.put(unit, state);
                    continue;
                }
                if (now - before.sinceNanos() < quiet) {
                    continue;
                }
                try {
                    read(unit);
                } catch (RuntimeException e) {
                    // The store is down or busy: the questions are answered from searches meanwhile.
                    log.debug("cannot read unit {} into the ledger: {}", unit, e.toString());
                    break;
                }
                if (visibility.writesUnderway()) {
                    LockSupport.parkNanos(3 * (System.nanoTime() - now));
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
