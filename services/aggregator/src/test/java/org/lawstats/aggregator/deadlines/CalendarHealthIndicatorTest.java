package org.lawstats.aggregator.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class CalendarHealthIndicatorTest {
    private final CalendarHealthIndicator indicator = new CalendarHealthIndicator(
            OfficialCalendarTest.SHIPPED,
            new Deadlines(
                    DeadlineRuleTest.RULES,
                    OfficialCalendarTest.SHIPPED,
                    UnitRegistry.parse(
                            new ByteArrayInputStream(
                                    "units:\n  - id: u\n    name: 单位\n".getBytes(StandardCharsets.UTF_8)),
                            "test"),
                    Clock.systemUTC()));

    @Test
    void saysWhichYearsItHoldsAndNothingMissingBeforeTheLastAutumn() {
        Health health = indicator.health(LocalDate.parse("2026-09-30"));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("years", "2020-2026").doesNotContainKey("missing");
    }

    @Test
    void fromOctoberOfItsLastYearSaysTheNextYearIsMissingAndStaysUp() {
        Health health = indicator.health(LocalDate.parse("2026-11-30"));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("missing").toString())
                .startsWith("2027")
                .contains("provisional");
        assertThat(health.getDetails()).containsEntry("provisional", 2027);
    }
}
