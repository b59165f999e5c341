package org.lawstats.contract;

/** Thrown when an event that is being built or published breaks the contract. */
public class InvalidEventException extends IllegalArgumentException {
    private final transient Rejection rejection;

    public InvalidEventException(Rejection rejection) {
        super(rejection.detail());
        this.rejection = rejection;
    }

    /** What is wrong, field by field. */
    public Rejection rejection() {
        return rejection;
    }
}
