package org.lawstats.aggregator.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.contract.EventType;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * One indicator of the catalogue, as defined in {@code config/indicators.yml}: a rate of two bases, or a base of one
 * of the kinds the engines know, each kind one type. Every engine (the stream, the searches, the records behind a
 * figure) evaluates them with one exhaustive switch, so that a new kind cannot be forgotten by one of them.
 */
public sealed interface Indicator {
    String id();

    /** Chinese. */
    String name();

    String nameEn();

    /** What {@code /api/v1/indicators} calls its kind: count, rate or sum. */
    default String apiKind() {
        return switch (this) {
            case Rate rate -> "rate";
            case Sum sum -> "sum";
            case Base base -> "count";
        };
    }

    /**
     * An indicator counted from events: those of {@code type} whose {@code where} fields (document field to accepted
     * values) all hold one of their values.
     */
    sealed interface Base extends Indicator permits Count, Distinct, Sum, Unmatched, Matched, Overdue {
        EventType type();

        Map<String, List<String>> where();

        /** The join this base counts by, if it is a join: the events of its other side touch its figure too. */
        default Optional<Match> join() {
            return switch (this) {
                case Unmatched unmatched -> Optional.of(unmatched.match());
                case Matched matched -> Optional.of(matched.match());
                case Count count -> Optional.empty();
                case Sum sum -> Optional.empty();
                case Distinct distinct -> Optional.empty();
                case Overdue overdue -> Optional.empty();
            };
        }

        /** Whether this base counts the document: its type, and one of the accepted values of every where. */
        default boolean counts(JsonNode document) {
            if (!type().wireName().equals(document.path("type").asString())) {
                return false;
            }
            for (var condition : where().entrySet()) {
                String value = value(document, condition.getKey());
                if (value == null || !condition.getValue().contains(value)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The events counted. */
    record Count(String id, String name, String nameEn, EventType type, Map<String, List<String>> where)
            implements Base {
        public Count {
            where = copy(where);
        }
    }

    /** The distinct values of {@code field} over the events counted (persons), exact at any size. */
    record Distinct(
            String id, String name, String nameEn, EventType type, Map<String, List<String>> where, String field)
            implements Base {
        public Distinct {
            where = copy(where);
        }

        /** The value this indicator counts once; null when absent. */
        public String distinctValue(JsonNode document) {
            return value(document, field);
        }
    }

    /** The sum of the integer {@code field} over the events counted. */
    record Sum(String id, String name, String nameEn, EventType type, Map<String, List<String>> where, String field)
            implements Base {
        public Sum {
            where = copy(where);
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
    }

    /** The events counted that no counted event of {@code match.type} with equal {@code match.on} values answers. */
    record Unmatched(
            String id, String name, String nameEn, EventType type, Map<String, List<String>> where, Match match)
            implements Base {
        public Unmatched {
            where = copy(where);
        }
    }

    /**
     * Distinct values of {@code field} over the events counted that have a counted event of {@code match.type} with
     * equal values of the {@code match.on} fields, whatever that event's period: the numerator of a cohort rate.
     */
    record Matched(
            String id,
            String name,
            String nameEn,
            EventType type,
            Map<String, List<String>> where,
            String field,
            Match match)
            implements Base {
        public Matched {
            where = copy(where);
        }

        /** The value this indicator counts once; null when absent. */
        public String distinctValue(JsonNode document) {
            return value(document, field);
        }
    }

    /**
     * The matters of the {@code deadline} kind started by the events counted in the period whose time limit has passed
     * without being met by its last day (met late, or not met and past due), on the day asked: the passing of a day
     * changes it where no event does, so it is asked of the deadlines at query time.
     */
    record Overdue(
            String id,
            String name,
            String nameEn,
            EventType type,
            Map<String, List<String>> where,
            DeadlineRule.Kind deadline)
            implements Base {
        public Overdue {
            where = copy(where);
        }
    }

    /** {@code numerator / denominator}, rounded half up to 4 decimals; none over zero. */
    record Rate(String id, String name, String nameEn, Base numerator, Base denominator) implements Indicator {}

    /** The join of an {@code unmatched} or {@code matched} indicator: events of {@code type} with equal {@code on}. */
    record Match(EventType type, List<String> on) {
        public Match {
            on = List.copyOf(on);
        }

        /** Whether the document is one of the events of this join's other side. */
        public boolean isOtherSide(JsonNode document) {
            return type.wireName().equals(document.path("type").asString());
        }

        /** The document's join key (the {@code on} values joined), or null if it lacks one of them. */
        public String key(JsonNode document) {
            List<String> values = new ArrayList<>(on.size());
            for (String field : on) {
                String value = value(document, field);
                if (value == null) {
                    return null;
                }
                values.add(value);
            }
            return String.join("\0", values);
        }
    }

    /** A field's value as a keyword or boolean field indexes it; null when absent. */
    static String value(JsonNode document, String path) {
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
        return Pointers.POINTERS.computeIfAbsent(path, p -> JsonPointer.compile("/" + p.replace('.', '/')));
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> where) {
        return where == null ? Map.of() : Map.copyOf(where);
    }

    /** The compiled paths, shared by every indicator (an interface has no private static fields). */
    final class Pointers {
        private static final Map<String, JsonPointer> POINTERS = new ConcurrentHashMap<>();

        private Pointers() {}
    }
}
