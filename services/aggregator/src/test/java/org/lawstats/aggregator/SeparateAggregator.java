package org.lawstats.aggregator;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.GroupProgress;
import tools.jackson.databind.JsonNode;

/**
 * The built aggregator jar in a JVM of its own (a process a test can kill -9), with its own consumer group and
 * its own index alias on the shared broker and server, so that it sees exactly what it consumed itself.
 */
final class SeparateAggregator {
    private final String group;
    private final String alias;
    private final String elasticsearchUri;
    private final Kafka kafka;
    // The names its aggregation and search feed run under: the group's own, unless a start's settings changed them.
    private volatile AggregationSettled.Names names;

    /**
     * How to reach a broker: the client settings a test reads it with (bootstrap servers, security) and the
     * aggregator's own Kafka settings, as environment variables.
     */
    record Kafka(Map<String, Object> client, Map<String, String> aggregatorEnvironment) {
        /** The shared broker of the test run, PLAINTEXT. */
        static Kafka shared() {
            String bootstrap = TestInfrastructure.get().bootstrapServers();
            return new Kafka(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    Map.of("SPRING_KAFKA_BOOTSTRAPSERVERS", bootstrap));
        }
    }

    SeparateAggregator(String group, String alias, String elasticsearchUri) {
        this(group, alias, elasticsearchUri, Kafka.shared());
    }

    SeparateAggregator(String group, String alias, String elasticsearchUri, Kafka kafka) {
        this.group = group;
        this.alias = alias;
        this.elasticsearchUri = elasticsearchUri;
        this.kafka = kafka;
        this.names = AggregationSettled.Names.of(group);
    }

    AggregatorProcess start(String logName) {
        return start(logName, Map.of());
    }

    /**
     * What every separate aggregator of the tests runs with: the test registry and users (bcrypt cost 4), a short
     * back-off, its own consumer group on this broker; {@code settings} are added and win.
     */
    static Map<String, String> environment(String group, Kafka kafka, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(kafka.aggregatorEnvironment());
        env.put("SPRING_KAFKA_CONSUMER_GROUPID", group);
        // An aggregation of its own: its group, internal topics, state and published figures (ADR 15).
        env.put("SPRING_KAFKA_STREAMS_APPLICATIONID", group + "-aggregation");
        env.put("LAWSTATS_RESULTS_DOCUMENTSTOPIC", group + ".documents");
        env.put("LAWSTATS_RESULTS_CASERECORDSTOPIC", group + ".case-records");
        env.put("LAWSTATS_RESULTS_REQUESTRECORDSTOPIC", group + ".request-records");
        env.put(
                "LAWSTATS_STREAMS_STATE_DIR",
                TestInfrastructure.streamsState(group).toString());
        env.put(
                "LAWSTATS_UNITS_FILE",
                Path.of("target/test-classes/test-units.yml").toAbsolutePath().toString());
        env.put("LAWSTATS_INGEST_MAXBACKOFF", "2s");
        env.put("LAWSTATS_USERSMINBCRYPTCOST", "4");
        env.put(
                "LAWSTATS_USERS_FILE",
                Path.of("target/test-classes/test-users.yml").toAbsolutePath().toString());
        env.putAll(settings);
        return env;
    }

