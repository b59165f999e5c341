package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.ManagedProcess;
import tools.jackson.databind.JsonNode;

/**
 * The operators' alert rules (config/prometheus/rules.yml) as Prometheus itself reads them: valid and passing their
 * unit tests by promtool, and, with a real Prometheus (Debian's package, installed by ./lawstats setup) scraping a
 * real aggregator, the instance-down alert firing once that aggregator is stopped.
 */
class PrometheusIT extends IntegrationTest {
    private static final Path RULES =
            Path.of("../../config/prometheus").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theRulesAreValidAndPassTheirUnitTests() throws Exception {
        assertThat(promtool("check", "rules", RULES.resolve("rules.yml").toString()))
                .contains("SUCCESS: 4 rules found");
        assertThat(promtool("test", "rules", RULES.resolve("rules-test.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    void theInstanceDownAlertFiresWhenAnAggregatorStops() throws Exception {
        SeparateAggregator group = new SeparateAggregator(
                "prometheus-test", "prometheus-events", TestInfrastructure.get().elasticsearchUri());
        AggregatorProcess aggregator = group.launch("prometheus-aggregator.log", Map.of());
        Path dir = Files.createDirectories(Path.of("target", "prometheus").toAbsolutePath());
        int port = TestInfrastructure.freePort();
        ManagedProcess prometheus = null;
        try {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> status(aggregator.uri() + "/actuator/prometheus", basic("admin")) == 200);
            Path config = Files.writeString(dir.resolve("prometheus.yml"), scraping(aggregator, port));
            prometheus = ManagedProcess.start(
                    "prometheus",
                    List.of(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port),
                    dir,
                    Map.of(),
                    dir.resolve("prometheus.log"),
                    Optional.empty());
            String api = "http://127.0.0.1:" + port + "/api/v1/";
            // Started is not listening: its API answers once it is ready (a slow machine takes seconds).
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> status("http://127.0.0.1:" + port + "/-/ready", "") == 200);

            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> value(api, "up{job=\"lawstats-aggregator\"}"), v -> v == 1.0);
            assertThat(value(api, "lawstats_backlog_records{stage=\"aggregation\"}"))
                    .as("the backlog gauge, scraped")
                    .isNotNull();
            // 1 from October of the calendar's last notice year until the next notice is added: today and the shipped
            // calendar decide, and the gauge is defined as the health's calendar.missing, so the health says which.
            JsonNode calendar = SeparateAggregator.getJson(aggregator, "/actuator/health")
                    .path("components")
                    .path("calendar")
                    .path("details");
            assertThat(calendar.has("years"))
                    .as("the calendar's health: %s", calendar)
                    .isTrue();
            assertThat(value(api, "lawstats_calendar_notice_missing"))
                    .as("the calendar gauge, scraped, says what the health says: %s", calendar)
                    .isEqualTo(calendar.has("missing") ? 1.0 : 0.0);
            assertThat(firing(api)).as("nothing fires while it answers").doesNotContain("LawstatsInstanceDown");

            aggregator.close();

            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> firing(api), alerts -> alerts.contains("LawstatsInstanceDown"));
        } finally {
            aggregator.close();
            if (prometheus != null) {
                prometheus.stop(Duration.ofSeconds(10));
            }
        }
    }

    /** The compose configuration's job, scraping every second this aggregator, with the real rules. */
    private static String scraping(AggregatorProcess aggregator, int port) {
        String target = URI.create(aggregator.uri()).getAuthority();
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: lawstats-aggregator
                    metrics_path: /actuator/prometheus
                    basic_auth:
                      username: admin
                      password: %s
                    static_configs:
                      - targets: [ "%s" ]
                """.formatted(RULES.resolve("rules.yml"), PASSWORD, target);
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The value of an instant query's first series, or null when it has none. */
    private static Double value(String api, String query) throws Exception {
        JsonNode result = JSON.readTree(body(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .path("data")
                .path("result");
        return result.isEmpty()
                ? null
                : Double.valueOf(result.get(0).path("value").get(1).asString());
    }

    /** The names of the alerts firing now. */
    private static List<String> firing(String api) throws Exception {
        return JSON.readTree(body(api + "alerts"))
                .path("data")
                .path("alerts")
                .valueStream()
                .filter(alert -> alert.path("state").asString().equals("firing"))
                .map(alert -> alert.path("labels").path("alertname").asString())
                .toList();
    }

    private static String body(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int status(String uri, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
            if (!authorization.isEmpty()) {
                request.header("Authorization", authorization);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
