package org.lawstats.aggregator.web;

import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.registry.UnitRegistry;

/**
 * The {@code unit} a question is about: the caller's own (or the root) when absent, a 400 naming it when the registry
 * does not know it, a 403 outside what the caller may read.
 */
public final class UnitParameter {
    private UnitParameter() {}

    public static String resolve(String unit, LawstatsUser user, UnitRegistry registry, UnitAccess access) {
        if (unit == null || unit.isBlank()) {
            return access.defaultUnit(user, Role.Right.READ);
        }
        if (!registry.contains(unit)) {
            throw new BadRequestException("unknown unit '" + BadRequestException.quoted(unit) + "'");
        }
        access.require(user, Role.Right.READ, unit);
        return unit;
    }

    /**
     * The unit events are entered or imported for: required (no default: a ledger belongs to one unit), a 400 naming
     * it when the registry does not know it, a 403 outside what the caller may emit for.
     */
    public static String emitting(String unit, LawstatsUser user, UnitRegistry registry, UnitAccess access) {
        return required(unit, user, registry, access, Role.Right.EMIT);
    }

    /**
     * The unit an action is for, named by the caller: required (no default), a 400 naming it when the registry does
     * not know it, a 403 outside the caller's {@code right}.
     */
    public static String required(
            String unit, LawstatsUser user, UnitRegistry registry, UnitAccess access, Role.Right right) {
        if (unit == null || unit.isBlank() || !registry.contains(unit.strip())) {
            throw new BadRequestException("unit must be a unit of the registry"
                    + (unit == null || unit.isBlank()
                            ? ""
                            : ": unknown unit '" + BadRequestException.quoted(unit) + "'"));
        }
        access.require(user, right, unit.strip());
        return unit.strip();
    }
}