    /** Starts it with these settings added (environment variables, e.g. LAWSTATS_INDICATORS_CACHESIZE). */
    AggregatorProcess start(String logName, Map<String, String> settings) {
        AggregatorProcess started = AggregatorProcess.start(
                Path.of("target/lawstats-aggregator.jar").toAbsolutePath(),
                Path.of(System.getProperty("java.home")),
                Path.of("target", logName).toAbsolutePath(),
                TestInfrastructure.freePort(),
                processEnvironment(logName, settings));
        // Its aggregation reads every shared event topic from the beginning: the history the tests before it wrote
        // (tens of thousands of events late in a run) comes first, so a test's own events are handled only after it.
        try {
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> lag() == 0);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Starts it with these settings added, without waiting for it to serve (to ask it while it starts). */
    AggregatorProcess launch(String logName, Map<String, String> settings) {
        return launch(logName, settings, TestInfrastructure.freePort());
    }

    /** As {@link #launch(String, Map)}, on a given port (an instance started again where it was). */
    AggregatorProcess launch(String logName, Map<String, String> settings, int port) {
        return AggregatorProcess.launch(
                Path.of("target/lawstats-aggregator.jar").toAbsolutePath(),
                Path.of(System.getProperty("java.home")),
                Path.of("target", logName).toAbsolutePath(),
                port,
                processEnvironment(logName, settings));
    }

    private Map<String, String> processEnvironment(String logName, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_ELASTICSEARCH_URIS", elasticsearchUri);
        env.put("LAWSTATS_STORE_ALIAS", alias);
        // Its own time limits, as its own events: the versions of its records are its own.
        env.put("LAWSTATS_STORE_DEADLINESALIAS", group + "-deadlines");
        // A state directory per process: Kafka Streams locks it, and instances of one group run side by side.
        env.put(
                "LAWSTATS_STREAMS_STATE_DIR",
                TestInfrastructure.streamsState(group).resolve(logName).toString());
        env.putAll(settings);
        Map<String, String> all = environment(group, kafka, env);
        names = new AggregationSettled.Names(
                all.get("SPRING_KAFKA_STREAMS_APPLICATIONID"),
                all.get("SPRING_KAFKA_CONSUMER_GROUPID"),
                List.of(
                        all.get("LAWSTATS_RESULTS_DOCUMENTSTOPIC"),
                        all.get("LAWSTATS_RESULTS_CASERECORDSTOPIC"),
                        all.get("LAWSTATS_RESULTS_REQUESTRECORDSTOPIC")));
        return all;
    }

    /**
     * Records not handled yet by this aggregator: of the event topics (contract and unit topics) and its repartition
     * topics not committed by its aggregation, and of its results not stored by its search feed.
     */
    long lag() throws Exception {
        return AggregationSettled.pending(kafka.client(), names);
    }

    /** Everything sent so far is in the figures this process serves and stored ({@link AggregationSettled}). */
    void awaitSettled(AggregatorProcess process) {
        AggregationSettled.settle(kafka.client(), names, () -> viewPositions(process));
    }

    /** Everything sent so far is in the figures this process serves, whatever Elasticsearch holds. */
    void awaitFiguresSettled(AggregatorProcess process) {
        AggregationSettled.settleFigures(kafka.client(), names, () -> viewPositions(process));
    }

    /** Records of this aggregator's results (documents, case records) its search feed has not stored yet. */
    long unstored() throws Exception {
        return GroupProgress.lag(kafka.client(), names.searchGroup(), names.resultTopics());
    }

    private static Map<String, Long> viewPositions(AggregatorProcess process) {
        try {
            return viewPositions(getJson(process, "/actuator/health"));
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** How far an aggregator's view has read each partition of its figures, from its health (as an admin sees it). */
    static Map<String, Long> viewPositions(JsonNode health) {
        Map<String, Long> byPartition = new HashMap<>();
        health.path("components")
                .path("figures")
                .path("details")
                .path("positions")
                .properties()
                .forEach(e -> byPartition.put(e.getKey(), e.getValue().asLong()));
        return byPartition;
    }

    /** Documents of a unit in this aggregator's own index, read from the real server. */
    long documentsOf(String unit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String es = TestInfrastructure.get().elasticsearchUri();
        http.send(
                HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String query = "{\"query\":{\"term\":{\"unitId\":\"" + unit + "\"}}}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_count"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(query))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return IntegrationTest.JSON.readTree(response.body()).path("count").asLong();
    }

    static JsonNode getJson(AggregatorProcess process, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(process.uri() + path))
                                .header("Authorization", IntegrationTest.basic("admin"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return IntegrationTest.JSON.readTree(response.body());
    }

    /** A multipart POST as the admin (a ledger import): the status and the body. */
    static HttpResponse<String> postFile(
            AggregatorProcess process, String path, Map<String, String> fields, String fileName, byte[] file)
            throws Exception {
        String boundary = "----lawstats" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                            + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(process.uri() + path))
                                .header("Authorization", IntegrationTest.basic("admin"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
