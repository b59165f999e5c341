package org.lawstats.devstack.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Topics;
import org.lawstats.devstack.bench.ProvinceStream;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.ElasticsearchNode;
import org.lawstats.devstack.stack.GroupProgress;
import org.lawstats.devstack.stack.KafkaNode;
import org.lawstats.devstack.stack.StorePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./lawstats chaos [--quick]}: breaks a real stack in the middle of a stream and checks afterwards that every
 * figure is exactly what the stream says, nothing lost and nothing counted twice. Each scenario runs on a fresh stack
 * of its own (ports 29092/29200/28080). The producer is the unit services' side: it keeps retrying (idempotent,
 * acks=all) through every fault, as a real one must.
 */
public final class Chaos {
    private static final int KAFKA_PORT = 29092;
    private static final int KAFKA_CONTROLLER_PORT = 29093;
    private static final int ES_PORT = 29200;
    private static final int ES_TRANSPORT_PORT = 29300;
    private static final int API_PORT = 28080;
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-demo".getBytes());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int[] YEARS = {2023, 2024, 2025};

    private final Path root;
    private final Path javaHome = Path.of(System.getProperty("java.home"));
    private final boolean quick;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path dataDir;
    private Path units;
    private KafkaNode kafka;
    private ElasticsearchNode elasticsearch;
    private AggregatorProcess aggregator;

    private Chaos(Path root, boolean quick) {
        this.root = root;
        this.quick = quick;
    }

    /** Runs every scenario; the exit status for the launcher. */
    public static int run(Path root, boolean quick) {
        Chaos chaos = new Chaos(root, quick);
        Map<String, String> outcomes = new LinkedHashMap<>();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("kill -9 of the whole stack, restart on the same data", chaos::killEverything);
        scenarios.put("Elasticsearch frozen (SIGSTOP)", chaos::freezeElasticsearch);
        scenarios.put("Elasticsearch killed and restarted", chaos::killElasticsearch);
        scenarios.put("Kafka broker restarted", chaos::restartKafka);
        scenarios.put("aggregator killed during bulk writes, restarted", chaos::killAggregator);
        boolean allPassed = true;
        for (var scenario : scenarios.entrySet()) {
            say("=== " + scenario.getKey());
            try {
                chaos.startFresh();
                String result = scenario.getValue().run();
                outcomes.put(scenario.getKey(), "exact: " + result);
            } catch (Exception | AssertionError e) {
                allPassed = false;
                outcomes.put(scenario.getKey(), "FAILED: " + e.getMessage());
                e.printStackTrace();
            } finally {
                chaos.stopAll();
            }
        }
        System.out.println();
        System.out.println("| fault | outcome |");
        System.out.println("| --- | --- |");
        outcomes.forEach((fault, outcome) -> System.out.println("| " + fault + " | " + outcome + " |"));
        return allPassed ? 0 : 1;
    }

    @FunctionalInterface
    private interface Scenario {
        String run() throws Exception;
    }

    // ---- scenarios -----------------------------------------------------------------------------------------

    private String killEverything() throws Exception {
        Stream stream = stream(records(), 3_000);
        stream.awaitSent(records() / 3);
        say("kill -9 of Kafka, Elasticsearch and the aggregator");
        aggregator.process().kill();
        elasticsearch.process().kill();
        kafka.process().kill();
        startKafkaAndElasticsearch();
        startAggregator();
        return stream.finishAndVerify();
    }

    private String freezeElasticsearch() throws Exception {
        Stream stream = stream(records(), 2_000);
        stream.awaitSent(records() / 4);
        long pid = elasticsearch.pid();
        List<Long> pids = tree(pid);
        say("SIGSTOP Elasticsearch for " + freeze().toSeconds() + " s");
        signal("STOP", pids);
        String seen;
        try {
            // A frozen server neither answers nor fails: the batch in flight shows as WAITING_FOR_STORE after 10 s,
            // and as RETRYING once the client's socket timeout (30 s) makes it fail.
            long until = System.nanoTime() + freeze().toNanos();
            seen = awaitHealth(until, "WAITING_FOR_STORE", "RETRYING");
            say("health while frozen: " + ingestHealth());
            LockSupport.parkNanos(Math.max(0, until - System.nanoTime()));
        } finally {
            signal("CONT", pids);
        }
        return "health while frozen " + seen + "; " + stream.finishAndVerify();
    }

