package org.lawstats.aggregator.registry;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.lawstats.aggregator.ConfigLocation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The tree of units. A unit's figures cover the unit and all its descendants; periods are taken in {@link #zone()}.
 * Immutable; subtrees are computed once at load.
 */
public final class UnitRegistry {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * One unit: its id, its Chinese name, its parent (null for the root), and the e-mail addresses of its contacts
     * (who receive its deadline digest; none by default).
     */
    public record Unit(String id, String name, String parent, List<String> contacts) {
        public Unit {
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
        }
    }

    // An address as a mail server takes it: one local part, one domain, no display name or spaces (RFC 5321's plain
    // form), so that a typo stops the start instead of bouncing every morning.
    private static final Pattern ADDRESS =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private final ZoneId zone;
    private final Unit root;
    private final Map<String, Unit> units;
    private final Map<String, List<Unit>> children;
    private final Map<String, List<String>> subtrees;

    private UnitRegistry(ZoneId zone, Unit root, Map<String, Unit> units, Map<String, List<Unit>> children) {
        this.zone = zone;
        this.root = root;
        this.units = units;
        this.children = children;
        Map<String, List<String>> computed = new LinkedHashMap<>();
        for (String id : units.keySet()) {
            List<String> ids = new ArrayList<>();
            collect(id, ids);
            computed.put(id, List.copyOf(ids));
        }
        this.subtrees = Collections.unmodifiableMap(computed);
    }

    private void collect(String id, List<String> into) {
        into.add(id);
        children.getOrDefault(id, List.of()).forEach(child -> collect(child.id(), into));
    }

    /** Reads and checks a registry file: unique ids, one root, known parents, no cycles, a valid zone. */
    public static UnitRegistry parse(InputStream yaml, String source) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw invalid(source, "it is not valid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw invalid(source, "it must be a mapping with a 'units' list");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(tree.path("zone").asString("Asia/Shanghai"));
        } catch (DateTimeException e) {
            throw invalid(source, "zone '" + tree.path("zone").asString() + "' is not a time zone id");
        }
        JsonNode list = tree.path("units");
        if (!list.isArray() || list.isEmpty()) {
            throw invalid(source, "'units' must be a non-empty list");
        }
        Map<String, Unit> units = new LinkedHashMap<>();
        for (JsonNode node : list) {
            String id = node.path("id").asString("");
            String name = node.path("name").asString("");
            JsonNode parent = node.get("parent");
            if (!ID.matcher(id).matches()) {
                throw invalid(source, "unit id '" + id + "' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
            }
            if (name.isBlank()) {
                throw invalid(source, "unit " + id + " has no name");
            }
            List<String> contacts = new ArrayList<>();
            JsonNode listed = node.path("contacts");
            if (!listed.isMissingNode() && !listed.isNull() && !listed.isArray()) {
                throw invalid(source, "unit " + id + ": contacts must be a list of e-mail addresses");
            }
            for (JsonNode contact : listed) {
                String address = contact.asString("").trim();
                if (address.length() > 254 || !ADDRESS.matcher(address).matches()) {
                    throw invalid(source, "unit " + id + ": contact '" + address + "' is not an e-mail address");
                }
                contacts.add(address);
            }
            if (units.putIfAbsent(
                            id,
                            new Unit(id, name, parent == null || parent.isNull() ? null : parent.asString(), contacts))
                    != null) {
                throw invalid(source, "unit id " + id + " appears twice");
            }
        }
        List<Unit> roots =
                units.values().stream().filter(u -> u.parent() == null).toList();
        if (roots.size() != 1) {
            throw invalid(source, "exactly one unit must have no parent (the root); found " + roots.size());
        }
        Map<String, List<Unit>> children = new LinkedHashMap<>();
        for (Unit unit : units.values()) {
            if (unit.parent() != null) {
                if (!units.containsKey(unit.parent())) {
                    throw invalid(source, "unit " + unit.id() + " names an unknown parent " + unit.parent());
                }
                children.computeIfAbsent(unit.parent(), k -> new ArrayList<>()).add(unit);
            }
        }
        for (Unit unit : units.values()) {
            Set<String> seen = new HashSet<>();
            for (Unit u = unit; u.parent() != null; u = units.get(u.parent())) {
                if (!seen.add(u.id())) {
                    throw invalid(source, "units " + seen + " form a cycle");
                }
            }
        }
        children.replaceAll((k, v) -> List.copyOf(v));
        return new UnitRegistry(zone, roots.get(0), Collections.unmodifiableMap(units), children);
    }

    private static IllegalStateException invalid(String source, String why) {
        return new IllegalStateException("the unit registry " + source + " is invalid: " + why);
    }

    static UnitRegistry load(ConfigLocation location) {
        try (InputStream in = location.open()) {
            return parse(in, location.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the unit registry " + location + ": " + e.getMessage(), e);
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public Unit root() {
        return root;
    }

    public Optional<Unit> find(String id) {
        return Optional.ofNullable(units.get(id));
    }

    /** Every unit, in the registry file's order. */
    public Collection<Unit> units() {
        return units.values();
    }

    public boolean contains(String id) {
        return units.containsKey(id);
    }

    /** The unit and all its descendants, the unit first. */
    public List<String> subtree(String id) {
        List<String> ids = subtrees.get(id);
        if (ids == null) {
            throw new IllegalArgumentException("unknown unit " + id);
        }
        return ids;
    }

    /** Whether {@code unit} is {@code ancestor} or one of its descendants (false when either is unknown). */
    public boolean covers(String ancestor, String unit) {
        for (Unit u = units.get(unit); u != null; u = u.parent() == null ? null : units.get(u.parent())) {
            if (u.id().equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /** The unit and its ancestors up to the root, the unit first (empty when unknown). */
    public List<String> lineage(String unit) {
        List<String> ids = new ArrayList<>();
        for (Unit u = units.get(unit); u != null; u = u.parent() == null ? null : units.get(u.parent())) {
            ids.add(u.id());
        }
        return ids;
    }

    /** The direct children, in registry order. */
    public List<Unit> children(String id) {
        return children.getOrDefault(id, List.of());
    }

    public int size() {
        return units.size();
    }
}
