package org.lawstats.aggregator.topology;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.lawstats.aggregator.indicators.FigureKey;
import org.lawstats.aggregator.indicators.FigureStore;
import org.lawstats.aggregator.indicators.Figures;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.registry.UnitRegistry;

/**
 * Step 4c, after the hop to the person: a person's counted events of one distinct indicator, by unit and month. A
 * person counts once in every cell (scope, unit, period) that holds one of them: the unit itself ({@code self}) and
 * each unit above it and itself ({@code subtree}), in the month, its quarter and its year. A change that makes the
 * person enter or leave a cell is +1 or -1 to this part's share of that cell's count; each person is in one part, so
 * the shares add up exactly.
 */
final class PersonCells implements Processor<String, PersonCells.PersonDelta, Void, Void> {
    /** One counted event of a person in a unit and month, added (+1) or taken away (-1). */
    record PersonDelta(String unitId, YearMonth month, int sign) {
        static final StateSerde<PersonDelta> SERDE = StateSerde.of(
                PersonDelta.class,
                (delta, out) -> {
                    StateSerde.writeString(out, delta.unitId());
                    StateSerde.writeString(out, delta.month().toString());
                    out.writeInt(delta.sign());
                },
                in -> new PersonDelta(
                        StateSerde.readString(in), YearMonth.parse(StateSerde.readString(in)), in.readInt()));
    }

    /** How many counted events a person has per unit-month ({@link #unitMonth}), for one distinct indicator. */
    record Counts(Map<String, Integer> counts) {
        static final StateSerde<Counts> SERDE = StateSerde.of(
                Counts.class,
                (counts, out) -> StateSerde.writeInts(out, counts.counts()),
                in -> new Counts(StateSerde.readInts(in)));

        Counts {
            counts = new TreeMap<>(counts);
        }
    }

    /** One cell of a distinct count: a scope, a unit and a period of a year. */
    private record Cell(FiguresView.Scope scope, String unit, int year, String period) {
        /** This cell entered (+1) or left (-1), as a change of its period in its year's figure. */
        void change(Map<FigureKey, Map<String, Long>> changes, String indicator, long sign) {
            changes.computeIfAbsent(new FigureKey.CellYear(indicator, scope, unit, year), k -> new HashMap<>())
                    .put(period, sign);
        }
    }

    /** The key of a person's state: the indicator and the person. */
    static String key(String indicator, String person) {
        return indicator + "|" + person;
    }

    private static String indicatorOf(String key) {
        return key.substring(0, key.indexOf('|')); // an indicator id has no bar
    }

    private static String unitMonth(String unitId, YearMonth month) {
        return unitId + "|" + month;
    }

    private final UnitRegistry registry;
    private KeyValueStore<String, Counts> store;
    private KeyValueStore<String, Figures> figures;

    PersonCells(UnitRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(EventTopology.PERSONS_STORE);
        this.figures = context.getStateStore(FigureStore.CELLS.storeName());
    }

    @Override
    public void process(Record<String, PersonDelta> record) {
        String key = record.key();
        String id = indicatorOf(key);
        Counts before = Optional.ofNullable(store.get(key)).orElse(new Counts(Map.of()));
        PersonDelta delta = record.value();
        Map<String, Integer> counts = new TreeMap<>(before.counts());
        counts.merge(unitMonth(delta.unitId(), delta.month()), delta.sign(), Integer::sum);
        if (counts.values().stream().anyMatch(n -> n < 0)) {
            throw new IllegalStateException("a person's event taken away that " + key + " does not hold");
        }
        counts.values().removeIf(n -> n == 0);
        if (counts.isEmpty()) {
            store.delete(key);
        } else {
            store.put(key, new Counts(counts));
        }
        Set<Cell> was = cells(before.counts().keySet());
        Set<Cell> now = cells(counts.keySet());
        Map<FigureKey, Map<String, Long>> changes = new HashMap<>();
        for (Cell cell : now) {
            if (!was.contains(cell)) {
                cell.change(changes, id, 1);
            }
        }
        for (Cell cell : was) {
            if (!now.contains(cell)) {
                cell.change(changes, id, -1);
            }
        }
        changes.forEach((year, periods) -> FigureShares.add(figures, year, periods));
    }

    private Set<Cell> cells(Set<String> unitMonths) {
        Set<Cell> cells = new HashSet<>();
        for (String unitMonth : unitMonths) {
            int bar = unitMonth.indexOf('|');
            String unit = unitMonth.substring(0, bar);
            YearMonth month = YearMonth.parse(unitMonth.substring(bar + 1));
            for (String period : FigureKey.CellYear.periodsOf(month)) {
                cells.add(new Cell(FiguresView.Scope.SELF, unit, month.getYear(), period));
                for (String above : registry.lineage(unit)) {
                    cells.add(new Cell(FiguresView.Scope.SUBTREE, above, month.getYear(), period));
                }
            }
        }
        return cells;
    }
}
