package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.ElasticsearchNode;
import tools.jackson.databind.JsonNode;

/**
 * The production configuration of the store and the API (ADR 12), in a node of its own besides the shared one:
 * Elasticsearch with security on (TLS on HTTP and transport), the aggregator as a user with nothing but the role
 * {@code lawstats_aggregator} of {@code config/elasticsearch/roles.yml}, configured through Boot's own properties as
 * docker-compose.yml sets them, and the API behind TLS with a Secure session cookie.
 */
class SecuredElasticsearchIT {
    private static final String U = "t.secured";
    private static final String AGGREGATOR = "lawstats-aggregator";
    private static final String ROLE = "lawstats_aggregator";
    private static final String CASE_NO = "(2045)津0104行初3号";
    private static final Path ROOT = Path.of("target", "secured-elasticsearch").toAbsolutePath();

    private static ElasticsearchNode node;
    private static String password;

    @BeforeAll
    static void startASecuredNode() {
        TestInfrastructure.deleteTree(ROOT);
        password = randomPassword();
        node = ElasticsearchNode.start(
                new ElasticsearchNode.Settings(
                        Path.of(System.getProperty("lawstats.elasticsearch.home")),
                        ROOT.resolve("elasticsearch"),
                        TestInfrastructure.freePort(),
                        TestInfrastructure.freePort(),
                        384,
                        Path.of(System.getProperty("java.home"))),
                new ElasticsearchNode.Security(
                        Path.of("target/classes/config/elasticsearch/roles.yml"),
                        List.of(new ElasticsearchNode.Security.User(AGGREGATOR, password, List.of(ROLE)))));
    }

