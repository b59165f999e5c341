package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/calendar/due} (api.md § Deadlines) on the shipped official calendar. */
class CalendarApiIT extends IntegrationTest {

    @ParameterizedTest(name = "{0} + {1} {2} = {3}")
    @CsvSource(textBlock = """
            2024-09-27, 20, WORKING,  2024-10-30
            2024-09-20, 15, CALENDAR, 2024-10-08
            2024-09-27, 10, WORKING,  2024-10-16
            2025-01-24, 1,  WORKING,  2025-01-26
            """)
    void theLastDayOfALimitFollowsTheNotices(String from, int days, String count, String dueOn) {
        var response = getAs("clerk", "/api/v1/calendar/due?from=" + from + "&days=" + days + "&count=" + count);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("dueOn").asString()).isEqualTo(dueOn);
        assertThat(body.path("from").asString()).isEqualTo(from);
        assertThat(body.path("days").asInt()).isEqualTo(days);
        assertThat(body.path("count").asString()).isEqualTo(count);
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
            a year the calendar does not hold, from=2026-12-20&days=20, 2027
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
