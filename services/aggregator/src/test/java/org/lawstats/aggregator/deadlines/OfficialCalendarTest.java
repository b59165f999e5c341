package org.lawstats.aggregator.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lawstats.aggregator.ConfigLocation;

class OfficialCalendarTest {
    static final OfficialCalendar SHIPPED = OfficialCalendar.load(new ConfigLocation("classpath:config/calendar.yml"));

    private static OfficialCalendar parse(String yaml) {
        return OfficialCalendar.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void theShippedCalendarHoldsTheNoticesOf2020To2026() {
        assertThat(SHIPPED.years()).containsExactly(2020, 2021, 2022, 2023, 2024, 2025, 2026);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            2024-09-28, false, a Saturday
            2024-09-29, true,  国庆 2024: 9月29日（周日）上班
            2024-10-01, false, 国庆节
            2024-10-05, false, a Saturday inside the holiday
            2024-10-07, false, the last day of the holiday, a Monday
            2024-10-08, true,  the first day back
            2024-10-12, true,  10月12日（周六）上班
            2024-02-09, true,  除夕 2024: only encouraged off, a working day
            2025-01-28, false, 除夕 2025: a holiday since the 2024 revision
            2020-02-01, false, the make-up Saturday cancelled by the extension of 2020
            2020-01-31, false, the extension of 2020 (国办发明电〔2020〕1号)
            2020-02-03, true,  back to work after the extension
            2022-12-31, false, 元旦 2023 begins in 2022
            2026-02-14, true,  2月14日（周六）上班
            2026-02-23, false, 春节 2026 ends on a Monday
            2026-10-10, true,  10月10日（周六）上班
            """)
    void aDayWorksAsTheNoticesSay(LocalDate day, boolean working, String why) {
        assertThat(SHIPPED.isWorkingDay(day)).as(why).isEqualTo(working);
    }

    @Test
    void aDateOfAYearTheCalendarDoesNotHoldIsRefusedNotGuessedFromTheWeekday() {
        assertThatThrownBy(() -> SHIPPED.isWorkingDay(LocalDate.parse("2027-03-01")))
                .isInstanceOf(OfficialCalendar.OutsideCalendarException.class)
                .hasMessageContaining("2027");
        assertThatThrownBy(() -> SHIPPED.afterWorkingDays(LocalDate.parse("2026-12-20"), 20))
                .isInstanceOf(OfficialCalendar.OutsideCalendarException.class);
        assertThatThrownBy(() -> SHIPPED.isWorkingDay(LocalDate.parse("2019-12-31")))
                .isInstanceOf(OfficialCalendar.OutsideCalendarException.class);
    }

    @Test
    void countsWorkingDaysLeftAndSince() {
        LocalDate due = LocalDate.parse("2024-10-08");

        assertThat(SHIPPED.workingDaysBetween(LocalDate.parse("2024-09-27"), due))
                .as("9-29, 9-30, 10-08")
                .isEqualTo(3);
        assertThat(SHIPPED.workingDaysBetween(due, due)).isZero();
        assertThat(SHIPPED.workingDaysBetween(LocalDate.parse("2024-10-12"), due))
                .as("10-09, 10-10, 10-11, 10-12 since")
                .isEqualTo(-4);
    }

    @Test
    void aHolidayWhoseDatesDisagreeWithTheNoticesCountIsRefused() {
        assertThatThrownBy(() -> parse("""
                        years:
                          - year: 2024
                            notices: [n]
                            holidays:
                              - { name: 国庆节, from: 2024-10-01, to: 2024-10-08, days: 7 }
                        """)).hasMessageContaining("国庆节").hasMessageContaining("8 days");
    }

    @Test
    void aMakeUpWorkingDayOnAWeekdayIsRefused() {
        assertThatThrownBy(() -> parse("""
                        years:
                          - year: 2024
                            notices: [n]
                            workdays: [2024-09-30]
                        """)).hasMessageContaining("2024-09-30").hasMessageContaining("weekend");
    }

    @Test
    void aDayBothHolidayAndWorkingIsRefused() {
        assertThatThrownBy(() -> parse("""
                        years:
                          - year: 2024
                            notices: [n]
                            holidays:
                              - { name: 国庆节, from: 2024-10-05, to: 2024-10-05, days: 1 }
                            workdays: [2024-10-05]
                        """)).hasMessageContaining("both");
    }

    @Test
    void aYearWithoutItsNoticeIsRefused() {
        assertThatThrownBy(() -> parse("""
                        years:
                          - year: 2024
                            workdays: [2024-09-29]
                        """)).hasMessageContaining("cite the notice");
    }
}
