package org.lawstats.aggregator.indicators;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the figures of a locked reporting period are kept (api.md § Reporting periods): the statistics answer
 * {@code asReported=true} from it. Implemented by the periods feature, which the indicators do not know.
 */
public interface AsReported {

    /**
     * The lock over this period and unit (its own or an ancestor's): the one in force, or with {@code version} the one
     * of that version; empty when there is none.
     */
    Optional<Report> find(Period period, String unitId, Integer version);

    /**
     * A lock's figures: evaluated over {@code basis}.
     *
     * @param lockVersion the lock's version
     * @param reportedAt when it was made
     */
    record Report(Basis basis, int lockVersion, Instant reportedAt) {}
}
