package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.say;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Topics;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.ElasticsearchNode;
import org.lawstats.devstack.stack.GroupProgress;
import org.lawstats.devstack.stack.KafkaNode;
import org.lawstats.devstack.stack.ManagedProcess;
import org.lawstats.devstack.stack.StorePair;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's own stack, on ports of its own in a fresh data directory: the broker, Elasticsearch and the
 * aggregator instances in one group; the processes it watches (their end is a failed benchmark) and the questions the
 * phases ask of it.
 */
final class BenchStack implements AutoCloseable {
    private static final int KAFKA_PORT = 19092;
    private static final int KAFKA_CONTROLLER_PORT = 19093;
    private static final int ES_PORT = 19200;
    private static final int ES_TRANSPORT_PORT = 19300;
    private static final int API_PORT = 18080;
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-demo".getBytes());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root;
    private final Path dataDir;
    private final Path javaHome = Path.of(System.getProperty("java.home"));
    private final boolean pin;
    private final int instances;
    private final Map<String, String> settings;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ManagedProcess> watched = new CopyOnWriteArrayList<>();
    private final List<AggregatorProcess> aggregators = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private Path units;
    private KafkaNode kafka;
    private ElasticsearchNode elasticsearch;

    BenchStack(Path root, Path dataDir, boolean pin, int instances, Map<String, String> settings) {
        this.root = root;
        this.dataDir = dataDir;
        this.pin = pin;
        this.instances = instances;
        this.settings = settings;
    }

    /** The ports this stack takes: a second benchmark on the box would share them. */
    static List<Integer> ports(int instances) {
        List<Integer> ports = new ArrayList<>(List.of(KAFKA_PORT, KAFKA_CONTROLLER_PORT, ES_PORT, ES_TRANSPORT_PORT));
        for (int i = 0; i < instances; i++) {
            ports.add(API_PORT + i);
        }
        return ports;
    }

