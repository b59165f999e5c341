package org.lawstats.aggregator.counsel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.counsel.*}: the counsel table's bound and the office's assessment, as {@code config/counsel.yml}
 * says (checked at start: a weight for every work kind of events.md, grades from the highest).
 *
 * @param maxRows the most rows (unit and counsel) one table holds: above it, a 413 before anything is sent
 * @param assessment the office's weights and grades (考核): the office's to tune; the counts are not
 */
@Validated
@ConfigurationProperties("lawstats.counsel")
record CounselProperties(
        @Min(1) @Max(1_000_000) @DefaultValue("100000") int maxRows,
        @Valid @NotNull Assessment assessment) {

    /**
     * @param weights points per piece of work, by work kind of events.md (OPINION, CONTRACT_REVIEW, ...)
     * @param grades from the highest: a counsel whose score over a quarter reaches {@code min} gets {@code name}
     *     (the last must start at 0); a year's thresholds are four quarters', a month's a third of one
     */
    record Assessment(
            @NotEmpty Map<String, @NotNull @Min(0) @Max(1000) BigDecimal> weights,
            @NotEmpty List<@Valid Grade> grades) {}

    /** One grade: its name (优秀, 合格, ...) and the least quarterly score that earns it. */
    record Grade(@NotBlank String name, @NotNull @Min(0) BigDecimal min) {}
}
