package org.lawstats.contract;

import java.util.List;

/** The Kafka topics of the v1 contract. The record key should be the unitId; correctness never depends on it. */
public final class Topics {
    /** {@code training.*} and {@code exam.*} events. */
    public static final String TRAINING = "lawstats.training";
    /** {@code disclosure.*} events. */
    public static final String DISCLOSURE = "lawstats.disclosure";
    /** {@code case.*} events. */
    public static final String CASES = "lawstats.cases";
    /** {@code study.held}, {@code meeting.held}, {@code proposal.handled}, {@code decision.listed}, {@code document.published}. */
    public static final String ACTIVITIES = "lawstats.activities";
    /** Invalid records: the original bytes with the reason headers of {@link DeadLetterHeaders}. */
    public static final String DLQ = "lawstats.dlq";

    /** Every topic that carries events, in contract order (the dead-letter topic excluded). */
    public static final List<String> EVENT_TOPICS = List.of(TRAINING, DISCLOSURE, CASES, ACTIVITIES);

    private Topics() {}
}
