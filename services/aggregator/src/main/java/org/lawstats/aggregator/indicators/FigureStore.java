package org.lawstats.aggregator.indicators;

/**
 * The stores in which the aggregation keeps its figures (ADR 15), each one part per partition of the events that
 * feed it. Their changelogs are what every instance's view reads and adds up: nothing else is published.
 */
public enum FigureStore {
    /** The unit-months of the events counted by the part that holds them (after their identity is settled). */
    MONTHS("lawstats-month-figures"),
    /** The unit-months of the joins (unmatched requests), by the part that holds the join's key. */
    JOINS("lawstats-join-figures"),
    /** The distinct counts' cells, by the part that holds the persons. */
    CELLS("lawstats-cell-figures");

    private final String storeName;

    FigureStore(String storeName) {
        this.storeName = storeName;
    }

    public String storeName() {
        return storeName;
    }

    /** Its changelog topic, as Kafka Streams names it for the application. */
    public String changelog(String applicationId) {
        return applicationId + "-" + storeName + "-changelog";
    }
}
