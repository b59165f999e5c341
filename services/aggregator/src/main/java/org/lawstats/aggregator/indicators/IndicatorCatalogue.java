package org.lawstats.aggregator.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.contract.EventType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The indicators, in catalogue order, read from data: adding one of the known kinds needs no Java change. */
public final class IndicatorCatalogue {
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");

    private final List<Indicator> indicators;
    private final List<Indicator.Base> bases;

    IndicatorCatalogue(List<Indicator> indicators) {
        this.indicators = List.copyOf(indicators);
        this.bases = basesOf(this.indicators);
    }

    public List<Indicator> all() {
        return indicators;
    }

    /**
     * The indicators every figure is made of, each once, in catalogue order: the non-ratio indicators and the
     * numerators and denominators of the ratios.
     */
    public List<Indicator.Base> bases() {
        return bases;
    }

    private static List<Indicator.Base> basesOf(List<Indicator> indicators) {
        List<Indicator.Base> bases = new ArrayList<>();
        for (Indicator indicator : indicators) {
            switch (indicator) {
                case Indicator.Rate rate -> {
                    addOnce(bases, rate.numerator());
                    addOnce(bases, rate.denominator());
                }
                case Indicator.Base base -> addOnce(bases, base);
            }
        }
        return List.copyOf(bases);
    }

    private static void addOnce(List<Indicator.Base> bases, Indicator.Base indicator) {
        if (bases.stream().noneMatch(b -> b.id().equals(indicator.id()))) {
            bases.add(indicator);
        }
    }

    /**
     * Every catalogue id to its value, in catalogue order, from the values of the bases: a Long, a Double rate (4
     * decimals, half up), or null for a rate over zero (or a base not known now: an overdue count while Elasticsearch
     * is out).
     */
    public Map<String, Number> figures(Map<String, Long> bases) {
        Map<String, Number> values = new LinkedHashMap<>();
        for (Indicator indicator : indicators) {
            values.put(
                    indicator.id(),
                    switch (indicator) {
                        case Indicator.Rate rate ->
                            ratio(
                                    bases.get(rate.numerator().id()),
                                    bases.get(rate.denominator().id()));
                        case Indicator.Base base -> bases.get(base.id());
                    });
        }
        return values;
    }

