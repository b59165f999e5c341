package org.lawstats.aggregator.access;

import java.util.Collection;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A user of the users file: the encoded password, the roles, and the unit for unit-bound roles.
 *
 * @param unit the unit whose subtree a UNIT_CLERK or UNIT_EMITTER is confined to; null for the other roles
 */
public record LawstatsUser(String username, String password, Set<Role> roles, String unit) implements UserDetails {

    public LawstatsUser {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return roles.stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                .toList();
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public String getUsername() {
        return username;
    }

    /** Never print the password hash, even in a log line. */
    @Override
    public String toString() {
        return "LawstatsUser[" + username + ", " + roles + (unit == null ? "" : ", " + unit) + "]";
    }
}