    private String killElasticsearch() throws Exception {
        Stream stream = stream(records(), 2_000);
        stream.awaitSent(records() / 4);
        say("kill -9 of Elasticsearch, then a restart on the same data");
        elasticsearch.process().kill();
        String seen = awaitHealth(System.nanoTime() + TimeUnit.SECONDS.toNanos(60), "RETRYING", "WAITING_FOR_STORE");
        elasticsearch = ElasticsearchNode.start(esSettings());
        return "health while down " + seen + "; " + stream.finishAndVerify();
    }

    private String restartKafka() throws Exception {
        Stream stream = stream(records(), 2_000);
        stream.awaitSent(records() / 3);
        say("restarting the Kafka broker");
        kafka.process().stop(Duration.ofSeconds(30));
        kafka = KafkaNode.start(kafkaSettings());
        return stream.finishAndVerify();
    }

    private String killAggregator() throws Exception {
        Stream stream = stream(records(), 5_000);
        for (int i = 1; i <= 2; i++) {
            stream.awaitSent(records() * i / 3);
            pauseAtARandomMomentOfTheStream();
            say("kill -9 of the aggregator while it writes");
            aggregator.process().kill();
            startAggregator();
        }
        return stream.finishAndVerify();
    }

    // ---- the stream and its check --------------------------------------------------------------------------

    private long records() {
        return quick ? 30_000 : 150_000;
    }

    private Duration freeze() {
        return quick ? Duration.ofSeconds(45) : Duration.ofSeconds(60);
    }

    /** A producer thread sending {@code count} records at {@code rate}/s, retrying through any fault. */
    private Stream stream(long count, int rate) {
        ProvinceStream generator =
                new ProvinceStream(System.nanoTime(), "c" + System.nanoTime() % 100_000 + ":", YEARS);
        Stream stream = new Stream(generator, count);
        Thread.ofPlatform().name("chaos-producer").start(() -> stream.produce(rate));
        return stream;
    }

    private final class Stream {
        private final ProvinceStream generator;
        private final long count;
        private final AtomicLong sent = new AtomicLong();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Stream(ProvinceStream generator, long count) {
            this.generator = generator;
            this.count = count;
        }

