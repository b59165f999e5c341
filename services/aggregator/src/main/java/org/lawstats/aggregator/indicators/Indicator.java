package org.lawstats.aggregator.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.contract.EventType;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * One indicator of the catalogue, as defined in {@code config/indicators.yml}.
 *
 * @param kind how it is computed
 * @param type the event type counted (not for ratios)
 * @param field the document field for {@code distinct} and {@code sum}
 * @param where document field to accepted values; all must match
 * @param numerator for ratios
 * @param denominator for ratios
 * @param match for {@code unmatched}: the events whose existence removes one from the count; for {@code matched}: the
 *     events whose existence makes one count
 * @param deadline for {@code overdue}: the kind of time limit (api.md § Deadlines) that the events of {@code type}
 *     start
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
        Match match,
        DeadlineRule.Kind deadline) {

    /** The computation kinds the engine knows. */
    public enum Kind {
        COUNT("count"),
        DISTINCT("count"),
        SUM("sum"),
        RATIO("rate"),
        UNMATCHED("count"),
        /**
         * Distinct values of {@code field} over the events that have a counted event of {@code match.type} with equal
         * values of the {@code match.on} fields, whatever that event's period: the numerator of a cohort rate.
         */
        MATCHED("count"),
        /**
         * The matters of the {@code deadline} kind started by the events of {@code type} in the period whose time
         * limit has passed without being met by its last day (met late, or not met and past due), on the day asked:
         * the passing of a day changes it where no event does, so it is asked of the deadlines at query time.
         */
        OVERDUE("count");

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

    private static final Map<String, JsonPointer> POINTERS = new ConcurrentHashMap<>();

    public Indicator {
        where = where == null ? Map.of() : Map.copyOf(where);
    }

    // The meaning of a base indicator over one event document, the definition every engine evaluates: the stream's
    // contributions, and the search's filters (a terms filter per where field, keyword and boolean values as text).

    /** Whether this base indicator counts the document: its type, and one of the accepted values of every where. */
    public boolean counts(JsonNode document) {
        if (!type.wireName().equals(document.path("type").asString())) {
            return false;
        }
        for (var condition : where.entrySet()) {
            String value = value(document, condition.getKey());
            if (value == null || !condition.getValue().contains(value)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the document is one of the events that match this indicator's join ({@code match.type}). */
    public boolean matches(JsonNode document) {
        return match != null
                && match.type().wireName().equals(document.path("type").asString());
    }

    /** The integer this sum adds for the document; 0 when absent, as a sum aggregation skips it. */
    public long amount(JsonNode document) {
        JsonNode node = document.at(pointer(field));
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber()) {
            throw new IllegalStateException("field " + field + " is not an integer");
        }
        return node.asLong();
    }

    /** The value this distinct (or matched) indicator counts once; null when absent. */
    public String distinctValue(JsonNode document) {
        return value(document, field);
    }

    /** The document's join key ({@code match.on} values joined), or null if it lacks one of them. */
    public String joinKey(JsonNode document) {
        List<String> values = new ArrayList<>(match.on().size());
        for (String on : match.on()) {
            String value = value(document, on);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return String.join("\0", values);
    }

    /** A field's value as a keyword or boolean field indexes it; null when absent. */
    public static String value(JsonNode document, String path) {
        JsonNode node = document.at(pointer(path));
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString() && !node.isBoolean()) {
            throw new IllegalStateException("field " + path + " is not a keyword or a boolean");
        }
        return node.asString();
    }

    private static JsonPointer pointer(String path) {
        return POINTERS.computeIfAbsent(path, p -> JsonPointer.compile("/" + p.replace('.', '/')));
    }
}
