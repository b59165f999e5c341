package org.lawstats.aggregator.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Knows, per unit, whether everything this process stored is visible to searches, and makes it so quickly.
 *
 * <p>Around a bulk write the ingest calls {@link #writing} and {@link #written}: the units' generations move on and
 * they are pending until a refresh that started after the write ended has finished. A refresher thread runs that refresh at most every
 * {@link StoreProperties#visibilityInterval()} (200 ms by default) instead of waiting for the index's own 1 s refresh,
 * then announces {@link EventsVisible}. Views may cache a result computed from searches only while its units are not
 * pending and their generations have not moved ({@link Snapshot}); that is what makes the figures cache exact.
 *
 * <p>Valid only while this process is the only writer: {@link #exclusive} is set by the ingest while it holds every
 * partition of the event topics, and anything else (another consumer in the group, a rebalance, an index switch)
 * invalidates everything.
 */
@Component
public class SearchVisibility implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SearchVisibility.class);

    private final ElasticsearchClient client;
    private final String alias;
    private final Duration interval;
    private final ApplicationEventPublisher events;
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Long> writes = new ConcurrentHashMap<>();
    // unit -> {epoch, generation before the one write in flight, generation after it (while views follow it)}
    private final Map<String, long[]> settling = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicBoolean exclusive = new AtomicBoolean();
    private volatile Thread refresher;
    private volatile boolean running;

    SearchVisibility(
            ElasticsearchClient client,
            EventIndexInitializer index,
            StoreProperties properties,
            ApplicationEventPublisher events) {
        this.client = client;
        this.alias = index.alias();
        this.interval = properties.visibilityInterval();
        this.events = events;
    }

    /**
     * A write of these units' events begins: whatever was cached for them is void, and nothing computed while the
     * write is in flight is cached. Always paired with {@link #written(Write, List)}.
     */
    public Write writing(Collection<String> unitIds) {
        long began = epoch.get();
        Map<String, Long> before = new HashMap<>();
        Set<String> shared = new java.util.HashSet<>();
        Map<String, Long> sequence = new HashMap<>();
        for (String unit : unitIds) {
            long generation = generations.getOrDefault(unit, 0L);
            if (inFlight.merge(unit, 1, Integer::sum) > 1) {
                shared.add(unit);
                settling.remove(unit);
            } else {
                settling.put(unit, new long[] {began, generation, generation});
            }
            sequence.put(unit, writes.merge(unit, 1L, Long::sum));
            before.put(unit, generation);
        }
        bump(unitIds);
        return new Write(began, Map.copyOf(before), Set.copyOf(shared), Map.copyOf(sequence));
    }

    /**
     * The write ended: its units are pending until refreshed. {@code changes} are what it changed in the event index,
     * or null when that is not known (it failed part way); when known, {@link EventsWritten} tells views kept in
     * memory the changes of the units this write had to itself, so that they can follow the write instead of
     * reading the units again.
     */
    public void written(Write write, List<StoredChange> changes) {
        Set<String> unitIds = write.before().keySet();
        long generation = clock.incrementAndGet();
        Map<String, Snapshot> alone = new HashMap<>();
        Map<String, Snapshot> before = new HashMap<>();
        boolean sameEpoch = write.epoch() == epoch.get();
        for (String unit : unitIds) {
            if (sameEpoch
                    && exclusive.get()
                    && !write.shared().contains(unit)
                    && writes.getOrDefault(unit, 0L).equals(write.sequence().get(unit))) {
                alone.put(unit, new Snapshot(write.epoch(), new long[] {generation}));
                before.put(
                        unit,
                        new Snapshot(write.epoch(), new long[] {write.before().get(unit)}));
                if (changes != null) {
                    // while the views follow, the unit is settled both as it was and as it is about to be
                    settling.put(unit, new long[] {write.epoch(), write.before().get(unit), generation});
                }
            }
        }
        try {
            if (changes != null && !alone.isEmpty()) {
                events.publishEvent(new EventsWritten(before, alone, changes));
            }
        } finally {
            bump(unitIds, generation);
            for (String unit : unitIds) {
                Integer writing = inFlight.computeIfPresent(unit, (u, n) -> n == 1 ? null : n - 1);
                if (alone.containsKey(unit) || writing == null) {
                    settling.remove(unit);
                }
            }
            Thread thread = refresher;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    private void bump(Collection<String> unitIds) {
        bump(unitIds, clock.incrementAndGet());
    }

    private void bump(Collection<String> unitIds, long generation) {
        // pending first, then the generation: a reader that sees the new generation also sees it pending
        unitIds.forEach(unit -> pending.put(unit, generation));
        unitIds.forEach(unit -> generations.put(unit, generation));
    }

    /**
     * A write in progress: the epoch and each unit's generation when it began, the units another write was already
     * writing, and each unit's count of writes begun (any later begin means the write did not have the unit alone).
     */
    public record Write(long epoch, Map<String, Long> before, Set<String> shared, Map<String, Long> sequence) {}

    /** Whether this process is the only writer of the event index (it holds every event partition). */
    public void exclusive(boolean exclusive) {
        this.exclusive.set(exclusive);
        invalidateAll();
    }

    /**
     * The epoch now if this process is the only writer, else -1: what a writer may remember of its own writes is
     * valid only within one such epoch.
     */
    public long soleWriterEpoch() {
        long now = epoch.get();
        return exclusive.get() ? now : -1;
    }

    /** Something outside the per-unit bookkeeping changed (rebalance, index switch): nothing cached stands. */
    public void invalidateAll() {
        epoch.incrementAndGet();
    }

    /**
     * The state of these units now, or empty if a result computed from a search now may not be cached (a unit has
     * writes not yet visible, or another process may write).
     */
    public java.util.Optional<Snapshot> snapshot(List<String> unitIds) {
        long currentEpoch = epoch.get();
        long[] seen = new long[unitIds.size()];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = generations.getOrDefault(unitIds.get(i), 0L);
        }
        if (!exclusive.get()) {
            return java.util.Optional.empty();
        }
        for (String unit : unitIds) {
            if (pending.containsKey(unit) || inFlight.containsKey(unit)) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new Snapshot(currentEpoch, seen));
    }

    /**
     * The unit's state if no write of it is in flight, for a reader that makes its writes searchable itself (a
     * refresh begun after this call, when {@link #pending}); empty if another process may write.
     */
    public java.util.Optional<Snapshot> notWriting(String unit) {
        long currentEpoch = epoch.get();
        long generation = generations.getOrDefault(unit, 0L);
        if (!exclusive.get() || inFlight.containsKey(unit)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Snapshot(currentEpoch, new long[] {generation}));
    }

    /** Whether a write of the unit has ended but is not yet searchable. */
    public boolean pending(String unit) {
        return pending.containsKey(unit);
    }

    /** Whether any write is in flight or not yet searchable, for any unit: the ingest is busy. */
    public boolean writesUnderway() {
        return !inFlight.isEmpty() || !pending.isEmpty();
    }

    /** Whether nothing changed for these units since the snapshot. */
    public boolean unchanged(Snapshot snapshot, List<String> unitIds) {
        if (snapshot.epoch() != epoch.get() || !exclusive.get()) {
            return false;
        }
        for (int i = 0; i < unitIds.size(); i++) {
            if (generations.getOrDefault(unitIds.get(i), 0L) != snapshot.generations()[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the unit is in the state of this single-unit snapshot, or is being written to from that state by one
     * write not yet ended (whose documents count from the moment it is told): what a view that follows the told
     * writes ({@link EventsWritten}) may serve as the unit's current state. Stricter {@link #unchanged} is for
     * results computed from searches, which may see part of a write in flight.
     */
    public boolean settled(Snapshot snapshot, String unit) {
        if (snapshot.epoch() != epoch.get() || !exclusive.get()) {
            return false;
        }
        long at = snapshot.generations()[0];
        if (generations.getOrDefault(unit, 0L) == at) {
            return true;
        }
        long[] writing = settling.get(unit);
        return writing != null
                && writing[0] == snapshot.epoch()
                && (writing[1] == at || writing[2] == at)
                && inFlight.getOrDefault(unit, 0) == 1;
    }

    /** The epoch and the generation of each unit, in the order of the unit list it was taken for. */
    public record Snapshot(long epoch, long[] generations) {
        /** Whether both describe the same state (a record's equals compares arrays by identity). */
        public boolean sameAs(Snapshot other) {
            return other != null && epoch == other.epoch && java.util.Arrays.equals(generations, other.generations);
        }
    }

    private void refreshLoop() {
        long last = 0;
        while (running) {
            if (pending.isEmpty()) {
                LockSupport.parkNanos(interval.toNanos());
                continue;
            }
            long wait = last + interval.toNanos() - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            Map<String, Long> before = pendingNow();
            last = System.nanoTime();
            try {
                client.indices().refresh(r -> r.index(alias));
            } catch (Exception e) {
                // The units stay pending (not cached) and the next round tries again; the index's own refresh
                // still makes the events searchable.
                log.debug("refresh failed: {}", e.toString());
                continue;
            }
            visible(before);
        }
    }

    /** A refresh that began after these (unit, generation) writes has finished. */
    void visible(Map<String, Long> refreshed) {
        // only if unchanged: a unit written again during the refresh stays pending
        refreshed.forEach(pending::remove);
        events.publishEvent(new EventsVisible(Set.copyOf(refreshed.keySet())));
    }

    /** A copy of the units pending now and their generations, taken just before a refresh begins. */
    Map<String, Long> pendingNow() {
        return new HashMap<>(pending);
    }

    @Override
    public void start() {
        running = true;
        refresher = Thread.ofPlatform().daemon().name("search-visibility").start(this::refreshLoop);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = refresher;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