    @AfterAll
    static void stopIt() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theAggregatorStoresCountsSearchesAndRebuildsOverTlsWithItsLeastPrivilegedUser() throws Exception {
        Map<String, String> settings = new HashMap<>(store(AGGREGATOR, password, node.caCertificate()));
        // The API's certificate: the node's own, for 127.0.0.1, signed by the CA the test trusts.
        settings.put("SERVER_SSL_BUNDLE", "api");
        settings.put("SPRING_SSL_BUNDLE_PEM_API_KEYSTORE_CERTIFICATE", "file:" + node.certificate());
        settings.put("SPRING_SSL_BUNDLE_PEM_API_KEYSTORE_PRIVATEKEY", "file:" + node.privateKey());
        settings.put("SERVER_SERVLET_SESSION_COOKIE_SECURE", "true");
        try (AggregatorProcess aggregator = AggregatorProcess.startOverTls(
                jar(),
                javaHome(),
                Path.of("target", "secured-aggregator.log").toAbsolutePath(),
                TestInfrastructure.freePort(),
                aggregatorEnvironment("secured-test", settings),
                node.sslContext())) {
            Api api = new Api(aggregator.uri(), node.sslContext());

            JsonNode health = json(api.get("/actuator/health"));
            assertThat(health.path("components")
                            .path("elasticsearch")
                            .path("status")
                            .asString())
                    .as("Boot's health indicator reads the cluster's health with the role's one monitor privilege")
                    .isEqualTo("UP");

            IntegrationTest.send(enrolled("secured:1", "p1", "2045-03-01T09:00:00+08:00"));
            IntegrationTest.send(enrolled("secured:2", "p2", "2045-03-02T09:00:00+08:00"));
            IntegrationTest.send(enrolled("secured:2", "p2", "2045-03-02T09:00:00+08:00")); // a redelivery
            IntegrationTest.send(enrolled("secured:3", "p3", "2045-03-03T09:00:00+08:00")
                    .revised(
                            2,
                            IntegrationTest.at("2045-06-03T09:00:00+08:00"),
                            new Payload.TrainingEnrolled("p4", "law", null)));
            IntegrationTest.send(
                    enrolled("secured:5", "p5", "2045-03-05T09:00:00+08:00").retractedAt(2));
            IntegrationTest.send(EventEnvelope.of(
                    "secured:case",
                    EventType.CASE_FILED,
                    U,
                    IntegrationTest.at("2045-04-01T09:00:00+08:00"),
                    new Payload.CaseFiled(
                            CASE_NO, CaseKind.LITIGATION, "天津市南开区人民法院", "赵某某", "不服政府信息公开答复", "原告认为答复超过法定期限。", false)));
            awaitAllStored(api);

            assertThat(enrolledPersons(api))
                    .as("p1, p2 once, p4 (the revision's person), not the retracted p5")
                    .isEqualTo(3);
            JsonNode cases = json(
                    api.get("/api/v1/cases?unit=" + U + "&q=" + URLEncoder.encode("信息公开", StandardCharsets.UTF_8)));
            assertThat(cases.path("total").asLong()).isEqualTo(1);
            assertThat(cases.path("items").path(0).path("caseNo").asString()).isEqualTo(CASE_NO);
            assertThat(cases.path("items").path(0).path("claimant").asString()).isEqualTo("赵某某");

            // The rebuild creates new indices, writes them directly and switches the aliases: all within the role.
            assertThat(api.post("/api/v1/admin/rebuild").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !json(api.get("/api/v1/admin/rebuild"))
                            .path("state")
                            .asString()
                            .equals("RUNNING"));
            JsonNode rebuilt = json(api.get("/api/v1/admin/rebuild"));
            assertThat(rebuilt.path("state").asString()).as(rebuilt.toString()).isEqualTo("DONE");
            assertThat(rebuilt.path("eventsIndex").asString()).startsWith("lawstats-events-r");
            assertThat(aliasTarget("lawstats-events"))
                    .isEqualTo(rebuilt.path("eventsIndex").asString());
            assertThat(aliasTarget("lawstats-cases"))
                    .isEqualTo(rebuilt.path("casesIndex").asString());
            assertThat(enrolledPersons(api)).isEqualTo(3);

            IntegrationTest.send(enrolled("secured:6", "p6", "2045-03-06T09:00:00+08:00"));
            awaitAllStored(api);
            assertThat(enrolledPersons(api))
                    .as("the live consumer writes through the switched alias")
                    .isEqualTo(4);
            assertThat(json(api.get("/api/v1/cases/" + U + "/LITIGATION/"
                                    + URLEncoder.encode(CASE_NO, StandardCharsets.UTF_8)
                                            .replace("+", "%20")))
                            .path("cause")
                            .asString())
                    .isEqualTo("不服政府信息公开答复");

            HttpResponse<String> login = api.login("leader", IntegrationTest.PASSWORD);
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().allValues("Set-Cookie"))
                    .anySatisfy(cookie -> assertThat(cookie)
                            .startsWith("JSESSIONID=")
                            .contains("; Secure")
                            .contains("HttpOnly")
                            .contains("SameSite=Strict"));
        }
    }

    @Test
    void theRoleAllowsWhatTheAggregatorDoesAndNothingElse() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(node.sslContext()).build();
        String asAggregator = basic(AGGREGATOR, password);

        assertThat(status(http, "GET", "/_cluster/health", asAggregator)).isEqualTo(200);
        assertThat(status(http, "PUT", "/lawstats-probe-v1", asAggregator)).isEqualTo(200);
        assertThat(status(http, "DELETE", "/lawstats-probe-v1", asAggregator))
                .as("no index is ever deleted by the aggregator")
                .isEqualTo(403);
        assertThat(status(http, "PUT", "/lawstats-probe-v1/_settings", asAggregator))
                .as("nor its settings changed")
                .isEqualTo(403);
        assertThat(status(http, "PUT", "/another-index", asAggregator))
                .as("indices other than lawstats-*")
                .isEqualTo(403);
        assertThat(status(http, "GET", "/another-index/_search", asAggregator)).isEqualTo(403);
        assertThat(status(http, "DELETE", "/_index_template/lawstats-events", asAggregator))
                .as("templates are put, never deleted")
                .isEqualTo(403);
        assertThat(status(http, "GET", "/_nodes", asAggregator)).isEqualTo(403);
        assertThat(status(http, "GET", "/_security/user", asAggregator)).isEqualTo(403);

        assertThat(status(http, "GET", "/_cluster/health", null))
                .as("no anonymous access")
                .isEqualTo(401);
        assertThat(status(http, "GET", "/_cluster/health", basic(AGGREGATOR, password + "x")))
                .isEqualTo(401);
    }

    @Test
    void withoutCredentialsOrTrustingAnotherCaTheAggregatorRefusesTheStore() throws Exception {
        Path otherCa = anotherCa();
        Map<String, String> anonymous = new HashMap<>(store(AGGREGATOR, password, node.caCertificate()));
        anonymous.remove("SPRING_ELASTICSEARCH_USERNAME");
        anonymous.remove("SPRING_ELASTICSEARCH_PASSWORD");
        try (AggregatorProcess withoutCredentials = AggregatorProcess.launch(
                        jar(),
                        javaHome(),
                        Path.of("target", "secured-anonymous-aggregator.log").toAbsolutePath(),
                        TestInfrastructure.freePort(),
                        aggregatorEnvironment("secured-refused", anonymous));
                AggregatorProcess trustingAnotherCa = AggregatorProcess.launch(
                        jar(),
                        javaHome(),
                        Path.of("target", "secured-other-ca-aggregator.log").toAbsolutePath(),
                        TestInfrastructure.freePort(),
                        aggregatorEnvironment("secured-refused", store(AGGREGATOR, password, otherCa)))) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> withoutCredentials.process().tail(200).contains("missing authentication credentials"));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> trustingAnotherCa.process().tail(200).contains("PKIX path building failed"));
            for (AggregatorProcess refused : List.of(withoutCredentials, trustingAnotherCa)) {
                assertThat(refused.process().tail(200))
                        .as("it waits for a store it may use, and so never serves")
                        .contains("waiting for Elasticsearch to initialize the index")
                        .doesNotContain("Tomcat started");
            }
        }
    }

    // ---- the aggregator's settings -----------------------------------------------------------------------------

    /** The store as docker-compose.yml configures it: Boot's spring.elasticsearch.* and a PEM SSL bundle. */
    private static Map<String, String> store(String user, String secret, Path caCertificate) {
        Map<String, String> settings = new HashMap<>();
        settings.put("SPRING_ELASTICSEARCH_URIS", node.uri());
        settings.put("SPRING_ELASTICSEARCH_USERNAME", user);
        settings.put("SPRING_ELASTICSEARCH_PASSWORD", secret);
        settings.put("SPRING_ELASTICSEARCH_RESTCLIENT_SSL_BUNDLE", "elasticsearch");
        settings.put("SPRING_SSL_BUNDLE_PEM_ELASTICSEARCH_TRUSTSTORE_CERTIFICATE", "file:" + caCertificate);
        return settings;
    }

    /** The test broker, registry and users, a consumer group of its own, and the default aliases. */
    private static Map<String, String> aggregatorEnvironment(String group, Map<String, String> settings) {
        return SeparateAggregator.environment(group, SeparateAggregator.Kafka.shared(), settings);
    }

    private static Path jar() {
        return Path.of("target/lawstats-aggregator.jar").toAbsolutePath();
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    private static EventEnvelope enrolled(String eventId, String person, String at) {
        return IntegrationTest.enrolled(eventId, U, person, IntegrationTest.at(at));
    }

    /** Every record of the event topics is in the figures and stored (the lag is 0), and searchable. */
    private static void awaitAllStored(Api api) {
        IntegrationTest.producer().flush();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> IntegrationTest.JSON
                                .readTree(api.get("/actuator/health").body())
                                .path("components")
                                .path("ingest")
                                .path("details")
                                .path("lag")
                                .asLong(-1)
                        == 0);
        AggregationSettled.settle(
                SeparateAggregator.Kafka.shared().client(), AggregationSettled.Names.of("secured-test"), () -> {
                    try {
                        return SeparateAggregator.viewPositions(IntegrationTest.JSON.readTree(
                                api.get("/actuator/health").body()));
                    } catch (Exception e) {
                        return Map.of();
                    }
                });
        assertThat(node.request("POST", "/lawstats-events,lawstats-cases/_refresh", "")
                        .statusCode())
                .isEqualTo(200);
    }

    private static long enrolledPersons(Api api) throws Exception {
        return json(api.get("/api/v1/stats?period=2045&unit=" + U))
                .path("values")
                .path("training.enrolled_persons")
                .asLong(-1);
    }

    private static String aliasTarget(String alias) {
        return json(node.request("GET", "/_alias/" + alias, ""))
                .propertyNames()
                .iterator()
                .next();
    }

    /** A CA that did not sign the node's certificate (a self-signed one of the JDK's keytool), as PEM. */
    private static Path anotherCa() throws Exception {
        Path store = ROOT.resolve("another-ca.p12");
        Path certificate = ROOT.resolve("another-ca.crt");
        Files.deleteIfExists(store);
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-dname",
                "CN=another CA",
                "-ext",
                "bc:c",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "another-ca");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "another-ca");
        return certificate;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome().resolve("bin/keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool " + arguments[0]).isZero();
    }

    private static int status(HttpClient http, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.uri() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        method.equals("PUT") && path.endsWith("_settings")
                                ? HttpRequest.BodyPublishers.ofString("{\"index\":{\"number_of_replicas\":0}}")
                                : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return IntegrationTest.JSON.readTree(response.body());
    }

    /** The aggregator's API over HTTPS, as the test admin. */
    private record Api(String base, SSLContext trust) {
        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", IntegrationTest.basic("admin"))
                    .build());
        }

        HttpResponse<String> post(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", IntegrationTest.basic("admin"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
        }

        HttpResponse<String> login(String user, String secret) throws Exception {
            return new SessionBrowser(base, trust).logIn(user, secret);
        }

        private HttpResponse<String> send(HttpRequest request) throws Exception {
            return HttpClient.newBuilder()
                    .sslContext(trust)
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
