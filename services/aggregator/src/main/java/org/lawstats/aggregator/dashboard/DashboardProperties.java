package org.lawstats.aggregator.dashboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the leaders' dashboard shows, as {@code config/dashboard.yml} says (catalogue ids, checked at start).
 *
 * @param cards the indicators shown as cards, in order, each with last year's same span beside it
 * @param trend the indicators drawn month by month over the year
 * @param rankBy the indicator the child units are first ranked by
 * @param listed how many overdue and how many due-soon time limits are listed
 */
@Validated
@ConfigurationProperties("lawstats.dashboard")
record DashboardProperties(
        @NotEmpty List<@NotBlank String> cards,
        @NotEmpty List<@NotBlank String> trend,
        @NotBlank String rankBy,
        @Min(1) @Max(200) @DefaultValue("50") int listed) {}
