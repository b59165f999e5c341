package org.lawstats.aggregator.periods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.indicators.AsReported;
import org.lawstats.aggregator.indicators.Basis;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.ingest.AggregationCut;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.ConflictException;
import org.lawstats.aggregator.web.NotFoundException;
import org.lawstats.aggregator.web.ServiceUnavailableException;
import org.springframework.stereotype.Service;

/**
 * The rules of the reporting periods (api.md § Reporting periods): who submits, returns, locks and unlocks, what a
 * lock holds and which lock a question as reported is answered from.
 */
@Service
class Periods implements AsReported {
    static final Duration CUT_TIMEOUT = Duration.ofSeconds(60);
    /** The longest reason kept, as the page's field allows. */
    static final int MAX_REASON = 200;

    private final PeriodStore store;
    private final Copies copies;
    private final AggregationCut cut;
    private final StatsService stats;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final PeriodsProperties properties;
    private final Clock clock;

    Periods(
            PeriodStore store,
            Copies copies,
            AggregationCut cut,
            StatsService stats,
            UnitRegistry registry,
            UnitAccess access,
            PeriodsProperties properties,
            Clock clock) {
        this.store = store;
        this.copies = copies;
        this.cut = cut;
        this.stats = stats;
        this.registry = registry;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    /** A lock that cannot hold every event written before it yet (api.md: 503 with Retry-After). */
    static class NotCountedYetException extends ServiceUnavailableException {
        NotCountedYetException(AggregationCut.NotReachedException cause) {
            super(
                    "not every event written before the lock has been counted within " + CUT_TIMEOUT.toSeconds()
                            + " s; lock again shortly",
                    15,
                    cause);
        }
    }

    /** A period of api.md a unit reports for: a year or a quarter (400 for a month or anything else). */
    Period period(String text) {
        Period period;
        try {
            period = Period.parse(text == null ? "" : text.strip(), registry.zone());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("period must be YYYY or YYYY-Qn (e.g. 2024, 2024-Q4)");
        }
        if (!period.label().matches("\\d{4}(-Q[1-4])?")) {
            throw new BadRequestException("a reporting period is a year or a quarter (YYYY or YYYY-Qn), not a month");
        }
        return period;
    }

    /** The state of a period over a subtree: the lock in force, the earlier locks, one row per unit. */
    record State(String period, String unit, PeriodStore.Lock lock, List<PeriodStore.Lock> history, List<Row> rows) {}

    record Row(String unitId, String unitName, PeriodStore.Submission submission) {}

    State state(Period period, String unit) {
        List<String> subtree = registry.subtree(unit);
        Map<String, PeriodStore.Submission> submitted = store.submissions(period.label(), subtree);
        List<Row> rows = subtree.stream()
                .map(id -> new Row(id, registry.find(id).orElseThrow().name(), submitted.get(id)))
                .toList();
        List<PeriodStore.Lock> locks = store.locks(period.label(), registry.lineage(unit));
        PeriodStore.Lock inForce = covering(locks, unit).orElse(null);
        List<PeriodStore.Lock> history =
                locks.stream().filter(lock -> !lock.inForce()).toList();
        return new State(period.label(), unit, inForce, history, rows);
    }

    PeriodStore.Submission submit(Period period, String unit, LawstatsUser user) {
        refuseWhileLocked(period, unit, "submitted");
        PeriodStore.Submission submission = new PeriodStore.Submission(
                PeriodStore.SUBMISSION,
                period.label(),
                unit,
                "SUBMITTED",
                clock.instant().toString(),
                user.username(),
                null,
                null,
                null);
        store.save(submission);
        return submission;
    }

    /**
     * A reason as kept: stripped, at most {@link #MAX_REASON} characters (400 beyond: it is shown on pages and in the
     * audit trail); null when none was given, and then a 400 saying why when {@code neededFor} says one is needed.
     */
    static String reason(String reason, String neededFor) {
        if (reason == null || reason.isBlank()) {
            if (neededFor != null) {
                throw new BadRequestException(neededFor + " needs a reason (reason)");
            }
            return null;
        }
        String kept = reason.strip();
        if (kept.codePointCount(0, kept.length()) > MAX_REASON) {
            throw new BadRequestException("a reason is at most " + MAX_REASON + " characters");
        }
        return kept;
    }

    PeriodStore.Submission giveBack(Period period, String unit, String reason, LawstatsUser user) {
        String why = reason(reason, "a return");
        refuseWhileLocked(period, unit, "returned");
        PeriodStore.Submission before =
                store.submissions(period.label(), List.of(unit)).get(unit);
        PeriodStore.Submission returned = new PeriodStore.Submission(
                PeriodStore.SUBMISSION,
                period.label(),
                unit,
                "RETURNED",
                before == null ? null : before.submittedAt(),
                before == null ? null : before.submittedBy(),
                clock.instant().toString(),
                user.username(),
                why);
        store.save(returned);
        return returned;
    }

    /**
     * Locks the subtree: refused while a unit has not submitted (unless forced, with a reason) or while a lock covers
     * it; waits for the pipeline to reach its cut, copies what the figures are evaluated over, and evaluates them.
     */
    PeriodStore.Lock lock(Period period, String unit, boolean force, String reason, LawstatsUser user) {
        String why = reason(reason, force ? "a forced lock" : null);
        refuseWhileLocked(period, unit, "locked again");
        List<String> subtree = registry.subtree(unit);
        Map<String, PeriodStore.Submission> submitted = store.submissions(period.label(), subtree);
        List<String> notSubmitted = subtree.stream()
                .filter(id -> submitted.get(id) == null
                        || !"SUBMITTED".equals(submitted.get(id).state()))
                .toList();
        if (!force && !notSubmitted.isEmpty()) {
            throw new ConflictException(
                    notSubmitted.size() + " unit(s) of the subtree have not submitted " + period.label()
                            + ": lock with force and a reason, or wait for them",
                    notSubmitted);
        }
        try {
            cut.await(CUT_TIMEOUT);
        } catch (AggregationCut.NotReachedException e) {
            throw new NotCountedYetException(e);
        }
        Instant lockedAt = clock.instant();
        int version = store.locks(period.label(), List.of(unit)).stream()
                        .mapToInt(PeriodStore.Lock::version)
                        .max()
                        .orElse(0)
                + 1;
        PeriodStore.Lock pending = new PeriodStore.Lock(
                PeriodStore.LOCK,
                period.label(),
                unit,
                version,
                lockedAt.toString(),
                user.username(),
                force,
                why,
                LocalDate.ofInstant(lockedAt, registry.zone()).toString(),
                null,
                null);
        if (!store.claim(pending)) {
            throw new ConflictException("the reports of " + unit + " for " + period.label() + " are being locked");
        }
        try {
            Copies.Made made = copies.make(period, subtree);
            Basis basis = new Basis(made.events(), made.deadlines(), LocalDate.parse(pending.day()));
            PeriodStore.Lock lock = pending.with(new PeriodStore.Lock.Made(
                    made.events(), made.deadlines(), stats.computeOver(basis, period, subtree)));
            store.save(lock);
            return lock;
        } catch (RuntimeException e) {
            store.abandon(pending);
            throw e;
        }
    }

    PeriodStore.Lock unlock(Period period, String unit, String reason, LawstatsUser user) {
        String why = reason(reason, "an unlock");
        PeriodStore.Lock lock = store.locks(period.label(), List.of(unit)).stream()
                .filter(PeriodStore.Lock::inForce)
                .findFirst()
                .orElseThrow(() -> new NotFoundException(unit + " is not locked for " + period.label()));
        PeriodStore.Lock unlocked =
                lock.with(new PeriodStore.Lock.Unlock(clock.instant().toString(), user.username(), why));
        store.save(unlocked);
        return unlocked;
    }

    @Override
    public Optional<Report> find(Period period, String unitId, Integer version) {
        List<PeriodStore.Lock> locks = store.locks(period.label(), registry.lineage(unitId));
        Optional<PeriodStore.Lock> lock = version == null
                ? covering(locks, unitId).filter(PeriodStore.Lock::ready)
                : nearest(locks, unitId, l -> l.version() == version && l.ready());
        return lock.map(Periods::report);
    }

    /** The lock in force over a unit and the figures it holds, for the changes since. */
    PeriodStore.Lock inForce(Period period, String unit) {
        return covering(store.locks(period.label(), registry.lineage(unit)), unit)
                .filter(PeriodStore.Lock::ready)
                .orElseThrow(() -> new NotFoundException("no lock covers " + unit + " for " + period.label()));
    }

    static Report report(PeriodStore.Lock lock) {
        return new Report(
                new Basis(lock.made().eventsIndex(), lock.made().deadlinesIndex(), LocalDate.parse(lock.day())),
                lock.version(),
                Instant.parse(lock.lockedAt()));
    }

    /** A figure as reported and now. */
    record Difference(Number reported, Number current) {}

    /**
     * The figures of the lock's subtree units, as reported and now: those that differ, by unit. Only the units whose
     * subtree holds one of {@code touched} are evaluated (each costs an evaluation of the lock's copy): a figure moves
     * only where a revision was written or a time limit ran on, as long as every join of the catalogue is within a
     * unit; a join across units makes every unit a candidate.
     */
    Map<String, Map<String, Difference>> differences(
            Period period, PeriodStore.Lock lock, String unit, Set<String> touched) {
        boolean joinsWithinUnits = stats.catalogue().bases().stream()
                .allMatch(base ->
                        base.join().map(join -> join.on().contains("unitId")).orElse(true));
        List<String> candidates = registry.subtree(unit).stream()
                .filter(each ->
                        !joinsWithinUnits || registry.subtree(each).stream().anyMatch(touched::contains))
                .toList();
        if (candidates.size() > properties.changesMaxUnits()) {
            throw new BadRequestException("the figures of " + candidates.size() + " units of " + unit
                    + " may have changed since the lock, more than " + properties.changesMaxUnits()
                    + " (lawstats.periods.changes-max-units) are compared at once: ask for a unit lower down");
        }
        Basis basis = report(lock).basis();
        Map<String, Map<String, Difference>> differences = new LinkedHashMap<>();
        for (String each : candidates) {
            List<String> subtree = registry.subtree(each);
            Map<String, Number> reported = stats.computeOver(basis, period, subtree);
            Map<String, Number> current = stats.compute(period, each, FiguresView.Scope.SUBTREE);
            Map<String, Difference> changed = new LinkedHashMap<>();
            reported.forEach((id, value) -> {
                if (!same(value, current.get(id))) {
                    changed.put(id, new Difference(value, current.get(id)));
                }
            });
            if (!changed.isEmpty()) {
                differences.put(each, changed);
            }
        }
        return differences;
    }

    private static boolean same(Number a, Number b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.getClass() == b.getClass() ? a.equals(b) : a.doubleValue() == b.doubleValue();
    }

    private void refuseWhileLocked(Period period, String unit, String what) {
        covering(store.locks(period.label(), registry.lineage(unit)), unit).ifPresent(lock -> {
            throw new ConflictException(unit + " cannot be " + what + " for " + period.label() + ": the reports of "
                    + lock.unitId() + " are locked (version " + lock.version() + ")");
        });
    }

    /** The lock in force nearest above (or at) the unit. */
    private Optional<PeriodStore.Lock> covering(List<PeriodStore.Lock> locks, String unit) {
        return nearest(locks, unit, PeriodStore.Lock::inForce);
    }

    private Optional<PeriodStore.Lock> nearest(
            List<PeriodStore.Lock> locks, String unit, Predicate<PeriodStore.Lock> which) {
        for (String each : registry.lineage(unit)) {
            Optional<PeriodStore.Lock> found = locks.stream()
                    .filter(lock -> lock.unitId().equals(each) && which.test(lock))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
