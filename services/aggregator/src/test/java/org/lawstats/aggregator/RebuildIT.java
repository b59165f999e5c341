package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

/** Kafka is the record: drop every index, rebuild from the topics, and every figure and case is the same. */
class RebuildIT extends IntegrationTest {
    private static final String U = "t.rebuild";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> PERIODS = List.of("2024", "2039", "2041", "2044", "2044-Q2", "2044-05");

    @Test
    void droppedIndicesAreRebuiltFromTheTopicsWithEveryFigureAndCaseIdentical() throws Exception {
        send(enrolled("rebuild:1", U, "p1", at("2044-05-01T09:00:00+08:00")));
        send(enrolled("rebuild:2", U, "p2", at("2044-05-02T09:00:00+08:00")));
        send(enrolled("rebuild:2", U, "p2", at("2044-05-02T09:00:00+08:00"))); // a redelivery
        send(enrolled("rebuild:3", U, "p3", at("2044-05-03T09:00:00+08:00"))
                .revised(2, at("2044-08-03T09:00:00+08:00"), new Payload.TrainingEnrolled("p3", "law", null)));
        send(enrolled("rebuild:4", U, "p4", at("2044-05-04T09:00:00+08:00")).retractedAt(2));
        send(EventEnvelope.of(
                "rebuild:case:filed",
                EventType.CASE_FILED,
                U,
                at("2044-05-05T09:00:00+08:00"),
                new Payload.CaseFiled(
                        "(2044)津0104行初9号", CaseKind.LITIGATION, "人民法院", "王某某", "不服行政处罚决定", "申请人不服。", true)));
        send(EventEnvelope.of(
                "rebuild:case:closed",
                EventType.CASE_CLOSED,
                U,
                at("2044-06-05T09:00:00+08:00"),
                new Payload.CaseClosed(
                        "(2044)津0104行初9号", CaseKind.LITIGATION, Payload.CaseClosed.Outcome.UPHELD, null)));
        awaitAllConsumed();
        Map<String, JsonNode> before = figures();
        String caseBefore = caseRecord();
        long documentsBefore = count("lawstats-events");
        assertThat(before.get("2044|" + U).path("training.enrolled_persons").asLong())
                .isEqualTo(3);

        drop("lawstats-events");
        drop("lawstats-cases");
        Instant since = Instant.now();
        HttpResponse<String> start = post("/api/v1/admin/rebuild");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
        // The answer is the rebuild just begun (its replay runs on a thread of its own), or the one already under way:
        // never a finished one, however fast the replay.
        assertThat(JSON.readTree(start.body()).path("state").asString()).isEqualTo("RUNNING");
        assertThat(post("/api/v1/admin/rebuild", "leader").statusCode())
                .as("admins only")
                .isEqualTo(403);
        JsonNode trail = JSON.readTree(get("/api/v1/admin/audit?user=admin&from="
                        + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8))
                .body());
        assertThat(trail.path("items").valueStream().map(e -> e.path("action").asString()))
                .as("a rebuild rewrites every stored event: it is in the audit trail")
                .contains("rebuild.start");
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !JSON.readTree(get("/api/v1/admin/rebuild").body())
                        .path("state")
                        .asString()
                        .equals("RUNNING"));
        JsonNode done = JSON.readTree(get("/api/v1/admin/rebuild").body());
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.path("eventsIndex").asString()).startsWith("lawstats-events-r");
        refresh();

        assertThat(count("lawstats-events")).isEqualTo(documentsBefore);
        assertThat(figures()).isEqualTo(before);
        assertThat(caseRecord()).isEqualTo(caseBefore);

        send(enrolled("rebuild:after", U, "p5", at("2044-05-06T09:00:00+08:00")));
        awaitStored("rebuild:after", 1);
        assertThat(values("2044", U).path("training.enrolled_persons").asLong())
                .as("the live consumer writes to the new indices")
                .isEqualTo(4);
    }

    private Map<String, JsonNode> figures() {
        Map<String, JsonNode> figures = new LinkedHashMap<>();
        for (String period : PERIODS) {
            for (String unit : List.of("t", U)) {
                figures.put(period + "|" + unit, values(period, unit));
            }
        }
        return figures;
    }

    private String caseRecord() {
        HttpResponse<String> response = get("/api/v1/cases/" + U + "/LITIGATION/"
                + URLEncoder.encode("(2044)津0104行初9号", StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return post(path, "admin");
    }

    private HttpResponse<String> post(String path, String user) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", basic(user))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String es() {
        return TestInfrastructure.get().elasticsearchUri();
    }

    private static void drop(String alias) throws Exception {
        JsonNode indices = JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(es() + "/_alias/" + alias))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        for (String index : indices.propertyNames()) {
            HttpResponse<String> deleted = HTTP.send(
                    HttpRequest.newBuilder(URI.create(es() + "/" + index))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        }
    }

    private static long count(String alias) throws Exception {
        return JSON.readTree(HTTP.send(
                                HttpRequest.newBuilder(URI.create(es() + "/" + alias + "/_count"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("count")
                .asLong();
    }
}
