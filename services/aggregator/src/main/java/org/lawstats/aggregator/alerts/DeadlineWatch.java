package org.lawstats.aggregator.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.deadlines.DeadlineStore;
import org.lawstats.aggregator.deadlines.Deadlines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Looks at the matters not met that are due soon or past due (within the lookback) and announces each one whose
 * status changed since the previous look ({@link DeadlineTurned}). A status turns when a day passes or when the events
 * move a due date, so the watch compares what it sees rather than following the writes. The first look after a start
 * only learns what there is: a restart is not news. Each instance watches for its own live streams.
 */
@Component
class DeadlineWatch {
    private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);

    private final DeadlineStore store;
    private final Deadlines deadlines;
    private final ApplicationEventPublisher publisher;
    private final AlertsProperties properties;
    private final MeterRegistry meters;
    private Map<String, Deadline.Status> seen; // null until the first look
    private boolean warnedFull;

    DeadlineWatch(
            DeadlineStore store,
            Deadlines deadlines,
            ApplicationEventPublisher publisher,
            AlertsProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.deadlines = deadlines;
        this.publisher = publisher;
        this.properties = properties;
        this.meters = meters;
    }

    /** One look: announces what turned since the last one. */
    synchronized void look() {
        long started = System.nanoTime();
        LocalDate today = deadlines.today();
        LocalDate soonUntil = deadlines.soonUntil(today);
        DeadlineStore.Page page;
        try {
            page = store.unmetDue(today.minusDays(properties.watchLookbackDays()), soonUntil);
        } catch (RuntimeException e) {
            log.warn("the deadline watch cannot read the deadlines ({}); it looks again later", e.getMessage());
            return;
        }
        if (page.total() > page.items().size() && !warnedFull) {
            warnedFull = true;
            log.warn(
                    "{} matters are due soon or overdue; the live notices follow the first {} (lower"
                            + " lawstats.alerts.watch-lookback-days)",
                    page.total(),
                    page.items().size());
        }
        Map<String, Deadline.Status> now = new HashMap<>();
        List<DeadlineTurned> turned = new ArrayList<>();
        for (Deadline deadline : page.items()) {
            Deadline.Status status = deadline.status(today, soonUntil);
            if (status != Deadline.Status.DUE_SOON && status != Deadline.Status.OVERDUE) {
                continue;
            }
            String key = deadline.kind() + "|" + deadline.unitId() + "|" + deadline.ref();
            now.put(key, status);
            if (seen != null && seen.get(key) != status) {
                turned.add(new DeadlineTurned(
                        deadline,
                        status,
                        deadlines.workingDaysLeft(deadline, today),
                        deadlines.provisional(deadline, today)));
            }
        }
        seen = now;
        // Each completed look: how long it took, and (its count) that the watch has its baseline.
        meters.timer("lawstats.deadlines.watch").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        for (DeadlineTurned each : turned) {
            meters.counter("lawstats.deadlines.turned", "status", each.status().name())
                    .increment();
            publisher.publishEvent(each);
        }
    }
}
