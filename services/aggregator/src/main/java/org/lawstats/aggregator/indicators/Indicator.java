package org.lawstats.aggregator.indicators;

import java.util.List;
import java.util.Map;
import org.lawstats.contract.EventType;

/**
 * One indicator of the catalogue, as defined in {@code config/indicators.yml}.
 *
 * @param kind how it is computed
 * @param type the event type counted (not for ratios)
 * @param field the document field for {@code distinct} and {@code sum}
 * @param where document field to accepted values; all must match
 * @param numerator for ratios
 * @param denominator for ratios
 * @param match for {@code unmatched}: the events whose existence removes one from the count
 */
public record Indicator(
        String id,
        String name,
        String nameEn,
        Kind kind,
        EventType type,
        String field,
        Map<String, List<String>> where,
        Indicator numerator,
        Indicator denominator,
        Match match) {

    /** The computation kinds the engine knows. */
    public enum Kind {
        COUNT("count"),
        DISTINCT("count"),
        SUM("sum"),
        RATIO("rate"),
        UNMATCHED("count");

        private final String apiKind;

        Kind(String apiKind) {
            this.apiKind = apiKind;
        }

        /** What {@code /api/v1/indicators} calls it: count, rate or sum. */
        public String apiKind() {
            return apiKind;
        }
    }

    /** The join of an {@code unmatched} indicator: events of {@code type} with equal values of the {@code on} fields. */
    public record Match(EventType type, List<String> on) {
        public Match {
            on = List.copyOf(on);
        }
    }

    public Indicator {
        where = where == null ? Map.of() : Map.copyOf(where);
    }
}