    /** Starts the broker and Elasticsearch (pinned if asked) and creates the event topics. */
    void start() throws Exception {
        Files.createDirectories(dataDir);
        units = Files.writeString(dataDir.resolve("units.yml"), ProvinceStream.registry());
        say("data in " + dataDir);
        StorePair stores = StorePair.start(
                root,
                dataDir,
                new StorePair.Ports(KAFKA_PORT, KAFKA_CONTROLLER_PORT, ES_PORT, ES_TRANSPORT_PORT),
                javaHome);
        kafka = stores.kafka();
        elasticsearch = stores.elasticsearch();
        watched.add(kafka.process());
        watched.add(elasticsearch.process());
        if (pin) {
            // Elasticsearch alone on core 0, everything else on core 1: the baseline and the pipeline then give
            // Elasticsearch the same CPU, which is the comparison the ratio is about.
            // The benchmark first: pinning a process pins its children, and Elasticsearch is one of them.
            pin(ProcessHandle.current().pid(), "1");
            pin(kafka.process().pid(), "1");
            pin(elasticsearch.process().pid(), "0");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> topics = Topics.EVENT_TOPICS.stream()
                    .map(t -> new NewTopic(t, 3, (short) 1).configs(Map.of("retention.ms", "-1")))
                    .toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    Path root() {
        return root;
    }

    Path dataDir() {
        return dataDir;
    }

    Path javaHome() {
        return javaHome;
    }

    int instances() {
        return instances;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The processes whose CPU and memory are measured, by name. */
    List<ManagedProcess> watched() {
        return List.copyOf(watched);
    }

    /** The first instance: its metrics and heap are the ones reported. */
    Optional<AggregatorProcess> first() {
        return aggregators.stream().findFirst();
    }

    List<AggregatorProcess> aggregators() {
        return List.copyOf(aggregators);
    }

    /** Starts every instance at once and returns once each answers (its view caught up: health 200). */
    void startAggregators() throws Exception {
        say("starting " + (instances == 1 ? "the aggregator" : instances + " aggregators in one group"));
        List<Future<AggregatorProcess>> started = new ArrayList<>();
        try (var starting = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < instances; i++) {
                int instance = i;
                started.add(starting.submit(() -> startInstance(instance)));
            }
        }
        for (var each : started) {
            aggregators.add(each.get());
        }
    }

    private AggregatorProcess startInstance(int instance) {
        Map<String, String> env = new HashMap<>(settings);
        // Each instance its own state directory, kept across its restarts (ADR 15).
        env.put("LAWSTATS_STREAMS_STATE_DIR", stateDirectory(instance).toString());
        String profile = System.getenv("LAWSTATS_BENCH_JFR");
        if (profile != null && !profile.isBlank() && instance == 0) {
            env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + profile + ",settings=profile");
        }
        AggregatorProcess started = AggregatorProcess.startBuilt(
                root,
                javaHome,
                dataDir.resolve(instance == 0 ? "aggregator.log" : "aggregator-" + instance + ".log"),
                API_PORT + instance,
                kafka.bootstrapServers(),
                elasticsearch.uri(),
                units,
                env);
        watched.add(started.process());
        pinToTheRest(started.process().pid());
        return started;
    }

    Path stateDirectory(int instance) {
        return dataDir.resolve("streams-" + instance);
    }

    /** Stops every instance (no longer watched: its end is not a failure of the benchmark). */
    void stopAggregators() {
        for (AggregatorProcess each : aggregators) {
            watched.remove(each.process());
            each.close();
        }
        aggregators.clear();
    }

    /** With {@code --pin}, binds a process of ours to core 1, beside everything but Elasticsearch. */
    void pinToTheRest(long pid) {
        if (pin) {
            pin(pid, "1");
        }
    }

    /** Binds every thread of the process and of its descendants to the cores (taskset). */
    private static void pin(long pid, String cores) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(child -> pids.add(child.pid())));
        for (long each : pids) {
            try {
                Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cores, Long.toString(each))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (taskset.waitFor() != 0) {
                    throw new IllegalStateException("taskset failed for pid " + each);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    long committed() throws Exception {
        return GroupProgress.committed(kafka.bootstrapServers());
    }

    long produced() throws Exception {
        return GroupProgress.produced(kafka.bootstrapServers());
    }

    /** Records of the aggregation not yet counted and stored: its repartition topics and the search feed included. */
    long pending() throws Exception {
        return GroupProgress.pending(GroupProgress.client(kafka.bootstrapServers()), GroupProgress.Names.PRODUCTION);
    }

    void awaitAllCommitted(Duration atMost) throws Exception {
        GroupProgress.awaitAllCommitted(kafka.bootstrapServers(), atMost);
    }

    /** A figure as {@code /api/v1/stats} answers it. */
    long figure(String period, String unit, String indicator) {
        HttpResponse<String> response = send("GET", "/api/v1/stats?period=" + period + "&unit=" + unit, null, null);
        return JSON.readTree(response.body()).path("values").path(indicator).asLong();
    }

    /**
     * Waits (30 s at most) until the province's documents published in 2024, once visible, equal the stream's
     * model; returns that figure.
     */
    long awaitTheModelsFigure(ProvinceStream stream) {
        long expected = stream.counted(EventType.DOCUMENT_PUBLISHED, 2024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long actual;
        while ((actual = figure("2024", ProvinceStream.ROOT, "document.published")) != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "document.published 2024 is " + actual + ", the model says " + expected);
            }
            ManagedProcess.pause();
        }
        return expected;
    }

    /**
     * A request to Elasticsearch, or as the admin to the API (round the instances: any instance answers any question,
     * ADR 15) or to the first instance's actuator (the pipeline's own metrics and health).
     */
    HttpResponse<String> send(String method, String path, String body, String contentType) {
        boolean toElasticsearch = !path.startsWith("/api") && !path.startsWith("/actuator");
        String base = toElasticsearch
                ? elasticsearch.uri()
                : path.startsWith("/api")
                        ? aggregators
                                .get(Math.floorMod(turn.getAndIncrement(), aggregators.size()))
                                .uri()
                        : aggregators.getFirst().uri();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(2))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (!toElasticsearch) {
            request.header("Authorization", ADMIN);
        }
        return exchange(request.build());
    }

    /** A GET as the admin of one instance's full URI. */
    HttpResponse<String> get(String uri) {
        return exchange(HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", ADMIN)
                .build());
    }

    void put(String path, String body) {
        HttpResponse<String> response = send("PUT", path, body, "application/json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT " + path + ": " + response.body());
        }
    }

    void delete(String path) {
        send("DELETE", path, null, null);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> parts = new ArrayList<>(aggregators);
        parts.add(elasticsearch);
        parts.add(kafka);
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("bench: stopping: " + e.getMessage());
                }
            }
        }
    }
}