    /** Rates are rounded half-up to 4 decimals; a zero denominator, or a part not known now, has no rate. */
    static Double ratio(Long numerator, Long denominator) {
        if (numerator == null || denominator == null || denominator == 0) {
            return null;
        }
        return BigDecimal.valueOf(numerator)
                .divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP)
                .doubleValue();
    }

    public Optional<Indicator> find(String id) {
        return indicators.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    static IndicatorCatalogue load(ConfigLocation location) {
        try (InputStream in = location.open()) {
            return parse(in, location.toString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the indicator catalogue " + location + ": " + e.getMessage(), e);
        }
    }

    /** The catalogue defined by this YAML ({@code source} names it in errors). */
    public static IndicatorCatalogue parse(InputStream yaml, String source) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw invalid(source, "not valid YAML: " + e.getOriginalMessage());
        }
        Map<String, Indicator> byId = new LinkedHashMap<>();
        for (JsonNode node : tree.path("indicators")) {
            String id = text(node, "id", source, "?");
            if (byId.containsKey(id)) {
                throw invalid(source, "indicator " + id + " is defined twice");
            }
            byId.put(id, indicator(node, id, source, byId));
        }
        if (byId.isEmpty()) {
            throw invalid(source, "it defines no indicators");
        }
        return new IndicatorCatalogue(new ArrayList<>(byId.values()));
    }

    /** The kinds a catalogue may name, as it names them. */
    private static final List<String> KINDS =
            List.of("count", "distinct", "sum", "ratio", "unmatched", "matched", "overdue");

    private static Indicator indicator(JsonNode node, String id, String source, Map<String, Indicator> defined) {
        String name = text(node, "name", source, id);
        String nameEn = text(node, "nameEn", source, id);
        String kindName = text(node, "kind", source, id);
        String kind = kindName.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw invalid(source, id + ": kind '" + kindName + "' is not one of " + String.join(", ", KINDS));
        }
        if (kind.equals("ratio")) {
            return new Indicator.Rate(
                    id,
                    name,
                    nameEn,
                    operand(node.get("numerator"), id + ".numerator", source, defined),
                    operand(node.get("denominator"), id + ".denominator", source, defined));
        }
        EventType type = type(text(node, "type", source, id), id, source);
        Map<String, List<String>> where = where(node.get("where"), id, source);
        return switch (kind) {
            case "count" -> new Indicator.Count(id, name, nameEn, type, where);
            case "distinct" -> new Indicator.Distinct(id, name, nameEn, type, where, field(node, id, source));
            case "sum" -> new Indicator.Sum(id, name, nameEn, type, where, field(node, id, source));
            case "unmatched" ->
                new Indicator.Unmatched(id, name, nameEn, type, where, match(node.get("match"), id, source));
            case "matched" ->
                new Indicator.Matched(
                        id, name, nameEn, type, where, field(node, id, source), match(node.get("match"), id, source));
            default ->
                new Indicator.Overdue(
                        id, name, nameEn, type, where, deadline(text(node, "deadline", source, id), id, source));
        };
    }

    private static String field(JsonNode node, String id, String source) {
        return field(text(node, "field", source, id), id, source);
    }

    private static DeadlineRule.Kind deadline(String name, String id, String source) {
        try {
            return DeadlineRule.Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw invalid(
                    source,
                    id + ": deadline '" + name + "' is not one of " + Arrays.toString(DeadlineRule.Kind.values()));
        }
    }

    private static Indicator.Match match(JsonNode node, String id, String source) {
        if (node == null
                || !node.isObject()
                || !node.path("on").isArray()
                || node.path("on").isEmpty()) {
            throw invalid(source, id + ": unmatched and matched need match: {type: <type>, on: [fields...]}");
        }
        List<String> on = new ArrayList<>();
        node.path("on").forEach(f -> on.add(field(f.asString(), id, source)));
        return new Indicator.Match(type(text(node, "type", source, id), id, source), on);
    }

    /**
     * A ratio's operand: an indicator defined above, an inline {@code {count: type, where: {...}}}, or an inline
     * indicator of any other base kind ({@code {kind: matched, type: ..., field: ..., match: {...}}}), which is a part
     * of the rate only and not a figure of its own.
     */
    private static Indicator.Base operand(JsonNode node, String id, String source, Map<String, Indicator> defined) {
        if (node != null && node.isString()) {
            if (!(defined.get(node.stringValue()) instanceof Indicator.Base referenced)) {
                throw invalid(
                        source,
                        id + " must name a count, distinct or sum indicator defined above it, not '"
                                + node.stringValue() + "'");
            }
            return referenced;
        }
        if (node != null && node.isObject() && node.hasNonNull("count")) {
            EventType type = type(node.get("count").asString(), id, source);
            return new Indicator.Count(id, id, id, type, where(node.get("where"), id, source));
        }
        if (node != null && node.isObject() && node.hasNonNull("kind")) {
            ObjectNode named = (ObjectNode) node.deepCopy();
            named.put("name", id);
            named.put("nameEn", id);
            return switch (indicator(named, id, source, defined)) {
                case Indicator.Base inline -> inline;
                case Indicator.Rate rate -> throw invalid(source, id + " cannot be a ratio itself");
            };
        }
        throw invalid(
                source, id + " must be an indicator id, {count: <type>, where: {...}} or {kind: <kind>, type: ...}");
    }

    private static Map<String, List<String>> where(JsonNode node, String id, String source) {
        Map<String, List<String>> where = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return where;
        }
        if (!node.isObject()) {
            throw invalid(source, id + ": where must map fields to values");
        }
        for (var entry : node.properties()) {
            List<String> values = new ArrayList<>();
            if (entry.getValue().isArray()) {
                entry.getValue().forEach(v -> values.add(v.asString()));
            } else {
                values.add(entry.getValue().asString());
            }
            where.put(field(entry.getKey(), id, source), List.copyOf(values));
        }
        return where;
    }

    private static EventType type(String name, String id, String source) {
        return EventType.fromWireName(name)
                .orElseThrow(() -> invalid(source, id + ": '" + name + "' is not an event type of the contract"));
    }

    private static String field(String name, String id, String source) {
        if (!FIELD.matcher(name).matches()) {
            throw invalid(source, id + ": '" + name + "' is not a document field name");
        }
        return name;
    }

    private static String text(JsonNode node, String name, String source, String id) {
        JsonNode value = node.get(name);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw invalid(source, "indicator " + id + " needs a '" + name + "'");
        }
        return value.stringValue();
    }

    private static IllegalStateException invalid(String source, String why) {
        return new IllegalStateException("the indicator catalogue " + source + " is invalid: " + why);
    }
}
