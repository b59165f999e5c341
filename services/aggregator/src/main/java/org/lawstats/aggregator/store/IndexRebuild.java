package org.lawstats.aggregator.store;

import java.time.Instant;

/**
 * Rebuilding the Elasticsearch view from Kafka, the record: the event topics are replayed into new indices, and the
 * aliases are switched to them once they hold everything; until then the API keeps answering from the old ones.
 */
public interface IndexRebuild {

    /** Starts a rebuild, or returns the one under way. */
    Status start();

    /** The last rebuild's state. */
    Status status();

    /** What a rebuild is doing or did. */
    record Status(
            String state,
            Instant startedAt,
            Instant finishedAt,
            long replayed,
            long total,
            String eventsIndex,
            String casesIndex,
            String previousEventsIndex,
            String message) {

        public static Status idle() {
            return new Status("IDLE", null, null, 0, 0, null, null, null, null);
        }
    }
}
