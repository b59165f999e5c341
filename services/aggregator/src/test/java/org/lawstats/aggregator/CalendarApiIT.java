package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/calendar/due} (api.md § Deadlines) on the shipped official calendar: the notices' years exactly,
 * the year after them provisionally, no other.
 */
class CalendarApiIT extends IntegrationTest {

    @ParameterizedTest(name = "{0} + {1} {2} = {3}")
    @CsvSource(textBlock = """
            2024-09-27, 20, WORKING,  2024-10-30
            2024-09-20, 15, CALENDAR, 2024-10-08
            2024-09-27, 10, WORKING,  2024-10-16
            2025-01-24, 1,  WORKING,  2025-01-26
            """)
    void theLastDayOfALimitFollowsTheNotices(String from, int days, String count, String dueOn) {
        JsonNode body = due(from, days, count, dueOn);
        assertThat(body.path("provisional").asBoolean(true)).isFalse();
    }

    // 2027 has no notice in the calendar: its statutory holidays (元旦 01-01; 春节 02-05 to 02-08 with 补假 02-09 and
    // 02-10; 清明 04-05; 劳动节 05-01, 05-02 with 补假 05-03, 05-04; 端午 06-09; 中秋 09-15; 国庆 10-01 to 10-03 with
    // 补假 10-04, 10-05) and weekends, no make-up working days.
    @ParameterizedTest(name = "{0} + {1} {2} = {3}, provisional")
    @CsvSource(textBlock = """
            2026-12-20, 20, WORKING,  2027-01-18
            2026-12-28, 4,  WORKING,  2027-01-04
            2027-02-01, 5,  WORKING,  2027-02-12
            2027-04-01, 2,  WORKING,  2027-04-06
            2027-04-18, 15, CALENDAR, 2027-05-05
            2027-06-07, 3,  WORKING,  2027-06-11
            2027-09-24, 5,  WORKING,  2027-10-06
            2027-12-01, 20, WORKING,  2027-12-29
            """)
    void aYearWithoutItsNoticeIsCountedProvisionally(String from, int days, String count, String dueOn) {
        JsonNode body = due(from, days, count, dueOn);
        assertThat(body.path("provisional").asBoolean(false)).isTrue();
    }

    private JsonNode due(String from, int days, String count, String dueOn) {
        var response = getAs("clerk", "/api/v1/calendar/due?from=" + from + "&days=" + days + "&count=" + count);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("dueOn").asString()).isEqualTo(dueOn);
        assertThat(body.path("from").asString()).isEqualTo(from);
        assertThat(body.path("days").asInt()).isEqualTo(days);
        assertThat(body.path("count").asString()).isEqualTo(count);
        return body;
    }

    @Test
    void workingDaysAreTheDefault() {
        assertThat(JSON.readTree(get("/api/v1/calendar/due?from=2024-09-27&days=20")
                                .body())
                        .path("dueOn")
                        .asString())
                .isEqualTo("2024-10-30");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            a year after the provisional one,  from=2027-12-20&days=20, 2028
            a year before the first notice,    from=2019-12-20&days=20, 2019
            a date that is not one,            from=2024-02-30&days=20, from
            no days,                           from=2024-09-27, days
            days out of range,                 from=2024-09-27&days=0, days
            an unknown count,                  from=2024-09-27&days=5&count=HOURS, count
            """)
    void aQuestionItCannotAnswerIsA400ThatSaysWhy(String what, String query, String says) {
        var response = get("/api/v1/calendar/due?" + query);

        assertThat(response.statusCode()).as(what).isEqualTo(400);
        assertThat(response.body()).contains(says).doesNotContain("Exception", "at org.");
    }

    @Test
    void anEmitterMayNotAskAndAStrangerMustLogIn() {
        assertThat(getAs("emitter", "/api/v1/calendar/due?from=2024-09-27&days=20")
                        .statusCode())
                .isEqualTo(403);
        assertThat(getAs(null, "/api/v1/calendar/due?from=2024-09-27&days=20").statusCode())
                .isEqualTo(401);
    }
}
