package org.lawstats.aggregator.deadlines;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The time limits of {@code config/deadlines.yml}, one {@link DeadlineRule} per kind of api.md, checked at start: every
 * kind defined once, known event types, a positive number of days.
 *
 * @param dueSoon how many working days before its due date a matter is DUE_SOON
 */
public record DeadlineRules(Map<DeadlineRule.Kind, DeadlineRule> byKind, int dueSoon) {

    /** The rules at this location, or a start-up failure that says what is wrong with them. */
    public static DeadlineRules load(ConfigLocation location) {
        try (InputStream in = location.open()) {
            return parse(in, location.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the deadline rules " + location + ": " + e.getMessage(), e);
        }
    }

    /** The rules this YAML defines ({@code source} names it in errors). */
    public static DeadlineRules parse(InputStream yaml, String source) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw invalid(source, "not valid YAML: " + e.getOriginalMessage());
        }
        Map<DeadlineRule.Kind, DeadlineRule> byKind = new EnumMap<>(DeadlineRule.Kind.class);
        for (JsonNode node : tree.path("rules")) {
            DeadlineRule.Kind kind = constant(DeadlineRule.Kind.class, node.path("kind"), source, "kind");
            String where = kind.name();
            int days = node.path("days").asInt(0);
            if (days < 1 || days > 366) {
                throw invalid(source, where + ": days must be 1 to 366, not " + node.path("days"));
            }
            DeadlineRule.Count count = constant(DeadlineRule.Count.class, node.path("count"), source, where + ".count");
            DeadlineRule.Extension extension = null;
            if (node.has("extension")) {
                JsonNode e = node.path("extension");
                extension = new DeadlineRule.Extension(
                        type(e.path("by"), source, where + ".extension.by"),
                        e.path("max").asInt(0));
                if (extension.max() < 1) {
                    throw invalid(source, where + ": extension.max must be at least 1");
                }
            }
            DeadlineRule.Suspension suspension = null;
            if (node.has("suspensions")) {
                JsonNode s = node.path("suspensions");
                Map<String, DeadlineRule.Effect> reasons = new LinkedHashMap<>();
                s.path("reasons")
                        .properties()
                        .forEach(e -> reasons.put(
                                e.getKey(),
                                constant(
                                        DeadlineRule.Effect.class,
                                        e.getValue(),
                                        source,
                                        where + ".suspensions.reasons." + e.getKey())));
                if (reasons.isEmpty()) {
                    throw invalid(source, where + ": suspensions need reasons: {REASON: RESTART|PAUSE}");
                }
                EventType suspendedBy = type(s.path("suspendedBy"), source, where + ".suspensions.suspendedBy");
                if (suspendedBy == EventType.DISCLOSURE_SUSPENDED
                        && !reasons.keySet()
                                .equals(Arrays.stream(Payload.DisclosureSuspended.Reason.values())
                                        .map(Enum::name)
                                        .collect(Collectors.toSet()))) {
                    throw invalid(
                            source,
                            where + ": the reasons must be those of disclosure.suspended (events.md), "
                                    + Arrays.toString(Payload.DisclosureSuspended.Reason.values()));
                }
                suspension = new DeadlineRule.Suspension(
                        suspendedBy,
                        type(s.path("resumedBy"), source, where + ".suspensions.resumedBy"),
                        Map.copyOf(reasons));
            }
            EventType starts = type(node.path("starts"), source, where + ".starts");
            CaseKind caseKind = node.has("caseKind")
                    ? constant(CaseKind.class, node.path("caseKind"), source, where + ".caseKind")
                    : null;
            if ((starts == EventType.CASE_FILED) != (caseKind != null)) {
                throw invalid(source, where + ": a limit started by case.filed, and only it, names its caseKind");
            }
            DeadlineRule rule = new DeadlineRule(
                    kind,
                    node.path("name").asString(kind.name()),
                    node.path("basis").asString(""),
                    starts,
                    caseKind,
                    days,
                    count,
                    node.path("rollForward").asBoolean(false),
                    extension,
                    suspension,
                    type(node.path("metBy"), source, where + ".metBy"));
            if (byKind.put(kind, rule) != null) {
                throw invalid(source, kind + " is defined twice");
            }
        }
        for (DeadlineRule.Kind kind : DeadlineRule.Kind.values()) {
            if (!byKind.containsKey(kind)) {
                throw invalid(source, kind + " is not defined");
            }
        }
        int dueSoon = tree.path("dueSoon").asInt(-1);
        if (dueSoon < 0 || dueSoon > 60) {
            throw invalid(source, "dueSoon must be 0 to 60 working days, not " + tree.path("dueSoon"));
        }
        return new DeadlineRules(Map.copyOf(byKind), dueSoon);
    }

    /** The rule of that kind. */
    public DeadlineRule rule(DeadlineRule.Kind kind) {
        return byKind.get(kind);
    }

    /** Every rule. */
    public Collection<DeadlineRule> all() {
        return byKind.values();
    }

    private static EventType type(JsonNode node, String source, String where) {
        return EventType.fromWireName(node.asString(""))
                .orElseThrow(() -> invalid(source, where + ": '" + node.asString("") + "' is not an event type"));
    }

    private static <E extends Enum<E>> E constant(Class<E> type, JsonNode node, String source, String where) {
        try {
            return Enum.valueOf(type, node.asString(""));
        } catch (IllegalArgumentException e) {
            throw invalid(
                    source,
                    where + ": '" + node.asString("") + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static IllegalStateException invalid(String source, String problem) {
        return new IllegalStateException("the deadline rules " + source + " are invalid: " + problem);
    }
}
