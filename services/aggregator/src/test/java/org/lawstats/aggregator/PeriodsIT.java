package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.devstack.stack.AggregatorProcess;
import tools.jackson.databind.JsonNode;

/**
 * Reporting periods on the real pipeline (api.md § Reporting periods): submissions, a lock refused while a unit has
 * not submitted, the figures and records as reported, what changed since, unlock and a second version, the rights.
 */
class PeriodsIT extends IntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String Q = "2024-Q2";
    private static final List<String> UNITS = List.of("t.period", "t.period.a", "t.period.b");

    private HttpResponse<String> send(String method, String user, String path, String body) {
        return send("http://127.0.0.1:" + port, method, user, path, body);
    }

    private static HttpResponse<String> send(String base, String method, String user, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (user != null) {
                request.header("Authorization", basic(user));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> submit(String user, String period, String unit) {
        return send("POST", user, "/api/v1/periods/" + period + "/submissions", "{\"unit\":\"" + unit + "\"}");
    }

    private HttpResponse<String> lock(String user, String period, String unit) {
        return send("POST", user, "/api/v1/periods/" + period + "/locks", "{\"unit\":\"" + unit + "\"}");
    }

    private HttpResponse<String> emit(EventEnvelope event) {
        return send(
                "POST",
                "period-emitter",
                "/api/v1/events",
                new String(EventCodec.strict().encode(event), StandardCharsets.UTF_8));
    }

    private JsonNode asReported(String unit, String extra) {
        HttpResponse<String> response = get("/api/v1/stats?period=" + Q + "&unit=" + unit + "&asReported=true" + extra);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static EventEnvelope meetingHeld(String eventId, String unit, String at) {
        return EventEnvelope.of(
                eventId,
                EventType.MEETING_HELD,
                unit,
                OffsetDateTime.parse(at),
                new Payload.MeetingHeld(Payload.MeetingHeld.Kind.EXECUTIVE, true, 2));
    }

    @Test
    void aLockWaitsForEveryUnitHoldsTheFiguresAndListsWhatChangedSince() {
        EventEnvelope moved = enrolled("t.period.a:e3", "t.period.a", "p3", at("2024-05-02T02:00:00Z"));
        EventEnvelope withdrawn = meetingHeld("t.period.b:m1", "t.period.b", "2024-05-20T09:00:00+08:00");
        for (EventEnvelope event : List.of(
                enrolled("t.period:e1", "t.period", "p1", at("2024-04-01T01:00:00Z")),
                enrolled("t.period:e2", "t.period", "p2", at("2024-04-03T01:00:00Z")),
                completed("t.period:c1", "t.period", "p1", at("2024-04-20T01:00:00Z")),
                meetingHeld("t.period:m1", "t.period", "2024-06-30T23:30:00+08:00"),
                enrolled("t.period.a:e1", "t.period.a", "p1", at("2024-04-05T01:00:00Z")),
                moved,
                completed("t.period.a:c3", "t.period.a", "p3", at("2024-05-09T01:00:00Z")),
                enrolled("t.period.b:e4", "t.period.b", "p4", at("2024-06-01T01:00:00Z")),
                withdrawn,
                // 2024-06-30T16:30Z is 2024-07-01 00:30 in Beijing: the third quarter's, not this one's
                enrolled("t.period.b:e9", "t.period.b", "p9", at("2024-06-30T16:30:00Z")))) {
            send(event);
        }
        awaitAllConsumed();

        assertThat(submit("period-clerk", Q, "t.period").statusCode()).isEqualTo(200);
        HttpResponse<String> submittedA = submit("period-clerk", Q, "t.period.a");
        assertThat(JSON.readTree(submittedA.body()).path("state").asString()).isEqualTo("SUBMITTED");
        HttpResponse<String> refused = lock("period-reviewer", Q, "t.period");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(refused.body())
                        .path("notSubmitted")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("t.period.b");

        assertThat(submit("period-clerk", Q, "t.period.b").statusCode()).isEqualTo(200);
        Map<String, JsonNode> live = Map.of(
                "t.period", values(Q, "t.period"),
                "t.period.a", values(Q, "t.period.a"),
                "t.period.b", values(Q, "t.period.b"));
        Map<String, Map<String, List<Long>>> liveRecords = new TreeMap<>();
        UNITS.forEach(unit -> liveRecords.put(unit, recordTotals(unit, false)));
        HttpResponse<String> made = lock("period-reviewer", Q, "t.period");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode lock = JSON.readTree(made.body());
        assertThat(lock.path("version").asInt()).isEqualTo(1);
        assertThat(lock.path("lockedBy").asString()).isEqualTo("period-reviewer");
        assertThat(lock.path("values")).isEqualTo(live.get("t.period"));
        assertThat(live.get("t.period").path("training.enrolled_persons").asLong())
                .isEqualTo(4);
        for (String unit : UNITS) {
            JsonNode reported = asReported(unit, "");
            assertThat(reported.path("values")).as(unit).isEqualTo(live.get(unit));
            assertThat(reported.path("lockVersion").asInt()).isEqualTo(1);
            assertRecordsNumberTheFigures(unit, reported.path("values"), liveRecords.get(unit));
        }
        JsonNode state =
                JSON.readTree(get("/api/v1/periods/" + Q + "?unit=t.period.a").body());
        assertThat(state.path("lock").path("unit").asString())
                .as("the lock over t.period.a is its parent's")
                .isEqualTo("t.period");

        // After the lock: a correction moving an event out of the quarter, a withdrawal, a late new event.
        assertThat(emit(moved.revised(2, OffsetDateTime.parse("2024-07-02T10:00:00+08:00"), moved.payload()))
                        .statusCode())
                .isEqualTo(202);
        assertThat(emit(withdrawn.retractedAt(2)).statusCode()).isEqualTo(202);
        assertThat(emit(EventEnvelope.of(
                                "t.period:s1",
                                EventType.STUDY_HELD,
                                "t.period",
                                OffsetDateTime.parse("2024-05-15T15:00:00+08:00"),
                                new Payload.StudyHeld(Payload.StudyHeld.Kind.LECTURE, "宪法专题讲座", null)))
                        .statusCode())
                .isEqualTo(202);
        awaitStored("t.period:s1", 1);
        awaitStored("t.period.a:e3", 2);
        awaitStored("t.period.b:m1", 2);

        JsonNode now = values(Q, "t.period");
        assertThat(now.path("training.enrolled_persons").asLong())
                .as("p3 moved out")
                .isEqualTo(3);
        assertThat(now.path("study.lecture").asLong()).isEqualTo(1);
        assertThat(now.path("meeting.executive").asLong()).isEqualTo(1);
        assertThat(values(Q, "t.period.a").path("training.enrolled_persons").asLong())
                .isEqualTo(1);
        for (String unit : UNITS) {
            assertThat(asReported(unit, "").path("values")).as(unit).isEqualTo(live.get(unit));
        }
        // The dashboard as reported: its cards and its ranking are the lock's, while the live one has moved on.
        JsonNode dashboard = JSON.readTree(get("/api/v1/dashboard?period=" + Q + "&unit=t.period&asReported=true")
                .body());
        assertThat(dashboard.path("lockVersion").asInt()).isEqualTo(1);
        for (JsonNode card : dashboard.path("cards")) {
            String id = card.path("indicator").asString();
            assertThat(card.path("value")).as(id).isEqualTo(live.get("t.period").path(id));
        }
        for (JsonNode child : dashboard.path("ranking")) {
            assertThat(child.path("values"))
                    .as(child.path("unitId").asString())
                    .isEqualTo(live.get(child.path("unitId").asString()));
        }
        assertThat(dashboard.path("ranking").size()).isEqualTo(2);
        JsonNode liveDashboard = JSON.readTree(
                get("/api/v1/dashboard?period=" + Q + "&unit=t.period").body());
        assertThat(liveDashboard.path("lockVersion").isNull()).isTrue();
        assertThat(liveDashboard.path("cards"))
                .as("the withdrawal moved a card")
                .isNotEqualTo(dashboard.path("cards"));
        for (JsonNode card : liveDashboard.path("cards")) {
            String id = card.path("indicator").asString();
            assertThat(card.path("value")).as(id).isEqualTo(now.path(id));
        }
        assertThat(get("/api/v1/dashboard?period=2024-Q1&unit=t.period&asReported=true")
                        .statusCode())
                .isEqualTo(404);

        JsonNode changes = JSON.readTree(
                get("/api/v1/periods/" + Q + "/changes?unit=t.period").body());
        assertThat(changes.path("lockVersion").asInt()).isEqualTo(1);
        Set<String> revisions = new HashSet<>();
        Set<String> writers = new HashSet<>();
        for (JsonNode change : changes.path("changes")) {
            assertThat(change.path("reported")).isNotEqualTo(change.path("current"));
            for (JsonNode event : change.path("events")) {
                revisions.add(event.path("eventId").asString() + "@"
                        + event.path("revision").asLong());
                writers.add(event.path("writer").path("name").asString());
            }
        }
        assertThat(revisions).containsExactlyInAnyOrder("t.period.a:e3@2", "t.period.b:m1@2", "t.period:s1@1");
        assertThat(writers).containsExactly("period-emitter");
        assertThat(changes.path("changes")
                        .valueStream()
                        .map(c -> c.path("unitId").asString() + " "
                                + c.path("indicator").asString()))
                .contains(
                        "t.period.a training.enrolled_persons",
                        "t.period.b meeting.executive",
                        "t.period meeting.executive",
                        "t.period training.enrolled_persons",
                        "t.period study.lecture");

        // A clerk cannot submit, nor a reviewer return, a locked unit; only an admin unlocks, with a reason.
        assertThat(submit("period-clerk", Q, "t.period.a").statusCode()).isEqualTo(409);
        assertThat(send(
                                "POST",
                                "period-reviewer",
                                "/api/v1/periods/" + Q + "/returns",
                                "{\"unit\":\"t.period.b\",\"reason\":\"数字有误\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(send("DELETE", "period-reviewer", "/api/v1/periods/" + Q + "/locks/t.period?reason=x", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "admin", "/api/v1/periods/" + Q + "/locks/t.period", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("DELETE", "admin", "/api/v1/periods/" + Q + "/locks/t.period?reason=%E6%9B%B4%E6%AD%A3", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(get("/api/v1/stats?period=" + Q + "&unit=t.period&asReported=true")
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> second = lock("period-reviewer", Q, "t.period");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(JSON.readTree(second.body()).path("version").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(second.body()).path("values")).isEqualTo(values(Q, "t.period"));
        assertThat(asReported("t.period", "&lockVersion=1").path("values")).isEqualTo(live.get("t.period"));
        JsonNode history =
                JSON.readTree(get("/api/v1/periods/" + Q + "?unit=t.period").body());
        assertThat(history.path("lock").path("version").asInt()).isEqualTo(2);
        assertThat(history.path("history").path(0).path("unlockedBy").asString())
                .isEqualTo("admin");
        assertThat(history.path("history").path(0).path("unlockReason").asString())
                .isEqualTo("更正");
    }

    /** Each indicator's records: their total, or a rate's numerator's and denominator's. */
    private Map<String, List<Long>> recordTotals(String unit, boolean asReported) {
        Map<String, List<Long>> totals = new TreeMap<>();
        for (JsonNode indicator : JSON.readTree(get("/api/v1/indicators").body())) {
            String id = indicator.path("id").asString();
            String base = "/api/v1/stats/records?period=" + Q + "&unit=" + unit + "&size=1&indicator=" + id
                    + (asReported ? "&asReported=true" : "");
            List<String> parts = indicator.path("kind").asString().equals("rate")
                    ? List.of("&part=numerator", "&part=denominator")
                    : List.of("");
            List<Long> each = new ArrayList<>();
            for (String part : parts) {
                HttpResponse<String> response = get(base + part);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                each.add(JSON.readTree(response.body()).path("total").asLong());
            }
            totals.put(id, each);
        }
        return totals;
    }

    /**
     * The records as reported number the reported figure: a count's are the figure, a rate's parts give it, and every
     * indicator's (a sum's too) are the records that stood behind the live figure when it was locked.
     */
    private void assertRecordsNumberTheFigures(String unit, JsonNode values, Map<String, List<Long>> atTheLock) {
        Map<String, List<Long>> reported = recordTotals(unit, true);
        assertThat(reported).as(unit).isEqualTo(atTheLock);
        for (JsonNode indicator : JSON.readTree(get("/api/v1/indicators").body())) {
            String id = indicator.path("id").asString();
            List<Long> totals = reported.get(id);
            JsonNode value = values.path(id);
            switch (indicator.path("kind").asString()) {
                case "count" ->
                    assertThat(totals.getFirst()).as(unit + " " + id).isEqualTo(value.asLong());
                case "rate" -> {
                    if (totals.get(1) == 0) {
                        assertThat(value.isNull()).as(unit + " " + id).isTrue();
                    } else {
                        assertThat(value.asDouble())
                                .as(unit + " " + id)
                                .isCloseTo((double) totals.get(0) / totals.get(1), offset(0.00005));
                    }
                }
                default -> {} // a sum's records are its events: the comparison above holds them
            }
        }
    }

    @Test
    void eachRoleDoesWhatApiMdGivesItAndNoMore() {
        String q = "2024-Q3";
        assertThat(send("GET", "period-emitter", "/api/v1/periods/" + q + "?unit=t.period", null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(submit("period-emitter", q, "t.period").statusCode()).isEqualTo(403);
        assertThat(lock("period-emitter", q, "t.period").statusCode()).isEqualTo(403);
        assertThat(lock("period-clerk", q, "t.period").statusCode()).isEqualTo(403);
        assertThat(lock("other-reviewer", q, "t.period").statusCode()).isEqualTo(403);
        assertThat(submit("period-clerk", q, "t.period2").statusCode()).isEqualTo(403);
        assertThat(submit("period-reviewer", q, "t.period").statusCode()).isEqualTo(403);
        assertThat(send("GET", "period-reviewer", "/api/v1/periods/" + q + "?unit=t.period", null)
                        .statusCode())
                .isEqualTo(200);
        for (var expected : Map.of(
                        "period-clerk", "true false false",
                        "period-reviewer", "false true false",
                        "admin", "true true true")
                .entrySet()) {
            JsonNode may = JSON.readTree(send("GET", expected.getKey(), "/api/v1/periods/" + q + "?unit=t.period", null)
                            .body())
                    .path("may");
            assertThat(may.path("submit").asBoolean() + " " + may.path("review").asBoolean() + " "
                            + may.path("unlock").asBoolean())
                    .as(expected.getKey())
                    .isEqualTo(expected.getValue());
        }
        assertThat(submit("period-clerk", "2024-07", "t.period").statusCode()).isEqualTo(400);
        assertThat(send("POST", "period-reviewer", "/api/v1/periods/" + q + "/returns", "{\"unit\":\"t.period\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send(
                                "POST",
                                "period-reviewer",
                                "/api/v1/periods/" + q + "/locks",
                                "{\"unit\":\"t.period\",\"force\":true}")
                        .statusCode())
                .isEqualTo(400);

        assertThat(submit("period-clerk", q, "t.period.a").statusCode()).isEqualTo(200);
        HttpResponse<String> returned = send(
                "POST",
                "period-reviewer",
                "/api/v1/periods/" + q + "/returns",
                "{\"unit\":\"t.period.a\",\"reason\":\"会议次数有误\"}");
        assertThat(returned.statusCode()).isEqualTo(200);
        JsonNode rows = JSON.readTree(send("GET", "period-clerk", "/api/v1/periods/" + q + "?unit=t.period", null)
                        .body())
                .path("rows");
        assertThat(rows.valueStream()
                        .map(r -> r.path("unitId").asString() + " "
                                + r.path("state").asString()))
                .containsExactly("t.period NOT_SUBMITTED", "t.period.a RETURNED", "t.period.b NOT_SUBMITTED");
        assertThat(rows.path(1).path("returnReason").asString()).isEqualTo("会议次数有误");
        assertThat(get("/api/v1/periods/" + q + "/changes?unit=t.period").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aLockOutlivesARestartOfEveryInstanceAndEachAnswersTheSame() throws Exception {
        String q = "2024-Q4";
        // A deployment of two instances of its own (its own aggregation and index), beside the test's instance.
        SeparateAggregator deployment = new SeparateAggregator(
                "periods-restart",
                "periods-restart-events",
                TestInfrastructure.get().elasticsearchUri());
        List<AggregatorProcess> instances = new ArrayList<>();
        try {
            instances.add(deployment.start("periods-restart-1.log"));
            instances.add(deployment.start("periods-restart-2.log"));
            aLockMadeOnOneInstance(deployment, instances, q);
        } finally {
            instances.forEach(AggregatorProcess::close);
        }
    }

    private void aLockMadeOnOneInstance(SeparateAggregator deployment, List<AggregatorProcess> instances, String q)
            throws Exception {
        send(meetingHeld("t.period2:m1", "t.period2", "2024-10-09T09:00:00+08:00"));
        send(meetingHeld("t.period2:m2", "t.period2", "2024-12-31T23:59:00+08:00"));
        awaitAllConsumed();
        deployment.awaitSettled(instances.get(0));
        deployment.awaitSettled(instances.get(1));
        // Made on the second instance of the other deployment: the cut waits for that deployment's aggregation.
        HttpResponse<String> made = send(
                instances.get(1).uri(),
                "POST",
                "admin",
                "/api/v1/periods/" + q + "/locks",
                "{\"unit\":\"t.period2\",\"force\":true,\"reason\":\"年底前报送\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(JSON.readTree(made.body()).path("forced").asBoolean()).isTrue();
        String stats = "/api/v1/stats?period=" + q + "&unit=t.period2&asReported=true";
        String records =
                "/api/v1/stats/records?period=" + q + "&unit=t.period2&asReported=true&indicator=meeting.executive";
        String state = "/api/v1/periods/" + q + "?unit=t.period2";
        String breakdown = "/api/v1/stats/breakdown?period=" + q + "&unit=t.period2&asReported=true";
        List<String> asked = List.of(stats, records, state, breakdown);
        Map<String, String> before = answers(asked, "http://127.0.0.1:" + port);
        assertThat(JSON.readTree(before.get(stats))
                        .path("values")
                        .path("meeting.executive")
                        .asLong())
                .isEqualTo(2);
        assertThat(JSON.readTree(before.get(records)).path("items").size()).isEqualTo(2);
        for (AggregatorProcess instance : instances) {
            assertThat(answers(asked, instance.uri())).isEqualTo(before);
        }

        // The year locked too: its report says so, and the quarter's table as sent names its lock in the file.
        Instant yearLocked = clock.instant();
        HttpResponse<String> year = send(
                "POST",
                "admin",
                "/api/v1/periods/2024/locks",
                "{\"unit\":\"t.period2\",\"force\":true,\"reason\":\"年报\"}");
        assertThat(year.statusCode()).as(year.body()).isEqualTo(201);
        HttpResponse<String> annual = get("/api/v1/reports/annual?year=2024&unit=t.period2&asReported=true");
        assertThat(annual.statusCode()).isEqualTo(200);
        assertThat(annual.body()).contains("2024年度报表锁定版本1所载数据，锁定于");
        assertThat(get("/api/v1/reports/annual?year=2023&unit=t.period2&asReported=true")
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> csv =
                get("/api/v1/stats/breakdown?period=" + q + "&unit=t.period2&asReported=true&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("reported-v1");
        String total = csv.body().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(total).startsWith("TOTAL,报表权限测试局（报送版本1，锁定于");
        assertThat(JSON.readTree(get("/api/v1/admin/audit?from="
                                        + URLEncoder.encode(yearLocked.toString(), StandardCharsets.UTF_8)
                                        + "&user=admin")
                                .body())
                        .path("items")
                        .valueStream()
                        .map(entry -> entry.path("action").asString() + " "
                                + entry.path("unitId").asString()))
                .contains("period.lock t.period2", "export.report t.period2", "export.breakdown t.period2");

        // Every instance of that deployment stops, and both start again where they were.
        for (int i = 0; i < instances.size(); i++) {
            instances.get(i).close();
            instances.set(i, deployment.start("periods-restart-again-" + i + ".log"));
        }
        for (AggregatorProcess instance : instances) {
            assertThat(answers(asked, instance.uri())).isEqualTo(before);
        }
    }

    /** The answers' bodies as the admin gets them, by path; the state's caller rights aside (the same user asks). */
    private static Map<String, String> answers(List<String> paths, String base) {
        Map<String, String> bodies = new TreeMap<>();
        for (String path : paths) {
            HttpResponse<String> response = send(base, "GET", "admin", path, null);
            assertThat(response.statusCode()).as(base + path).isEqualTo(200);
            bodies.put(path, JSON.readTree(response.body()).toString());
        }
        return bodies;
    }
}
