package org.lawstats.aggregator.access;

/** The five roles of api.md. */
public enum Role {
    /** Everything. */
    ADMIN,
    /** All statistics; case records with the claimant masked. */
    LEADER,
    /** All statistics and full case records. */
    ADVISER,
    /** Statistics and case records of its own unit subtree only. */
    UNIT_CLERK,
    /** Sends events of its own unit subtree through the gateway; nothing else. */
    UNIT_EMITTER;

    /** Whether this role is confined to the subtree of the user's unit. */
    boolean unitBound() {
        return this == UNIT_CLERK || this == UNIT_EMITTER;
    }
}
