package org.lawstats.aggregator.topology;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.lawstats.aggregator.registry.UnitRegistry;

/**
 * What the topology keeps of one eventId: for each identity (unit, type) that its revisions have claimed, the lowest
 * revision claiming it, the highest one, and the authorities that wrote them. The identity of the lowest revision
 * governs (events.md 1.1: on a tie the smallest unitId, then type), whatever arrived first, and the event counts as
 * the highest revision of that identity. The other identities are kept, not forgotten: a lower revision arriving later
 * may make one of them govern.
 *
 * <p>Only an eligible claim governs: one written by an authority over every unit that claims the eventId (a contract
 * topic's trusted writers are over all; a unit's own topic over its subtree, ADR 11). So a unit's credentials can
 * never take over an event of a unit outside their subtree by publishing a lower revision of its eventId; if no claim
 * is eligible (two subtrees' topics claim one eventId), the event counts nowhere. On the contract topics every claim is
 * eligible, and the rule is events.md's exactly. Eligibility depends on the set of claims only, never on their order.
 *
 * @param version how many times the counted revision has changed: the external version of the event's document, which
 *     must grow even when an identity change makes a lower revision the counted one
 */
record EventHistory(long version, List<Claim> claims) {

    static final EventHistory NONE = new EventHistory(0, List.of());
    /** Format 2: its arrivals have their writers (format 1, before them, is still read). */
    static final StateSerde<EventHistory> SERDE =
            StateSerde.of(EventHistory.class, 2, EventHistory::write, EventHistory::read);

    private static final Comparator<Claim> PRECEDENCE =
            Comparator.comparingLong(Claim::lowest).thenComparing(Claim::unitId).thenComparing(Claim::type);

    /**
     * One identity claimed by some revisions of the eventId, the highest of them (the first to arrive on a tie), and
     * the authorities that wrote them ({@link Arrival#authority}).
     */
    record Claim(String unitId, String type, long lowest, Arrival highest, List<String> authorities) {
        Claim {
            authorities = List.copyOf(new TreeSet<>(authorities));
        }

        boolean claims(Arrival arrival) {
            return unitId.equals(arrival.unitId()) && type.equals(arrival.type());
        }

        boolean sameIdentity(Claim other) {
            return unitId.equals(other.unitId) && type.equals(other.type);
        }
    }

    EventHistory {
        claims = List.copyOf(claims);
    }

    /** The identity that defines the event: the first by precedence of the eligible claims; none if none is. */
    Optional<Claim> governing(UnitRegistry registry) {
        return claims.stream().filter(claim -> eligible(claim, registry)).min(PRECEDENCE);
    }

    private boolean eligible(Claim claim, UnitRegistry registry) {
        return claim.authorities().stream()
                .anyMatch(authority -> authority.isEmpty()
                        || claims.stream().allMatch(other -> registry.covers(authority, other.unitId())));
    }

    /** This history with one more revision arrived; an equal revision already held is a duplicate and kept out. */
    EventHistory with(Arrival arrival) {
        List<Claim> next = new ArrayList<>(claims.size() + 1);
        boolean known = false;
        for (Claim claim : claims) {
            if (claim.claims(arrival)) {
                known = true;
                List<String> authorities = new ArrayList<>(claim.authorities());
                authorities.add(arrival.authority());
                next.add(new Claim(
                        claim.unitId(),
                        claim.type(),
                        Math.min(claim.lowest(), arrival.revision()),
                        arrival.revision() > claim.highest().revision() ? arrival : claim.highest(),
                        authorities));
            } else {
                next.add(claim);
            }
        }
        if (!known) {
            next.add(new Claim(
                    arrival.unitId(), arrival.type(), arrival.revision(), arrival, List.of(arrival.authority())));
        }
        return new EventHistory(version, next);
    }

    private static void write(EventHistory history, DataOutputStream out) throws IOException {
        out.writeLong(history.version);
        out.writeInt(history.claims.size());
        for (Claim claim : history.claims) {
            StateSerde.writeString(out, claim.unitId());
            StateSerde.writeString(out, claim.type());
            out.writeLong(claim.lowest());
            claim.highest().write(out);
            out.writeInt(claim.authorities().size());
            for (String authority : claim.authorities()) {
                StateSerde.writeString(out, authority);
            }
        }
    }

    private static EventHistory read(DataInputStream in, int format) throws IOException {
        long version = in.readLong();
        int size = in.readInt();
        List<Claim> claims = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String unitId = StateSerde.readString(in);
            String type = StateSerde.readString(in);
            long lowest = in.readLong();
            Arrival highest = Arrival.read(in, format);
            int authorities = in.readInt();
            List<String> by = new ArrayList<>(authorities);
            for (int j = 0; j < authorities; j++) {
                by.add(StateSerde.readString(in));
            }
            claims.add(new Claim(unitId, type, lowest, highest, by));
        }
        return new EventHistory(version, claims);
    }

    /** The same history, its counted revision changed once more. */
    EventHistory advanced() {
        return new EventHistory(version + 1, claims);
    }
}
