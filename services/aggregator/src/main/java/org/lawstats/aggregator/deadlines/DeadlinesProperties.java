package org.lawstats.aggregator.deadlines;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.deadlines.*}: the time limits the law sets and the official calendar they count on.
 *
 * @param file the rules ({@code LAWSTATS_DEADLINES_FILE})
 * @param calendarFile the official calendar ({@code LAWSTATS_DEADLINES_CALENDARFILE})
 */
@Validated
@ConfigurationProperties("lawstats.deadlines")
record DeadlinesProperties(
        @NotBlank @DefaultValue("classpath:config/deadlines.yml")
        String file,

        @NotBlank @DefaultValue("classpath:config/calendar.yml")
        String calendarFile) {}
