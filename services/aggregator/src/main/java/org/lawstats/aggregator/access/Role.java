package org.lawstats.aggregator.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * The six roles of api.md, each a set of rights with a scope of its own: a unit-bound role grants its rights in
 * the subtree of the user's unit only, whatever other roles the user holds (api.md: roles combine per role).
 */
public enum Role {
    /** Everything. */
    ADMIN(false, EnumSet.allOf(Right.class)),
    /** All statistics; case records with the claimant masked. */
    LEADER(false, EnumSet.of(Right.READ)),
    /** All statistics and full case records. */
    ADVISER(false, EnumSet.of(Right.READ, Right.SEE_CLAIMANTS)),
    /** Statistics and case records of its own unit subtree only, claimants included; submits its units' periods. */
    UNIT_CLERK(true, EnumSet.of(Right.READ, Right.SEE_CLAIMANTS, Right.SUBMIT)),
    /** Reads as a UNIT_CLERK does; returns submissions and locks reporting periods within its own unit subtree. */
    REVIEWER(true, EnumSet.of(Right.READ, Right.SEE_CLAIMANTS, Right.REVIEW)),
    /** Sends events of its own unit subtree (gateway, imports); nothing else. */
    UNIT_EMITTER(true, EnumSet.of(Right.EMIT));

    /** What a role may do. */
    public enum Right {
        /** Statistics, breakdowns, reports and case records (claimants masked without SEE_CLAIMANTS). */
        READ,
        /** Case records with the claimant in full. */
        SEE_CLAIMANTS,
        /** Events posted to the gateway or imported. */
        EMIT,
        /** A unit's reporting period submitted (报送). */
        SUBMIT,
        /** A submission returned (退回), a reporting period locked (锁定). */
        REVIEW,
        /** A lock lifted (an admin's alone). */
        UNLOCK
    }

    private final boolean unitBound;
    private final Set<Right> rights;

    Role(boolean unitBound, Set<Right> rights) {
        this.unitBound = unitBound;
        this.rights = rights;
    }

    /** Whether this role's rights are confined to the subtree of the user's unit. */
    boolean unitBound() {
        return unitBound;
    }

    boolean grants(Right right) {
        return rights.contains(right);
    }
}
