package org.lawstats.aggregator.topology;

import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.lawstats.aggregator.indicators.FigureKey;
import org.lawstats.aggregator.indicators.FigureStore;
import org.lawstats.aggregator.indicators.Figures;
import org.lawstats.aggregator.indicators.Indicator;

/**
 * Step 4b, after the hop to the join's key: a join key's counted and matching events, whatever their order. An
 * unmatched indicator (pending requests) counts the events while the key has no match: those entering or leaving go to
 * this part's share of their month. A matched one (cohorts) counts the values while the key has one: those go on to
 * the persons, keyed by person.
 */
final class Join implements Processor<String, Join.JoinDelta, String, PersonCells.PersonDelta> {
    /**
     * One side of a join: a counted event of the indicator (its unit, month and, for a cohort, the value it counts),
     * or a matching event ({@code matching}), added or taken away.
     */
    record JoinDelta(boolean matching, String unitId, YearMonth month, String value, int sign) {
        static final StateSerde<JoinDelta> SERDE = StateSerde.of(
                JoinDelta.class,
                (delta, out) -> {
                    out.writeBoolean(delta.matching());
                    StateSerde.writeString(out, delta.unitId());
                    StateSerde.writeString(
                            out, delta.month() == null ? null : delta.month().toString());
                    StateSerde.writeString(out, delta.value());
                    out.writeInt(delta.sign());
                },
                in -> {
                    boolean matching = in.readBoolean();
                    String unitId = StateSerde.readString(in);
                    String month = StateSerde.readString(in);
                    return new JoinDelta(
                            matching,
                            unitId,
                            month == null ? null : YearMonth.parse(month),
                            StateSerde.readString(in),
                            in.readInt());
                });
    }

    /** A join key's counted events ({@link Entry#encode} to how many) and how many matching events it has. */
    record JoinState(Map<String, Integer> counted, long matching) {
        static final StateSerde<JoinState> SERDE = StateSerde.of(
                JoinState.class,
                (state, out) -> {
                    StateSerde.writeInts(out, state.counted());
                    out.writeLong(state.matching());
                },
                in -> new JoinState(StateSerde.readInts(in), in.readLong()));

        JoinState {
            counted = new TreeMap<>(counted);
        }
    }

    /** A counted event's place in a join: its unit, month and (for a cohort) value; "" for none. */
    record Entry(String unitId, YearMonth month, String value) {
        String encode() {
            return unitId + "|" + month + "|" + value;
        }

        static Entry parse(String encoded) {
            String[] parts = encoded.split("\\|", 3); // a value may hold bars; a unit and a month do not
            return new Entry(parts[0], YearMonth.parse(parts[1]), parts[2]);
        }
    }

    /** The key of a join's state: the indicator and its join key. */
    static String key(String indicator, String joinKey) {
        return indicator + "|" + joinKey;
    }

    private static String indicatorOf(String key) {
        return key.substring(0, key.indexOf('|')); // an indicator id has no bar
    }

    /** The indicators by id (the catalogue's ids are unique): looked up for every record. */
    private final Map<String, Indicator.Base> byId;

    private ProcessorContext<String, PersonCells.PersonDelta> context;
    private KeyValueStore<String, JoinState> store;
    private KeyValueStore<String, Figures> figures;

    Join(List<Indicator.Base> bases) {
        this.byId = bases.stream().collect(Collectors.toMap(Indicator::id, base -> base));
    }

    @Override
    public void init(ProcessorContext<String, PersonCells.PersonDelta> context) {
        this.context = context;
        this.store = context.getStateStore(EventTopology.JOINS_STORE);
        this.figures = context.getStateStore(FigureStore.JOINS.storeName());
    }

    @Override
    public void process(Record<String, JoinDelta> record) {
        String key = record.key();
        String id = indicatorOf(key);
        Indicator.Base base = byId.get(id);
        if (base == null) {
            throw new IllegalStateException("no join indicator " + id);
        }
        JoinState before = Optional.ofNullable(store.get(key)).orElse(new JoinState(Map.of(), 0));
        JoinDelta delta = record.value();
        Map<String, Integer> counted = new TreeMap<>(before.counted());
        long matching = before.matching();
        if (delta.matching()) {
            matching += delta.sign();
        } else {
            counted.merge(new Entry(delta.unitId(), delta.month(), delta.value()).encode(), delta.sign(), Integer::sum);
            counted.values().removeIf(n -> n == 0);
        }
        if (matching < 0 || counted.values().stream().anyMatch(n -> n < 0)) {
            throw new IllegalStateException("the join of " + key + " took away what it did not hold");
        }
        JoinState after = new JoinState(counted, matching);
        if (counted.isEmpty() && matching == 0) {
            store.delete(key);
        } else {
            store.put(key, after);
        }
        // Unmatched counts the events while the key has no match; matched counts the values while it has one.
        boolean wanted = base instanceof Indicator.Unmatched;
        Map<String, Integer> was = (before.matching() == 0) == wanted ? before.counted() : Map.of();
        Map<String, Integer> now = (after.matching() == 0) == wanted ? after.counted() : Map.of();
        Set<String> entries = new HashSet<>(was.keySet());
        entries.addAll(now.keySet());
        for (String encoded : entries) {
            int change = now.getOrDefault(encoded, 0) - was.getOrDefault(encoded, 0);
            if (change == 0) {
                continue;
            }
            Entry entry = Entry.parse(encoded);
            if (wanted) {
                FigureShares.add(
                        figures, new FigureKey.UnitMonth(entry.unitId(), entry.month()), Map.of(id, (long) change));
            } else {
                // A cohort's value counts once per person: each event is a person delta of its own.
                for (int i = 0; i < Math.abs(change); i++) {
                    context.forward(record.withKey(PersonCells.key(id, entry.value()))
                            .withValue(new PersonCells.PersonDelta(
                                    entry.unitId(), entry.month(), Integer.signum(change))));
                }
            }
        }
    }
}
