package org.lawstats.aggregator.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the topology keeps of one eventId: for each identity (unit, type) that its revisions have claimed, the lowest
 * revision claiming it and the highest one. The identity of the lowest revision governs (events.md 1.1: on a tie the
 * smallest unitId, then type), whatever arrived first, and the event counts as the highest revision of that identity.
 * The other identities are kept, not forgotten: a lower revision arriving later may make one of them govern.
 *
 * @param version how many times the counted revision has changed: the external version of the event's document, which
 *     must grow even when an identity change makes a lower revision the counted one
 */
record EventHistory(long version, List<Claim> claims) {

    static final EventHistory NONE = new EventHistory(0, List.of());

    private static final Comparator<Claim> PRECEDENCE =
            Comparator.comparingLong(Claim::lowest).thenComparing(Claim::unitId).thenComparing(Claim::type);

    /** One identity claimed by some revisions of the eventId, and the highest of them (the first to arrive on a tie). */
    record Claim(String unitId, String type, long lowest, Arrival highest) {
        boolean claims(Arrival arrival) {
            return unitId.equals(arrival.unitId()) && type.equals(arrival.type());
        }
    }

    EventHistory {
        claims = List.copyOf(claims);
    }

    /** The identity that defines the event, if any revision has arrived. */
    Optional<Claim> governing() {
        return claims.stream().min(PRECEDENCE);
    }

    /** The revision the event counts as now: the highest of the governing identity; null before any arrived. */
    Arrival counted() {
        return governing().map(Claim::highest).orElse(null);
    }

    /** This history with one more revision arrived; an equal revision already held is a duplicate and kept out. */
    EventHistory with(Arrival arrival) {
        List<Claim> next = new ArrayList<>(claims.size() + 1);
        boolean known = false;
        for (Claim claim : claims) {
            if (claim.claims(arrival)) {
                known = true;
                next.add(new Claim(
                        claim.unitId(),
                        claim.type(),
                        Math.min(claim.lowest(), arrival.revision()),
                        arrival.revision() > claim.highest().revision() ? arrival : claim.highest()));
            } else {
                next.add(claim);
            }
        }
        if (!known) {
            next.add(new Claim(arrival.unitId(), arrival.type(), arrival.revision(), arrival));
        }
        return new EventHistory(version, next);
    }

    /** The same history, its counted revision changed once more. */
    EventHistory advanced() {
        return new EventHistory(version + 1, claims);
    }
}
