package org.lawstats.aggregator.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.contract.EventType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The ledger columns of every event type ({@code config/imports/ledgers.yml}): what the Excel template holds and
 * what an imported file must. Read and checked at start: every type of the contract has its ledger.
 */
public final class LedgerSpec {

    /** How a cell is read. */
    public enum Kind {
        TEXT,
        ENUM,
        BOOLEAN,
        INTEGER,
        NUMBER,
        DATETIME
    }

    /**
     * One column: the payload field it fills, the header a clerk reads, how it is read, whether it must be filled,
     * and for an enumeration its values with their words (in the contract's order).
     */
    public record Column(String field, String header, Kind kind, boolean required, Map<String, String> values) {
        public Column {
            values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /**
     * One type's ledger.
     *
     * @param date the header of the event's date column
     * @param key the fields (and {@code date}) that identify a row's event; empty: all of them
     */
    public record Ledger(EventType type, String name, String date, List<String> key, List<Column> columns) {
        public Ledger {
            key = List.copyOf(key);
            columns = List.copyOf(columns);
        }

        /** The columns that identify a row: the key's, or every column and the date. */
        public List<String> identity() {
            if (!key.isEmpty()) {
                return key;
            }
            List<String> all = new ArrayList<>();
            all.add(DATE);
            columns.forEach(c -> all.add(c.field()));
            return all;
        }

        /** The header of a field, or of the date. */
        public String header(String field) {
            if (DATE.equals(field)) {
                return date;
            }
            return columns.stream()
                    .filter(c -> c.field().equals(field))
                    .map(Column::header)
                    .findFirst()
                    .orElse(field);
        }
    }

    /** The name of the date in a key. */
    public static final String DATE = "date";

    private final Map<EventType, Ledger> ledgers;
    private final String trueWord;
    private final String falseWord;

    private LedgerSpec(Map<EventType, Ledger> ledgers, String trueWord, String falseWord) {
        this.ledgers = ledgers;
        this.trueWord = trueWord;
        this.falseWord = falseWord;
    }

    public Optional<Ledger> ledger(EventType type) {
        return Optional.ofNullable(ledgers.get(type));
    }

    public String trueWord() {
        return trueWord;
    }

    public String falseWord() {
        return falseWord;
    }

    static LedgerSpec load(ConfigLocation location) {
        try (InputStream in = location.open()) {
            return parse(in, location.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the ledger columns " + location + ": " + e.getMessage(), e);
        }
    }

    static LedgerSpec parse(InputStream yaml, String source) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw invalid(source, "not valid YAML: " + e.getOriginalMessage());
        }
        Map<EventType, Ledger> ledgers = new EnumMap<>(EventType.class);
        for (var entry : tree.path("types").properties()) {
            EventType type = EventType.fromWireName(entry.getKey())
                    .orElseThrow(() -> invalid(source, "'" + entry.getKey() + "' is not an event type"));
            JsonNode node = entry.getValue();
            List<Column> columns = new ArrayList<>();
            for (JsonNode column : node.path("columns")) {
                Kind kind;
                try {
                    kind = Kind.valueOf(column.path("kind").asString("").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw invalid(source, type + "." + column.path("field").asString() + ": unknown kind");
                }
                Map<String, String> values = new LinkedHashMap<>();
                column.path("values")
                        .properties()
                        .forEach(v -> values.put(v.getKey(), v.getValue().asString()));
                if (kind == Kind.ENUM && values.isEmpty()) {
                    throw invalid(source, type + "." + column.path("field").asString() + ": an enum lists its values");
                }
                columns.add(new Column(
                        text(column, "field", source, type),
                        text(column, "header", source, type),
                        kind,
                        column.path("required").asBoolean(false),
                        values));
            }
            List<String> key = new ArrayList<>();
            node.path("key").forEach(k -> key.add(k.asString()));
            Ledger ledger =
                    new Ledger(type, text(node, "name", source, type), text(node, "date", source, type), key, columns);
            for (String field : key) {
                if (!DATE.equals(field)
                        && columns.stream().noneMatch(c -> c.field().equals(field))) {
                    throw invalid(source, type + ": key field '" + field + "' is not one of its columns");
                }
            }
            ledgers.put(type, ledger);
        }
        for (EventType type : EventType.values()) {
            if (!ledgers.containsKey(type)) {
                throw invalid(source, "the event type " + type + " has no ledger");
            }
        }
        JsonNode booleans = tree.path("booleans");
        return new LedgerSpec(
                ledgers,
                booleans.path("true").asString("是"),
                booleans.path("false").asString("否"));
    }

    private static String text(JsonNode node, String name, String source, EventType type) {
        String value = node.path(name).asString("");
        if (value.isBlank()) {
            throw invalid(source, type + ": '" + name + "' is missing");
        }
        return value;
    }

    private static IllegalStateException invalid(String source, String why) {
        return new IllegalStateException("the ledger columns " + source + " are invalid: " + why);
    }
}
