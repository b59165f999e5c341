package org.lawstats.aggregator.access;

import java.util.List;
import org.lawstats.aggregator.access.Role.Right;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.EventIds;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The rights of api.md on units: a user may do something for a unit when one of its roles grants that right with
 * a scope that covers the unit. Rights of one role never lend another role its scope: a LEADER who is also a
 * UNIT_EMITTER of one unit reads everything and emits for that unit's subtree only.
 */
@Component
public class UnitAccess {
    private final UnitRegistry registry;

    UnitAccess(UnitRegistry registry) {
        this.registry = registry;
    }

    /** Whether the user holds this right for this unit through at least one of its roles. */
    public boolean may(LawstatsUser user, Right right, String unitId) {
        for (Role role : user.roles()) {
            if (role.grants(right) && (!role.unitBound() || registry.covers(user.unit(), unitId))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the user may write an event under this eventId (events.md 1.2): a user with a role that emits for every
     * unit (an ADMIN) writes any; a unit-bound emitter only the eventIds of the units it may emit for, those that begin
     * with such a unit's id and {@code :} ({@link EventIds}), so that no unit can touch another unit's events.
     */
    public boolean mayWriteEventId(LawstatsUser user, String eventId) {
        boolean everywhere = user.roles().stream().anyMatch(role -> role.grants(Right.EMIT) && !role.unitBound());
        return everywhere || EventIds.mayWrite(eventId, registry::contains, unit -> may(user, Right.EMIT, unit));
    }

    /** Throws a 403 unless the user holds this right for this unit. */
    public void require(LawstatsUser user, Right right, String unitId) {
        if (!may(user, right, unitId)) {
            throw new AccessDeniedException(
                    switch (right) {
                        case READ, SEE_CLAIMANTS -> "unit " + unitId + " is outside what you may see";
                        case EMIT -> "you may not send events for unit " + unitId;
                        case SUBMIT -> "you may not submit the reports of unit " + unitId;
                        case REVIEW -> "you may not return or lock the reports of unit " + unitId;
                        case UNLOCK -> "only an administrator may unlock the reports of unit " + unitId;
                    });
        }
    }

    /**
     * The unit a request about this right is about when it names none: the registry's root if one of the user's
     * roles grants it everywhere, otherwise the user's own unit.
     */
    public String defaultUnit(LawstatsUser user, Right right) {
        boolean everywhere = user.roles().stream().anyMatch(role -> role.grants(right) && !role.unitBound());
        return everywhere || user.unit() == null ? registry.root().id() : user.unit();
    }

    /**
     * The highest unit above (or at) this one over whose subtree the user holds the right: the authority its events
     * carry ({@code Topics.AUTHORITY_HEADER}), empty if the right holds everywhere; null if it does not hold here.
     */
    public String authority(LawstatsUser user, Right right, String unitId) {
        List<String> lineage = registry.lineage(unitId);
        for (int i = lineage.size() - 1; i >= 0; i--) {
            if (may(user, right, lineage.get(i))) {
                return i == lineage.size() - 1 ? "" : lineage.get(i);
            }
        }
        return null;
    }

    /** The units among these for which the user holds the right. */
    public List<String> permitted(LawstatsUser user, Right right, List<String> unitIds) {
        return unitIds.stream().filter(unit -> may(user, right, unit)).toList();
    }

    /** Whether the user sees claimants of this unit's cases in full (api.md: all but a LEADER's). */
    public boolean seesClaimant(LawstatsUser user, String unitId) {
        return may(user, Right.SEE_CLAIMANTS, unitId);
    }
}
