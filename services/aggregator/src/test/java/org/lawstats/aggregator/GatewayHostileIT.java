package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The hostile corpus of {@link InvalidRecordsIT}, posted to the HTTP gateway: every record is a 400 naming what is
 * wrong, never a stack trace, and hostile query parameters never reach Elasticsearch or another unit's data.
 */
class GatewayHostileIT extends IntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // These depend on where a record was sent or what was stored before, which the gateway decides itself.
    private static final Set<String> KAFKA_ONLY = Set.of("wrong-topic", "identity-changed");

    static Stream<InvalidRecordsIT.Bad> corpus() {
        return InvalidRecordsIT.corpus().stream()
                .filter(bad -> !KAFKA_ONLY.contains(bad.reason()))
                // the gateway takes a JSON array of events by design (api.md)
                .filter(bad -> !bad.name().equals("an array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyHostileRecordIsABadRequestWithItsReason(InvalidRecordsIT.Bad bad) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic("admin"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad.bytes()))
                .build();
        // The gateway's rate limit applies to the admin as to anyone: a client waits and tries again on 429.
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)),
                        answer -> answer.statusCode() != 429);

        assertThat(response.statusCode())
                .as(bad.name() + ": " + response.body())
                .isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").isArray() || body.has("message"))
                .as(response.body())
                .isTrue();
        assertThat(response.body()).doesNotContain("Exception", "at org.", "at java.");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/stats?unit=t.bad%20OR%20unitId:*",
                "/api/v1/stats?unit=*",
                "/api/v1/stats?period=2024%00",
                "/api/v1/stats?period=2024-Q1%0d%0aSet-Cookie:x=1",
                "/api/v1/stats/breakdown?format=../../etc/passwd",
                "/api/v1/cases?size=-1",
                "/api/v1/cases?size=100000",
                "/api/v1/cases?page=99999999999",
                "/api/v1/cases?status=OPEN%27%20OR%201=1",
                "/api/v1/cases?from=yesterday",
                "/api/v1/reports/annual?year=99999",
                "/api/v1/reports/annual?year=2024&format=exe"
            })
    void hostileParametersAreJsonClientErrorsWithoutInternals(String target) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                        .header("Authorization", basic("clerk"))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        // Each is malformed, or names a unit the registry does not know: a 400 saying which, before any right is asked.
        assertThat(response.statusCode()).as(target + " " + response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"status\"").doesNotContain("Exception", "at org.", "passwd");
        assertThat(response.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("x="));
    }

    @Test
    void anEncodedSlashInAPathIsACharacterOfTheCaseNumberNeverAStepOfThePath() throws Exception {
        // A case number may hold "/" (sent as %2F): it stays in its segment, so "..%2F..%2Fetc" is a case number
        // that does not exist, within the caller's rights, answered in JSON without internals.
        for (var expected : Map.of("admin", 404, "clerk", 403).entrySet()) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + port + "/api/v1/cases/t.bad/LITIGATION/..%2F..%2Fetc"))
                            .header("Authorization", basic(expected.getKey()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

            assertThat(response.statusCode()).as(expected.getKey()).isEqualTo(expected.getValue());
            assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(expected.getValue());
            assertThat(response.body()).doesNotContain("Exception", "at org.", "passwd", "Apache Tomcat/");
        }
        // A raw semicolon starts path parameters, a classic way around path rules: refused before any rule.
        HttpResponse<String> semicolon = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/admin;x=1/rebuild"))
                        .header("Authorization", basic("clerk"))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(semicolon.statusCode()).isEqualTo(400);
        assertThat(semicolon.body()).doesNotContain("Exception", "at org.", "Apache Tomcat/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=*", "q=unitId:t.other", "q=%22%20OR%20%22", "q=%7B%22match_all%22%3A%7B%7D%7D"})
    void queryStringSyntaxIsTextNotAQuery(String query) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/cases?" + query))
                        .header("Authorization", basic("clerk"))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> units = JSON.readTree(response.body())
                .path("items")
                .valueStream()
                .map(item -> item.path("unitId").asString())
                .toList();
        assertThat(units)
                .as("a clerk sees only its own subtree, whatever the query")
                .allMatch(u -> u.startsWith("t.tree"));
    }
}
