package org.lawstats.aggregator.deadlines;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a dashboard shows of a subtree's time limits: how many are overdue and due soon, by kind, and the first of
 * each list, overdue first; the names as {@code config/deadlines.yml} and {@link Deadline.Status} give them.
 */
@Component
public class DeadlinePanel {
    private static final List<Deadline.Status> SHOWN = List.of(Deadline.Status.OVERDUE, Deadline.Status.DUE_SOON);

    private final DeadlineStore store;
    private final Deadlines deadlines;
    private final DeadlineRules rules;

    DeadlinePanel(DeadlineStore store, Deadlines deadlines, DeadlineRules rules) {
        this.store = store;
        this.deadlines = deadlines;
        this.rules = rules;
    }

    /** One kind of time limit: its name, and how many of the subtree's are overdue and due soon. */
    public record KindCount(String kind, String name, long overdue, long dueSoon) {}

    /**
     * @param statuses each shown status's name, overdue first
     * @param items the first {@code listed} overdue, then the first {@code listed} due soon, soonest due first
     */
    public record Panel(
            long overdue,
            long dueSoon,
            Map<String, String> statuses,
            List<KindCount> kinds,
            List<DeadlineItem> items) {}

    public Panel of(List<String> units, int listed) {
        LocalDate today = deadlines.today();
        LocalDate soonUntil = deadlines.soonUntil(today);
        Map<String, String> statuses = new LinkedHashMap<>();
        long[] totals = new long[SHOWN.size()];
        List<DeadlineItem> items = new ArrayList<>();
        for (int s = 0; s < SHOWN.size(); s++) {
            Deadline.Status status = SHOWN.get(s);
            statuses.put(status.name(), status.label());
            DeadlineStore.Page page =
                    store.search(new DeadlineStore.Query(units, null, status, null, null, today, soonUntil, 0, listed));
            totals[s] = page.total();
            page.items().forEach(d -> items.add(DeadlineItem.of(d, deadlines, today, soonUntil)));
        }
        List<KindCount> kinds = new ArrayList<>();
        for (DeadlineRule.Kind kind : DeadlineRule.Kind.values()) {
            long[] counts = new long[SHOWN.size()];
            for (int s = 0; s < SHOWN.size(); s++) {
                counts[s] = store.search(
                                new DeadlineStore.Query(units, kind, SHOWN.get(s), null, null, today, soonUntil, 0, 1))
                        .total();
            }
            kinds.add(new KindCount(kind.name(), rules.rule(kind).name(), counts[0], counts[1]));
        }
        return new Panel(totals[0], totals[1], statuses, kinds, items);
    }
}
