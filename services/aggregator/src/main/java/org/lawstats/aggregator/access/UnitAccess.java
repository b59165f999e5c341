package org.lawstats.aggregator.access;

import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/** The unit rules of api.md: a unit-bound user sees and speaks for its own unit subtree only. */
@Component
public class UnitAccess {
    private final UnitRegistry registry;

    UnitAccess(UnitRegistry registry) {
        this.registry = registry;
    }

    /** Whether the user may see or speak for this unit. */
    public boolean covers(LawstatsUser user, String unitId) {
        return !user.unitBound() || registry.subtree(user.unit()).contains(unitId);
    }

    /** The unit a request without a unit parameter is about: the user's own, or the registry's root. */
    public String defaultUnit(LawstatsUser user) {
        return user.unitBound() ? user.unit() : registry.root().id();
    }

    /** Throws a 403 when the user may not see this unit. */
    public void require(LawstatsUser user, String unitId) {
        if (!covers(user, unitId)) {
            throw new AccessDeniedException("unit " + unitId + " is outside your unit's subtree");
        }
    }

    /** Whether the user sees claimants of cases of this unit in full (api.md): all but LEADER-only users. */
    public boolean seesClaimant(LawstatsUser user, String unitId) {
        if (user.has(Role.ADMIN) || user.has(Role.ADVISER)) {
            return true;
        }
        return user.has(Role.UNIT_CLERK) && registry.subtree(user.unit()).contains(unitId);
    }
}
