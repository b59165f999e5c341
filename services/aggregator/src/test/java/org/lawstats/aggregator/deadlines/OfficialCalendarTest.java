package org.lawstats.aggregator.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lawstats.aggregator.ConfigLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

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
    void aDateBeforeTheFirstNoticeOrPastTheProvisionalYearIsRefusedNotGuessedFromTheWeekday() {
        assertThatThrownBy(() -> SHIPPED.isWorkingDay(LocalDate.parse("2028-03-01")))
                .isInstanceOf(OfficialCalendar.OutsideCalendarException.class)
                .hasMessageContaining("2028")
                .hasMessageContaining("2027 provisionally");
        assertThatThrownBy(() -> SHIPPED.afterWorkingDays(LocalDate.parse("2027-12-20"), 20))
                .isInstanceOf(OfficialCalendar.OutsideCalendarException.class);
        assertThatThrownBy(() -> SHIPPED.isWorkingDay(LocalDate.parse("2019-12-31")))
                .isInstanceOf(OfficialCalendar.OutsideCalendarException.class);
    }

    @Test
    void theYearAfterTheLastNoticeIsCountedProvisionallyAndNoOther() {
        assertThat(SHIPPED.provisionalYear()).isEqualTo(2027);
        assertThat(SHIPPED.isProvisional(LocalDate.parse("2026-12-31"))).isFalse();
        assertThat(SHIPPED.isProvisional(LocalDate.parse("2027-01-01"))).isTrue();
        assertThat(SHIPPED.lastDay()).isEqualTo("2027-12-31");
    }

    /**
     * 2027 by 全国年节及纪念日放假办法 (2024): the statutory days on the observatories' dates (春节 from 除夕 2027-02-05, the
     * new moon of 02-06 falling at 23:56), a working day off after each one on a weekend, no make-up working day.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            2026-12-31, true,  the last working day of 2026 (its notice)
            2027-01-01, false, 元旦 (a Friday)
            2027-01-04, true,  a Monday: 元旦 fell on a weekday, no 补假
            2027-02-04, true,  the day before 除夕
            2027-02-05, false, 春节: 除夕 (Friday)
            2027-02-06, false, 春节: 正月初一 (Saturday), not 02-07 as ICU4J 79 has it
            2027-02-07, false, 春节: 初二 (Sunday)
            2027-02-08, false, 春节: 初三 (Monday)
            2027-02-09, false, 补假 for 初一 on a Saturday
            2027-02-10, false, 补假 for 初二 on a Sunday
            2027-02-11, true,  back to work
            2027-02-20, false, a Saturday: no make-up working day is assumed
            2027-04-05, false, 清明 (a Monday)
            2027-04-06, true,  the day after 清明
            2027-05-01, false, 劳动节 (Saturday)
            2027-05-02, false, 劳动节 (Sunday)
            2027-05-03, false, 补假 for 05-01
            2027-05-04, false, 补假 for 05-02
            2027-05-05, true,  back to work
            2027-06-09, false, 端午 (Wednesday)
            2027-09-15, false, 中秋 (Wednesday)
            2027-10-01, false, 国庆 (Friday)
            2027-10-03, false, 国庆 (Sunday)
            2027-10-04, false, 补假 for 10-02
            2027-10-05, false, 补假 for 10-03
            2027-10-06, true,  back to work
            2027-12-31, true,  a Friday
            """)
    void aYearWithoutItsNoticeRestsOnTheStatutoryHolidaysAndTheirMakeUpDays(
            LocalDate day, boolean working, String why) {
        assertThat(SHIPPED.isWorkingDay(day)).as(why).isEqualTo(working);
    }

    @Test
    void aTwentyWorkingDayLimitFromTheTwentiethOfDecemberRunsIntoTheProvisionalYear() {
        LocalDate due = SHIPPED.afterWorkingDays(LocalDate.parse("2026-12-20"), 20);

        assertThat(due).as("9 days left in 2026, 元旦 off, 11 in January").isEqualTo("2027-01-18");
        assertThat(SHIPPED.isProvisional(due)).isTrue();
        assertThat(SHIPPED.holidayOn(LocalDate.parse("2027-02-09"))).isEqualTo("春节补假");
    }

    @Test
    void aHolidayOnAnotherGivesADayOffAsTheNoticesDo() {
        // 2028: 中秋 on 10-03, the third day of 国庆 (as 2020's 国庆节、中秋节 gave 8 days).
        OfficialCalendar calendar = parse("""
                years:
                  - year: 2027
                    notices: [n]
                provisional:
                  basis: 办法
                  holidays:
                    - { name: 中秋节, from: zhongqiu, days: 1 }
                    - { name: 国庆节, from: "10-01", days: 3 }
                  makeUpForWeekends: true
                almanac:
                  source: s
                  years:
                    - { year: 2028, chuxi: 2028-01-25, qingming: 2028-04-04, duanwu: 2028-05-28, zhongqiu: 2028-10-03 }
                """);

        // 10-01 Sunday: 补假 10-04; 10-03 both holidays: 补假 10-05.
        assertThat(calendar.isWorkingDay(LocalDate.parse("2028-10-04"))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2028-10-05"))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2028-10-06"))).isTrue();
    }

    /**
     * The almanac's dates, for every year it holds, are the Hong Kong Observatory's (its conversion tables, in
     * src/test/resources): 除夕 the day before the month 正月 begins, 端午 the fifth of 五月, 中秋 the fifteenth of 八月 (a
     * leap month 闰X月 is another month), 清明 the day the table names it.
     */
    @Test
    void theAlmanacIsTheObservatorysTableForEveryYearItHolds() throws Exception {
        Map<Integer, List<String>> observed = new TreeMap<>();
        List<String> lines;
        try (var in = OfficialCalendarTest.class.getResourceAsStream("/hko-lunar-2020-2050.tsv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            LocalDate day = LocalDate.parse(cells[0]);
            List<String> festivals = observed.computeIfAbsent(
                    day.getYear(), y -> new ArrayList<>(Collections.nCopies(4, (String) null)));
            switch (cells[1]) {
                case "正月" -> festivals.set(0, day.minusDays(1).toString());
                case "五月" -> festivals.set(2, day.plusDays(4).toString());
                case "八月" -> festivals.set(3, day.plusDays(14).toString());
                default -> {}
            }
            if (cells.length > 2 && cells[2].equals("清明")) {
                festivals.set(1, day.toString());
            }
        }
        JsonNode almanac = new YAMLMapper()
                .readTree(OfficialCalendarTest.class.getResourceAsStream("/config/calendar.yml"))
                .path("almanac")
                .path("years");
        Map<Integer, List<String>> shipped = new TreeMap<>();
        for (JsonNode year : almanac) {
            shipped.put(
                    year.path("year").asInt(),
                    List.of(
                            year.path("chuxi").asString(),
                            year.path("qingming").asString(),
                            year.path("duanwu").asString(),
                            year.path("zhongqiu").asString()));
        }

        assertThat(shipped).isNotEmpty().containsKey(SHIPPED.provisionalYear());
        assertThat(observed.keySet()).containsAll(shipped.keySet());
        shipped.forEach((year, dates) -> assertThat(dates).as("almanac " + year).isEqualTo(observed.get(year)));
    }

    @Test
    void anAlmanacThatDisagreesWithANoticeIsRefused() {
        assertThatThrownBy(() -> parse("""
                        years:
                          - year: 2024
                            notices: [n]
                            holidays:
                              - { name: 中秋节, from: 2024-09-15, to: 2024-09-17, days: 3 }
                        almanac:
                          source: s
                          years:
                            - { year: 2024, chuxi: 2024-02-09, qingming: 2024-04-04, duanwu: 2024-06-10, zhongqiu: 2024-09-18 }
                        """)).hasMessageContaining("中秋").hasMessageContaining("2024-09-18");
    }

    @Test
    void aProvisionalRuleNeedsTheAlmanacOfItsYear() {
        assertThatThrownBy(() -> parse("""
                        years:
                          - year: 2024
                            notices: [n]
                        provisional:
                          basis: 办法
                          holidays:
                            - { name: 元旦, from: "01-01", days: 1 }
                        """)).hasMessageContaining("2025");
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
