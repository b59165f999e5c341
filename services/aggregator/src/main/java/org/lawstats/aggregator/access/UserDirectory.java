package org.lawstats.aggregator.access;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The users of the users file, checked at start: unique names, bcrypt passwords of at least the configured cost,
 * known roles, and for unit-bound roles a unit of the registry. A mistake stops the start with the reason.
 */
@Component
public class UserDirectory implements UserDetailsService {
    private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);

    private final Map<String, LawstatsUser> users;

    UserDirectory(UsersProperties properties, UnitRegistry registry) {
        ConfigLocation location = new ConfigLocation(properties.usersFile());
        try (InputStream in = location.open()) {
            this.users = parse(in, location.toString(), registry, properties.usersMinBcryptCost());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the users file " + location + ": " + e.getMessage(), e);
        }
    }

    // Spring Security's bcrypt strings: {bcrypt}, a version, a two-digit cost, 22 characters of salt, 31 of hash.
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    /**
     * The users of a users file. A file that says {@code demo: true} (the local stack's, whose passwords are public)
     * is served with a warning, and its unit-bound users whose unit is not in this registry are left out so that the
     * local stack starts with any registry; any other file is strict.
     *
     * @param minCost the lowest bcrypt cost accepted
     */
    static Map<String, LawstatsUser> parse(InputStream yaml, String source, UnitRegistry registry, int minCost) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw invalid(source, "not valid YAML: " + e.getOriginalMessage());
        }
        boolean demo = tree.path("demo").asBoolean(false);
        if (demo) {
            log.warn("serving the DEMO users of {}, whose passwords are public: never deploy them", source);
        }
        Map<String, LawstatsUser> users = new LinkedHashMap<>();
        for (JsonNode node : tree.path("users")) {
            String username = node.path("username").asString("");
            String password = node.path("password").asString("");
            if (username.isBlank()) {
                throw invalid(source, "a user has no username");
            }
            Matcher bcrypt = BCRYPT.matcher(password);
            if (!bcrypt.matches()) {
                throw invalid(
                        source,
                        "the password of " + username
                                + " must be a bcrypt hash, e.g. {bcrypt}$2a$10$...; plain text, {noop} and weaker"
                                + " encodings are refused");
            }
            if (Integer.parseInt(bcrypt.group(1)) < minCost) {
                throw invalid(
                        source,
                        "the password of " + username + " is a bcrypt hash of cost " + bcrypt.group(1) + "; at least "
                                + minCost + " is required");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (JsonNode role : node.path("roles")) {
                try {
                    roles.add(Role.valueOf(role.asString()));
                } catch (IllegalArgumentException e) {
                    throw invalid(source, username + " has an unknown role " + role.asString());
                }
            }
            if (roles.isEmpty()) {
                throw invalid(source, username + " has no role");
            }
            String unit = node.hasNonNull("unit") ? node.get("unit").asString() : null;
            if (roles.stream().anyMatch(Role::unitBound) && unit == null) {
                throw invalid(source, username + " has a unit-bound role and needs a unit");
            }
            if (unit != null && !registry.contains(unit)) {
                if (demo) {
                    log.warn("demo user {} left out: its unit {} is not in this unit registry", username, unit);
                    continue;
                }
                throw invalid(source, username + "'s unit " + unit + " is not in the unit registry");
            }
            if (users.putIfAbsent(username, new LawstatsUser(username, password, roles, unit)) != null) {
                throw invalid(source, "user " + username + " appears twice");
            }
        }
        if (users.isEmpty()) {
            throw invalid(source, "it defines no users");
        }
        return Map.copyOf(users);
    }

    private static IllegalStateException invalid(String source, String why) {
        return new IllegalStateException("the users file " + source + " is invalid: " + why);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        LawstatsUser user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("unknown user");
        }
        // A copy, because Spring Security erases the credentials of the object it authenticated.
        return new LawstatsUser(user.username(), user.password(), user.roles(), user.unit());
    }

    public Optional<LawstatsUser> find(String username) {
        return Optional.ofNullable(users.get(username));
    }
}
