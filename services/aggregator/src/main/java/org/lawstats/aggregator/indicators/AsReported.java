package org.lawstats.aggregator.indicators;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.IntegerParameter;
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
     * The lock a question names with {@code asReported} and {@code lockVersion} (as the query asks them), empty for a
     * live question; 400 for a lock version without asReported, for a period cut at today, or for a malformed version.
     */
    default Optional<Report> asked(
            boolean asReported, String lockVersion, boolean toDate, Period period, String unitId) {
        if (!asReported) {
            if (lockVersion != null) {
                throw new BadRequestException("lockVersion goes with asReported=true");
            }
            return Optional.empty();
        }
        if (toDate) {
            throw new BadRequestException("a period as reported is whole: todate and asReported do not go together");
        }
        Integer version = lockVersion == null ? null : IntegerParameter.parse("lockVersion", lockVersion, 1, 1_000_000);
        return Optional.of(require(period, unitId, version));
    }

    /**
     * A lock's figures: evaluated over {@code basis}.
     *
     * @param lockVersion the lock's version
     * @param reportedAt when it was made
     */
    record Report(Basis basis, int lockVersion, Instant reportedAt) {
        /** When it was made, in the registry's zone, as every answer writes a time (ISO 8601, seconds always). */
        public String reportedAt(ZoneId zone) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(reportedAt, zone));
        }

        /** What the name of a file made from it carries: {@code -reported-v<version>}. */
        public String fileSuffix() {
            return "-reported-v" + lockVersion;
        }
    }
}
