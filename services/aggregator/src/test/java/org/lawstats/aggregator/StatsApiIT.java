package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class StatsApiIT extends IntegrationTest {
    private static final List<String> TRAINING_IDS = List.of(
            "training.enrolled_persons",
            "training.completed_persons",
            "training.completion_rate",
            "exam.assigned_persons",
            "exam.taken_persons",
            "exam.participation_rate");

    @Test
    void statsDescribeThePeriodInTheRegistrysZoneAndEveryIndicator() {
        HttpResponse<String> response = get("/api/v1/stats?period=2024-Q4&unit=t.api");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("period").asString()).isEqualTo("2024-Q4");
        assertThat(body.path("unit").asString()).isEqualTo("t.api");
        assertThat(body.path("from").asString()).isEqualTo("2024-10-01T00:00:00+08:00");
        assertThat(body.path("to").asString()).isEqualTo("2025-01-01T00:00:00+08:00");
        assertThat(body.path("asOf").asString()).endsWith("+08:00");
        assertThat(body.path("values").propertyNames()).containsAll(TRAINING_IDS);
        assertThat(body.path("values").path("training.completion_rate").isNull())
                .as("a rate over zero is null, not 0")
                .isTrue();
    }

    @Test
    void theDefaultsAreTheCurrentYearAndTheRegistrysRoot() {
        JsonNode body = JSON.readTree(get("/api/v1/stats").body());

        assertThat(body.path("unit").asString()).isEqualTo("t");
        assertThat(body.path("period").asString()).matches("\\d{4}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-06-15", "2026-12-31", "2028-02-29"})
    void toDateCutsLastYearAtTodaysDateInTheRegistrysZone(LocalDate today) {
        clock.setToday(today);
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        int lastYear = today.getYear() - 1;
        // Each day's events fall in another year (2024, 2025, 2027): the runs do not see each other's.
        // the end of today a year ago: on 31 December, the end of last year; on 29 February, the end of 28 February
        ZonedDateTime cut = today.minusYears(1).plusDays(1).atStartOfDay(shanghai);
        OffsetDateTime before = cut.minusHours(1).toOffsetDateTime();
        OffsetDateTime after = cut.plusHours(1).toOffsetDateTime();
        send(completed("todate-before-" + today, "t.todate", "p-before-" + today, before));
        send(completed("todate-after-" + today, "t.todate", "p-after-" + today, after));
        awaitStored("todate-before-" + today, 1);
        awaitStored("todate-after-" + today, 1);
        long inLastYear = Stream.of(before, after)
                .filter(t -> t.atZoneSameInstant(shanghai).getYear() == lastYear)
                .count();

        JsonNode cutBody = JSON.readTree(get("/api/v1/stats?period=" + lastYear + "&unit=t.todate&todate=true")
                .body());
        JsonNode whole = JSON.readTree(
                get("/api/v1/stats?period=" + lastYear + "&unit=t.todate").body());

        assertThat(OffsetDateTime.parse(cutBody.path("to").asString())).isEqualTo(cut.toOffsetDateTime());
        assertThat(cutBody.path("values").path("training.completed_persons").asLong())
                .isEqualTo(1);
        assertThat(whole.path("values").path("training.completed_persons").asLong())
                .isEqualTo(inLastYear);
        assertThat(get("/api/v1/stats?todate=maybe").statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13", "2024-Q5", "24", "2024-1", "2024-Q1x", "abc", "2024-00"})
    void aMalformedPeriodIsAJsonBadRequest(String period) {
        HttpResponse<String> response = get("/api/v1/stats?period=" + period);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("error").asString()).isEqualTo("Bad Request");
        assertThat(body.path("message").asString()).contains("YYYY");
        assertThat(response.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void anUnknownUnitIsAJsonBadRequest() {
        HttpResponse<String> response = get("/api/v1/stats?unit=t.nowhere");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("message").asString()).contains("unknown unit");
    }

    @Test
    void indicatorsAreListedInCatalogueOrderWithTheirNames() {
        JsonNode indicators = JSON.readTree(get("/api/v1/indicators").body());

        assertThat(indicators.valueStream().map(i -> i.path("id").asString()).toList())
                .containsSubsequence(TRAINING_IDS);
        assertThat(indicators.get(1).path("name").asString()).isEqualTo("参训并结业人数");
        assertThat(indicators.get(2).path("kind").asString()).isEqualTo("rate");
    }

    @Test
    void anUnknownPathIsAJsonNotFound() {
        HttpResponse<String> response = get("/api/v1/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(404);
    }

    /** Requests a client library would refuse to send, written on the socket as an attacker would. */
    private String raw(String requestTarget) throws Exception {
        try (var socket = new Socket("127.0.0.1", port)) {
            String request = "GET " + requestTarget + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("admin")
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/stats?unit=%zz",
                "/api/v1/cases?q=%E4%B8",
                "/api/v1/../../etc/passwd",
                "/api/v1/stats/%2e%2e/%2e%2e/actuator/env",
                "/api/v1/stats;jsessionid=x"
            })
    void malformedRequestsAreJsonErrorsWithoutInternals(String target) throws Exception {
        String response = raw(target);

        assertThat(response).startsWith("HTTP/1.1 4");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body).contains("\"status\":4").contains("\"message\"");
        assertThat(body).doesNotContain("Exception", "at org.", "timestamp", "passwd", "trace");
    }

    @Test
    void anonymousHealthSaysUpWithoutDetailsWhichOnlyAnAdminSees() {
        JsonNode anonymous = JSON.readTree(getAs(null, "/actuator/health").body());
        JsonNode admin = JSON.readTree(get("/actuator/health").body());

        assertThat(anonymous.path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
        assertThat(admin.path("components").path("ingest").path("details").has("lag"))
                .isTrue();
        assertThat(JSON.readTree(getAs("leader", "/actuator/health").body()).has("components"))
                .isFalse();
    }

    @Test
    void healthSaysNoLagOnceEverythingSentIsCountedAndStored() {
        // The aggregation's repartition topics are transactional: each transaction ends with a commit marker after the
        // offset the aggregation commits, which a lag taken as "end offset minus committed offset" would count.
        send(enrolled("health-lag:1", "t.health", "health-lag-p1", at("2031-02-01T09:00:00+08:00")));
        awaitAllConsumed();

        JsonNode ingest = JSON.readTree(get("/actuator/health").body())
                .path("components")
                .path("ingest")
                .path("details");
        assertThat(ingest.path("aggregationLag").asLong(-1))
                .as(ingest.toString())
                .isZero();
        assertThat(ingest.path("searchLag").asLong(-1)).as(ingest.toString()).isZero();
        assertThat(ingest.path("lag").asLong(-1)).as(ingest.toString()).isZero();
    }

    @Test
    void healthIsUpAndMetricsArePublished() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("lawstats_indexing_latency_seconds");
    }
}