        void produce(int rate) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + KAFKA_PORT);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            // A unit service waits out a broker outage instead of dropping events.
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                    Duration.ofMinutes(10).toMillis());
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(10).toMillis());
            List<Exception> failures = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                long start = System.nanoTime();
                while (sent.get() < count) {
                    long due = Math.min(count, (long) ((System.nanoTime() - start) / 1e9 * rate));
                    while (sent.get() < due) {
                        ProvinceStream.Line line = generator.next();
                        producer.send(
                                new ProducerRecord<>(
                                        line.topic(), line.key(), line.wire().getBytes(StandardCharsets.UTF_8)),
                                (metadata, e) -> {
                                    if (e != null) {
                                        synchronized (failures) {
                                            failures.add(e);
                                        }
                                    }
                                });
                        sent.incrementAndGet();
                    }
                    LockSupport.parkNanos(2_000_000); // pacing of the load, not a wait for an outcome
                }
                producer.flush();
            }
            if (failures.isEmpty()) {
                done.complete(null);
            } else {
                done.completeExceptionally(new IllegalStateException(
                        failures.size() + " records were not acknowledged: " + failures.get(0)));
            }
        }

        void awaitSent(long n) {
            while (sent.get() < n) {
                LockSupport.parkNanos(50_000_000);
            }
        }

        /** Waits for every record acknowledged and consumed, then compares the figures with the stream's model. */
        String finishAndVerify() throws Exception {
            done.get(15, TimeUnit.MINUTES);
            GroupProgress.awaitAllCommitted("127.0.0.1:" + KAFKA_PORT, Duration.ofMinutes(10));
            long expectedDocuments = generator.distinctEvents();
            long documents = waitFor(() -> count("lawstats-events"), expectedDocuments);
            check(documents == expectedDocuments, "documents " + documents + ", the stream has " + expectedDocuments);
            List<String> checked = new ArrayList<>();
            for (int year : YEARS) {
                long expected = generator.counted(EventType.DOCUMENT_PUBLISHED, year);
                long expectedPersons = generator.distinctPersons(EventType.TRAINING_COMPLETED, year);
                // The published figures follow the stored events by a few commits of the aggregation (ADR 15): they
                // must reach the model's, and never pass it.
                waitFor(
                        () -> {
                            JsonNode now = stats(Integer.toString(year));
                            return now.path("document.published").asLong() == expected
                                            && now.path("training.completed_persons")
                                                            .asLong()
                                                    == expectedPersons
                                    ? 1
                                    : 0;
                        },
                        1,
                        Duration.ofSeconds(90));
                JsonNode values = stats(Integer.toString(year));
                long published = values.path("document.published").asLong();
                check(published == expected, year + " document.published " + published + " != " + expected);
                long persons = values.path("training.completed_persons").asLong();
                check(
                        persons == expectedPersons,
                        year + " training.completed_persons " + persons + " != " + expectedPersons);
                checked.add(year + ": " + published + " documents, " + persons + " persons");
            }
            return String.format(
                    "%,d records, %,d events stored once; %s", count, documents, String.join("; ", checked));
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private long waitFor(LongSupplier value, long expected) {
        return waitFor(value, expected, Duration.ofSeconds(20));
    }

    private long waitFor(LongSupplier value, long expected, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long now;
        while ((now = value.getAsLong()) != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000_000);
        }
        return now;
    }

    // ---- the stack -----------------------------------------------------------------------------------------

    private void startFresh() throws IOException {
        dataDir = root.resolve(
                ".lawstats/chaos/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        Files.createDirectories(dataDir);
        units = Files.writeString(dataDir.resolve("units.yml"), ProvinceStream.registry());
        startKafkaAndElasticsearch();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(Topics.EVENT_TOPICS.stream()
                            .map(t -> new NewTopic(t, 3, (short) 1).configs(Map.of("retention.ms", "-1")))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the topics", e);
        }
        startAggregator();
    }

    private static final StorePair.Ports PORTS =
            new StorePair.Ports(KAFKA_PORT, KAFKA_CONTROLLER_PORT, ES_PORT, ES_TRANSPORT_PORT);

    private KafkaNode.Settings kafkaSettings() {
        return StorePair.kafkaSettings(dataDir, PORTS, javaHome);
    }

    private ElasticsearchNode.Settings esSettings() {
        return StorePair.elasticsearchSettings(root, dataDir, PORTS, javaHome);
    }

    private void startKafkaAndElasticsearch() {
        StorePair stores = StorePair.start(root, dataDir, PORTS, javaHome);
        kafka = stores.kafka();
        elasticsearch = stores.elasticsearch();
    }

    private void startAggregator() {
        aggregator = AggregatorProcess.startBuilt(
                root,
                javaHome,
                dataDir.resolve("aggregator-" + System.currentTimeMillis() + ".log"),
                API_PORT,
                kafka.bootstrapServers(),
                elasticsearch.uri(),
                units,
                Map.of());
    }

    private void stopAll() {
        for (AutoCloseable part : new AutoCloseable[] {aggregator, elasticsearch, kafka}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    say("stopping: " + e.getMessage());
                }
            }
        }
        aggregator = null;
        elasticsearch = null;
        kafka = null;
    }

    private static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        for (long pid : pids) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    /** Polls the ingest health until it says one of the states or the deadline passes; returns what it said last. */
    private String awaitHealth(long deadlineNanos, String... states) {
        List<String> wanted = List.of(states);
        JsonNode health = ingestHealth();
        while (!wanted.contains(health.path("consumer").asString()) && System.nanoTime() < deadlineNanos) {
            LockSupport.parkNanos(200_000_000);
            health = ingestHealth();
        }
        return health.path("consumer").asString() + " (lag "
                + health.path("lag").asString() + ")";
    }

    /** A random moment while batches of a 5,000 records/s stream are being written: the aggregator is mid-bulk. */
    private void pauseAtARandomMomentOfTheStream() {
        LockSupport.parkNanos(300_000_000 + (long) (Math.random() * 400_000_000));
    }

    private JsonNode ingestHealth() {
        try {
            // the ingest component only: the whole health would wait on a frozen Elasticsearch
            return JSON.readTree(
                            get(aggregator.uri() + "/actuator/health/ingest").body())
                    .path("details");
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("consumer", "UNREACHABLE");
        }
    }

    private JsonNode stats(String period) {
        return JSON.readTree(get(aggregator.uri() + "/api/v1/stats?period=" + period + "&unit=" + ProvinceStream.ROOT)
                        .body())
                .path("values");
    }

    private long count(String alias) {
        get(elasticsearch.uri() + "/" + alias + "/_refresh");
        return JSON.readTree(get(elasticsearch.uri() + "/" + alias + "/_count").body())
                .path("count")
                .asLong();
    }

    private HttpResponse<String> get(String uri) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(uri))
                            .header("Authorization", ADMIN)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void say(String text) {
        System.out.println("chaos " + Instant.now().toString().substring(11, 19) + "  " + text);
    }
}
