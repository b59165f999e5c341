package org.lawstats.contract;

/**
 * Header names of a record on {@link Topics#DLQ}. Values are UTF-8 strings; partition and offset are decimal.
 */
public final class DeadLetterHeaders {
    /** A short reason code, one of {@link Rejection.Reason#code()}. */
    public static final String REASON = "lawstats.error.reason";
    /** One sentence saying what is wrong, naming the field where there is one. */
    public static final String DETAIL = "lawstats.error.detail";
    /** The topic the record was consumed from. */
    public static final String ORIGINAL_TOPIC = "lawstats.original.topic";
    /** The partition the record was consumed from. */
    public static final String ORIGINAL_PARTITION = "lawstats.original.partition";
    /** The offset of the record in its original partition. */
    public static final String ORIGINAL_OFFSET = "lawstats.original.offset";

    private DeadLetterHeaders() {}
}
