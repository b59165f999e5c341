package org.lawstats.aggregator.indicators;

import java.time.Instant;
import java.util.Optional;
import org.lawstats.aggregator.web.NotFoundException;

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

    /** The lock {@link #find} finds; a 404 saying which when there is none. */
    default Report require(Period period, String unitId, Integer version) {
        return find(period, unitId, version)
                .orElseThrow(() -> new NotFoundException("no lock" + (version == null ? "" : " of version " + version)
                        + " covers " + unitId + " for " + period.label()));
    }

    /**
     * A lock's figures: evaluated over {@code basis}.
     *
     * @param lockVersion the lock's version
     * @param reportedAt when it was made
     */
    record Report(Basis basis, int lockVersion, Instant reportedAt) {}
}
