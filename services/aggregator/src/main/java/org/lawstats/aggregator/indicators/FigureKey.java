package org.lawstats.aggregator.indicators;

import java.time.YearMonth;
import java.util.List;

/**
 * The key of a figure the aggregation keeps (ADR 15), encoded by the topology and parsed by the view with this one
 * type: a unit-month's counts and sums, or a distinct count's cells of one indicator, scope, unit and year.
 */
public sealed interface FigureKey {
    /** The unit the figure is about. */
    String unit();

    /** The key as stored and published. */
    String encode();

    /** Parses what {@link #encode} made; anything else is refused. */
    static FigureKey parse(String key) {
        String[] parts = key.split("\\|", -1);
        try {
            if (parts.length == 3 && parts[0].equals("u")) {
                return new UnitMonth(parts[1], YearMonth.parse(parts[2]));
            }
            if (parts.length == 5 && parts[0].equals("c")) {
                return new CellYear(parts[1], FiguresView.Scope.of(parts[2]), parts[3], Integer.parseInt(parts[4]));
            }
        } catch (RuntimeException e) {
            // falls through to the same refusal
        }
        throw new IllegalArgumentException("not a key of the figures: " + key);
    }

    /** The counts and sums of a unit's own events in a month (indicator id to value), which add up over units. */
    record UnitMonth(String unit, YearMonth month) implements FigureKey {
        @Override
        public String encode() {
            return "u|" + unit + "|" + month;
        }
    }

    /**
     * The distinct count of an indicator in each cell (scope, unit, period) of one year (period to count): counts
     * that do not add up, one record for the year, its quarters and its months.
     */
    record CellYear(String indicator, FiguresView.Scope scope, String unit, int year) implements FigureKey {
        @Override
        public String encode() {
            return "c|" + indicator + "|" + scope.key() + "|" + unit + "|" + year;
        }

        /** The cells of a year whose month is {@code month}: the month, its quarter and the year, as /stats names them. */
        public static List<String> periodsOf(YearMonth month) {
            return List.of(
                    month.toString(),
                    month.getYear() + "-Q" + ((month.getMonthValue() + 2) / 3),
                    Integer.toString(month.getYear()));
        }
    }
}
