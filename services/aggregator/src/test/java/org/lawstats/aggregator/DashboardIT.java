package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/dashboard} on the real broker and server: every figure of the one answer is the one the API's
 * own endpoints give at the same moment (stats to date and last year's same span, the months, the child units, the
 * time limits, the silent units), with the rights of statistics.
 */
class DashboardIT extends IntegrationTest {

    private JsonNode answer(String user, String query) {
        var response = getAs(user, query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void everyFigureOfTheOneAnswerIsTheApisOwnAtTheSameMoment() {
        clock.setToday(LocalDate.of(2043, 5, 20));
        send(completed("dash:1", "t.report.a", "dash-p1", at("2043-02-10T09:00:00+08:00")));
        send(completed("dash:2", "t.report.a", "dash-p2", at("2042-03-01T09:00:00+08:00")));
        // After today's month and day last year: not in last year's same span.
        send(completed("dash:3", "t.report.b", "dash-p3", at("2042-08-01T09:00:00+08:00")));
        send(meeting("dash:4", "t.report.b", "2043-04-02T09:00:00+08:00"));
        awaitAllConsumed();

        JsonNode dashboard = answer("adviser", "/api/v1/dashboard?period=2043&unit=t.report");
        assertThat(dashboard.path("period").asString()).isEqualTo("2043");
        assertThat(dashboard.path("previousPeriod").asString()).isEqualTo("2042");
        assertThat(dashboard.path("toDate").asBoolean()).isTrue();
        assertThat(dashboard.path("unitName").asString()).isEqualTo("报送测试局");
        assertThat(dashboard.path("today").asString()).isEqualTo("2043-05-20");

        JsonNode now = answer("adviser", "/api/v1/stats?period=2043&unit=t.report&todate=true")
                .path("values");
        JsonNode before = answer("adviser", "/api/v1/stats?period=2042&unit=t.report&todate=true")
                .path("values");
        assertThat(dashboard.path("cards")).hasSize(12);
        for (JsonNode card : dashboard.path("cards")) {
            String id = card.path("indicator").asString();
            assertThat(card.path("value")).as(id).isEqualTo(now.path(id));
            assertThat(card.path("previous")).as(id + " last year").isEqualTo(before.path(id));
        }
        JsonNode persons = dashboard.path("cards").get(0);
        assertThat(persons.path("indicator").asString()).isEqualTo("training.completed_persons");
        assertThat(persons.path("name").asString()).isEqualTo("参训并结业人数");
        assertThat(persons.path("value").asLong()).isEqualTo(1);
        assertThat(persons.path("previous").asLong())
                .as("last year to 20 May only")
                .isEqualTo(1);

        List<String> months = new ArrayList<>();
        dashboard.path("months").forEach(m -> months.add(m.asString()));
        assertThat(months).hasSize(12).startsWith("2043-01", "2043-02").endsWith("2043-12");
        for (JsonNode series : dashboard.path("trend")) {
            String id = series.path("indicator").asString();
            for (int m = 0; m < 12; m++) {
                JsonNode value = series.path("values").get(m);
                if (m < 5) {
                    assertThat(value)
                            .as(id + " " + months.get(m))
                            .isEqualTo(values(months.get(m), "t.report").path(id));
                } else {
                    assertThat(value.isNull())
                            .as(id + " " + months.get(m) + " has not begun")
                            .isTrue();
                }
            }
        }

        JsonNode breakdown = answer("adviser", "/api/v1/stats/breakdown?period=2043&unit=t.report&todate=true");
        JsonNode ranking = dashboard.path("ranking");
        assertThat(ranking).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(ranking.get(i).path("unitId"))
                    .isEqualTo(breakdown.path("rows").get(i + 1).path("unitId"));
            assertThat(ranking.get(i).path("values"))
                    .isEqualTo(breakdown.path("rows").get(i + 1).path("values"));
        }
        assertThat(dashboard.path("rankings").findValuesAsString("indicator"))
                .contains("training.completed_persons")
                .doesNotContain("exam.participation_rate");

        // Today's quarter: t.report and t.report.a reported nothing in it, t.report.b held a meeting.
        assertThat(dashboard.path("quarter").asString()).isEqualTo("2043-Q2");
        long silent = 0;
        for (JsonNode row : answer("adviser", "/api/v1/completeness?period=2043-Q2&unit=t.report")
                .path("rows")) {
            silent += row.path("silent").size() == 4 ? 1 : 0;
        }
        assertThat(dashboard.path("silentUnits").asLong()).isEqualTo(silent).isEqualTo(2);
    }

    @Test
    void theTimeLimitsAreTheDeadlinesOfTheSubtreeCountedByStatusAndKind() {
        clock.setToday(LocalDate.of(2043, 5, 20));
        JsonNode panel = answer("leader", "/api/v1/dashboard?unit=t").path("deadlines");
        assertThat(panel.path("statuses").path("OVERDUE").asString()).isEqualTo("已逾期");
        assertThat(panel.path("statuses").path("DUE_SOON").asString()).isEqualTo("即将到期");
        for (String status : List.of("OVERDUE", "DUE_SOON")) {
            long total = answer("leader", "/api/v1/deadlines?unit=t&status=" + status + "&size=1")
                    .path("total")
                    .asLong();
            assertThat(panel.path(status.equals("OVERDUE") ? "overdue" : "dueSoon")
                            .asLong())
                    .as(status)
                    .isEqualTo(total);
            long byKinds = 0;
            for (JsonNode kind : panel.path("kinds")) {
                long count = answer(
                                "leader",
                                "/api/v1/deadlines?unit=t&status=" + status + "&kind="
                                        + kind.path("kind").asString() + "&size=1")
                        .path("total")
                        .asLong();
                assertThat(kind.path(status.equals("OVERDUE") ? "overdue" : "dueSoon")
                                .asLong())
                        .as(status + " " + kind.path("kind").asString())
                        .isEqualTo(count);
                byKinds += count;
            }
            assertThat(byKinds).as(status + " by kind").isEqualTo(total);
            assertThat(panel.path("items").findValuesAsString("status").stream()
                            .filter(status::equals)
                            .count())
                    .isEqualTo(Math.min(total, 50));
        }
        assertThat(panel.path("kinds").findValuesAsString("name")).contains("依申请公开答复期限");
    }

    @Test
    void theRightsAndParametersAreThoseOfStatistics() {
        assertThat(getAs(null, "/api/v1/dashboard").statusCode()).isEqualTo(401);
        assertThat(getAs("clerk", "/api/v1/dashboard?unit=t.report").statusCode())
                .isEqualTo(403);
        assertThat(getAs("emitter", "/api/v1/dashboard?unit=t.tree.a").statusCode())
                .isEqualTo(403);
        assertThat(getAs("clerk", "/api/v1/dashboard?unit=t.tree").statusCode()).isEqualTo(200);
        var badPeriod = getAs("leader", "/api/v1/dashboard?period=2043-13");
        assertThat(badPeriod.statusCode()).isEqualTo(400);
        assertThat(badPeriod.body()).doesNotContain("Exception");
        assertThat(getAs("leader", "/api/v1/dashboard?unit=t.nowhere").statusCode())
                .isEqualTo(400);
    }
}
