package org.lawstats.aggregator.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.deadlines.DeadlineRule.Kind;
import org.lawstats.aggregator.deadlines.DeadlineRule.Stop;

/** The examples of issue 15 and api.md § Deadlines, on the shipped calendar and rules (2024: 国庆 10月1日至7日). */
class DeadlineRuleTest {
    static final DeadlineRules RULES = DeadlineRules.load(new ConfigLocation("classpath:config/deadlines.yml"));
    private static final OfficialCalendar CALENDAR = OfficialCalendarTest.SHIPPED;

    private static LocalDate due(Kind kind, String startedOn, int extendedBy, Stop... stops) {
        return RULES.rule(kind)
                .dueOn(CALENDAR, LocalDate.parse(startedOn), extendedBy, List.of(stops))
                .orElse(null);
    }

    private static Stop stop(String suspendedOn, String reason, String resumedOn) {
        return new Stop(LocalDate.parse(suspendedOn), reason, resumedOn == null ? null : LocalDate.parse(resumedOn));
    }

    @Test
    void aRequestReceivedBeforeNationalDayIsDueTwentyWorkingDaysLaterCountingTheMakeUpDays() {
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-09-27", 0)).isEqualTo("2024-10-30");
    }

    @Test
    void anExtensionAddsItsWorkingDaysAndNoMoreThanTwenty() {
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-09-27", 20)).isEqualTo("2024-11-27");
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-09-27", 35)).isEqualTo("2024-11-27");
    }

    @Test
    void aDefenceWhoseFifteenthDayFallsInTheHolidayIsDueOnTheNextWorkingDay() {
        assertThat(due(Kind.LITIGATION_DEFENCE, "2024-09-20", 0)).isEqualTo("2024-10-08");
    }

    @Test
    void aReconsiderationAnswerIsDueTenWorkingDaysAfterService() {
        assertThat(due(Kind.RECONSIDERATION_ANSWER, "2024-09-27", 0)).isEqualTo("2024-10-16");
    }

    @Test
    void aThirdPartyConsultationLeavesOutItsWorkingDays() {
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-03-01", 0)).isEqualTo("2024-03-29");
        // 3-11 to 3-15 do not count; the count then crosses 清明 (4-4 to 4-6) and its make-up Sunday 4-7.
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-03-01", 0, stop("2024-03-08", "THIRD_PARTY", "2024-03-15")))
                .isEqualTo("2024-04-08");
    }

    @Test
    void aCorrectionRestartsTheTwentyDaysFromTheResumption() {
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-03-01", 0, stop("2024-03-05", "CORRECTION", "2024-03-20")))
                .isEqualTo("2024-04-18");
    }

    @Test
    void aSuspensionNotYetResumedStopsTheClock() {
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-03-01", 0, stop("2024-03-08", "THIRD_PARTY", null)))
                .isNull();
    }

    @Test
    void aSuspensionAfterTheDueDateChangesNothing() {
        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-03-01", 0, stop("2024-04-01", "CORRECTION", null)))
                .isEqualTo("2024-03-29");
    }

    @Test
    void stopsCountInDateOrderWhateverOrderTheyAreGiven() {
        Stop first = stop("2024-03-05", "THIRD_PARTY", "2024-03-07");
        Stop second = stop("2024-03-12", "CORRECTION", "2024-03-14");

        assertThat(due(Kind.DISCLOSURE_REPLY, "2024-03-01", 5, second, first))
                .isEqualTo(due(Kind.DISCLOSURE_REPLY, "2024-03-01", 5, first, second));
    }

    @Test
    void aLimitThatRunsPastTheProvisionalYearIsAnErrorNotAGuess() {
        assertThatThrownBy(() -> due(Kind.DISCLOSURE_REPLY, "2027-12-20", 0))
                .isInstanceOf(OfficialCalendar.OutsideCalendarException.class);
    }

    @Test
    void theShippedRulesCiteTheirLaw() {
        assertThat(RULES.all()).allSatisfy(rule -> assertThat(rule.basis()).startsWith("《"));
        assertThat(RULES.dueSoon()).isEqualTo(5);
    }
}
