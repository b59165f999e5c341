package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/completeness} on the real broker and server: each unit's own counted events per family, silent
 * families, revisions and retractions followed, and the usual rights.
 */
class CompletenessIT extends IntegrationTest {
    private static boolean sent;

    @BeforeEach
    void reportOnce() {
        if (sent) {
            return;
        }
        sent = true;
        send(completed("report:a:1", "t.report.a", "p-1", at("2024-01-10T09:00:00+08:00")));
        send(completed("report:a:2", "t.report.a", "p-2", at("2024-03-31T23:30:00+08:00"))); // Q1 in Shanghai
        send(meeting("report:a:3", "t.report.a", "2024-02-01T09:00:00+08:00"));
        EventEnvelope withdrawn = meeting("report:a:4", "t.report.a", "2024-02-02T09:00:00+08:00");
        send(withdrawn);
        send(withdrawn.retractedAt(2));
        // Entered in Q1 by mistake, corrected to Q2: the unit reported nothing of it in Q1.
        EventEnvelope moved = meeting("report:b:1", "t.report.b", "2024-03-05T09:00:00+08:00");
        send(moved);
        send(moved.revised(
                2, OffsetDateTime.parse("2024-04-05T09:00:00+08:00"), (Payload.MeetingHeld) moved.payload()));
        awaitAllConsumed();
    }

    private JsonNode completeness(String query, String user) {
        var response = getAs(user, "/api/v1/completeness" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> silent(JsonNode row) {
        List<String> silent = new ArrayList<>();
        row.path("silent").forEach(f -> silent.add(f.asString()));
        return silent;
    }

    @Test
    void everyUnitOfTheSubtreeHasARowWithItsOwnEventsPerFamily() {
        JsonNode q1 = completeness("?period=2024-Q1&unit=t.report", "adviser");

        assertThat(q1.path("period").asString()).isEqualTo("2024-Q1");
        assertThat(q1.path("unit").asString()).isEqualTo("t.report");
        JsonNode rows = q1.path("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).path("unitId").asString()).isEqualTo("t.report");
        assertThat(silent(rows.get(0))).containsExactly("training", "disclosure", "cases", "activities");
        JsonNode a = rows.get(1);
        assertThat(a.path("unitId").asString()).isEqualTo("t.report.a");
        assertThat(a.path("unitName").asString()).isEqualTo("报送测试甲街道");
        assertThat(a.path("families").path("training").path("events").asLong()).isEqualTo(2);
        assertThat(a.path("families").path("training").path("lastEventAt").asString())
                .isEqualTo("2024-03-31T23:30:00+08:00");
        assertThat(a.path("families").path("activities").path("events").asLong())
                .as("a retracted event is no report")
                .isEqualTo(1);
        assertThat(a.path("families").path("cases").path("lastEventAt").isNull())
                .isTrue();
        assertThat(silent(a)).containsExactly("disclosure", "cases");
        assertThat(silent(rows.get(2)))
                .as("its only event was corrected into April")
                .containsExactly("training", "disclosure", "cases", "activities");
    }

    @Test
    void aUnitSilentInOneQuarterIsNotSilentInTheQuarterItReported() {
        JsonNode q2 = completeness("?period=2024-Q2&unit=t.report.b", "adviser");

        assertThat(q2.path("rows")).hasSize(1);
        assertThat(silent(q2.path("rows").get(0))).containsExactly("training", "disclosure", "cases");
        assertThat(q2.path("rows")
                        .get(0)
                        .path("families")
                        .path("activities")
                        .path("events")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aClerkAsksOnlyOfItsSubtreeAndABadParameterSaysWhich() {
        assertThat(getAs("clerk", "/api/v1/completeness?unit=t.report").statusCode())
                .isEqualTo(403);
        assertThat(getAs("emitter", "/api/v1/completeness?unit=t.tree.a").statusCode())
                .isEqualTo(403);
        var unknown = getAs("adviser", "/api/v1/completeness?unit=t.nowhere");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown unit 't.nowhere'");
        assertThat(getAs("adviser", "/api/v1/completeness?unit=t.report&period=2024-Q5")
                        .statusCode())
                .isEqualTo(400);
    }
}
