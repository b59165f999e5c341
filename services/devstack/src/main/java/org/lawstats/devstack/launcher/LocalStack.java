package org.lawstats.devstack.launcher;

import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventPublisher;
import org.lawstats.devstack.bench.Benchmark;
import org.lawstats.devstack.bench.BenchmarkOptions;
import org.lawstats.devstack.chaos.Chaos;
import org.lawstats.devstack.stack.AggregationReset;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.ElasticsearchNode;
import org.lawstats.devstack.stack.Host;
import org.lawstats.devstack.stack.KafkaNode;
import org.lawstats.devstack.stack.StorePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./lawstats up}: a real Kafka broker, a real Elasticsearch and the aggregator on this machine, in the
 * foreground. Ctrl-C or SIGTERM stops them all; a {@code kill -9} of this JVM makes each child receive a SIGTERM.
 */
public final class LocalStack {
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int ELASTICSEARCH_PORT = 9200;
    static final int ELASTICSEARCH_TRANSPORT_PORT = 9300;
    static final int API_PORT = 8080;

    private final Path root;
    private final Path dataDir;
    private final Path unitsFile;
    private final String usersFile;
    private final boolean demo;
    private final Path javaHome = Path.of(System.getProperty("java.home"));
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Supervisor supervisor = new Supervisor(System.err::println);
    private volatile Supervisor.Child<ElasticsearchNode> elasticsearch;
    private volatile Supervisor.Child<KafkaNode> kafka;
    private final int instances;
    private final List<Supervisor.Child<AggregatorProcess>> aggregators = new CopyOnWriteArrayList<>();
    private volatile DemoEmitter demoEmitter;

    private LocalStack(Path root, Map<String, String> env) {
        this.root = root;
        this.dataDir = Path.of(env.getOrDefault(
                        "LAWSTATS_DATA_DIR", root.resolve(".lawstats/data").toString()))
                .toAbsolutePath()
                .normalize();
        this.unitsFile = Path.of(env.getOrDefault(
                        "LAWSTATS_UNITS_FILE", root.resolve("config/units.yml").toString()))
                .toAbsolutePath()
                .normalize();
        this.usersFile = env.get("LAWSTATS_USERS_FILE");
        this.demo = !"false"
                .equalsIgnoreCase(env.getOrDefault("LAWSTATS_DEMO", "true").trim());
        this.instances = instances(env.getOrDefault("LAWSTATS_INSTANCES", "1"));
    }

    /** LAWSTATS_INSTANCES (api.md): that many aggregators in one group, at ports 8080, 8081, ... */
    private static int instances(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 16) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the same message
        }
        throw new IllegalArgumentException("LAWSTATS_INSTANCES must be a number from 1 to 16, not '" + value + "'");
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "up" : args[0];
        Path root = Path.of("").toAbsolutePath();
        int exit = switch (command) {
            case "up" -> {
                try {
                    yield new LocalStack(root, System.getenv()).up();
                } catch (IllegalArgumentException e) {
                    System.err.println("lawstats: " + e.getMessage());
                    yield 2;
                }
            }
            case "emit" -> emit(args.length > 1 ? args[1] : null);
            case "seed-cases" -> seedCases(root, args);
            case "rebuild" -> rebuild();
            case "reset-aggregation" -> resetAggregation(root, args);
            case "chaos" -> Chaos.run(root, List.of(args).contains("--quick"));
            case "bench" -> {
                try {
                    yield Benchmark.run(root, BenchmarkOptions.parse(args));
                } catch (IllegalArgumentException e) {
                    System.err.println("lawstats: " + e.getMessage());
                    yield 2;
                }
            }
            default -> {
                System.err.println("lawstats: unknown launcher command " + command);
                yield 2;
            }
        };
        System.exit(exit);
    }

    private int up() {
        if (!Files.isRegularFile(unitsFile)) {
            System.err.println("lawstats: the unit registry " + unitsFile + " does not exist (LAWSTATS_UNITS_FILE)");
            return 1;
        }
        List<String> busy = new ArrayList<>();
        for (int port :
                new int[] {KAFKA_PORT, KAFKA_CONTROLLER_PORT, ELASTICSEARCH_PORT, ELASTICSEARCH_TRANSPORT_PORT, API_PORT
                }) {
            if (Host.portInUse(port)) {
                busy.add(Integer.toString(port));
            }
        }
        if (!busy.isEmpty()) {
            System.err.println("lawstats: port(s) " + String.join(", ", busy)
                    + " already in use on localhost: is another stack running? Stop it first.");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "lawstats-shutdown"));
        long start = System.nanoTime();
        System.out.println("lawstats: starting Kafka and Elasticsearch (data in " + dataDir + ")");
        try {
            Files.createDirectories(dataDir);
            StorePair.Ports ports = new StorePair.Ports(
                    KAFKA_PORT, KAFKA_CONTROLLER_PORT, ELASTICSEARCH_PORT, ELASTICSEARCH_TRANSPORT_PORT);
            StorePair stores = StorePair.start(root, dataDir, ports, javaHome);
            // A server that dies is started again on its data; the stack stops only when it cannot be brought back.
            kafka = supervisor.supervise(
                    "Kafka",
                    stores.kafka(),
                    KafkaNode::process,
                    () -> KafkaNode.start(StorePair.kafkaSettings(dataDir, ports, javaHome)),
                    Supervisor.Policy.server(),
                    () -> System.exit(1));
            elasticsearch = supervisor.supervise(
                    "Elasticsearch",
                    stores.elasticsearch(),
                    ElasticsearchNode::process,
                    () -> ElasticsearchNode.start(StorePair.elasticsearchSettings(root, dataDir, ports, javaHome)),
                    Supervisor.Policy.server(),
                    () -> System.exit(1));
            System.out.println(
                    "lawstats: starting " + (instances == 1 ? "the aggregator" : instances + " aggregators"));
            for (int i = 0; i < instances; i++) {
                int instance = i;
                Supplier<AggregatorProcess> starter = () -> startAggregator(instance);
                // One instance's death (a crash, an upload that ran it out of memory) is not the stack's: the others
                // take its tasks and answer exactly meanwhile (ADR 15), and it is started again on its own port.
                aggregators.add(supervisor.supervise(
                        "the aggregator on :" + (API_PORT + i),
                        starter.get(),
                        AggregatorProcess::process,
                        starter,
                        Supervisor.Policy.aggregator(),
                        () -> System.exit(1)));
            }
            if (usersFile == null) {
                System.out.println("lawstats: serving the DEMO users of config/users.yml, whose passwords are public"
                        + " (README); set LAWSTATS_USERS_FILE for anything but a demo");
            }
            if (demo) {
                demoEmitter = DemoEmitter.start(
                        kafka.current().bootstrapServers(),
                        unitsFile,
                        dataDir,
                        // The demo locks a quarter as the demo admin: only when the demo users are served.
                        usersFile == null ? Optional.of(URI.create("http://localhost:" + API_PORT)) : Optional.empty());
            }
        } catch (CompletionException | IllegalStateException | IOException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("lawstats: the stack did not start: " + cause.getMessage());
            return 1;
        }
        printBanner(Duration.ofNanos(System.nanoTime() - start));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void printBanner(Duration took) {
        System.out.printf(
                """

                lawstats is up (%.1f s). Data: %s%s
                  API and dashboard  http://localhost:%d/api/v1/stats   (curl -u leader:leader-demo ...; demo users in README)%s
                  health, metrics    http://localhost:%d/actuator/health  /actuator/prometheus (admin:admin-demo)
                  Kafka              localhost:%d   (topics lawstats.training, lawstats.dlq, ...)
                  Elasticsearch      http://localhost:%d
                  logs               %s/{aggregator.log,kafka/console.log,elasticsearch/console.log}
                Emit an event by hand:
                  echo '{"eventId":"my-1","type":"training.completed","unitId":"nk.gov-office","occurredAt":"2024-06-12T10:00:00+08:00","payload":{"personId":"p-1","courseId":"law-2024"}}' | ./lawstats emit
                Ctrl-C stops everything.
                """,
                took.toMillis() / 1000.0,
                dataDir,
                demo ? " (demo events on; LAWSTATS_DEMO=false for an empty start)" : "",
                API_PORT,
                instances == 1 ? "" : "\n                     and every port up to " + (API_PORT + instances - 1),
                API_PORT,
                KAFKA_PORT,
                ELASTICSEARCH_PORT,
                dataDir);
    }

    /** Instance {@code i} of the group at port 8080 + i, its state and log in a directory and file of its own. */
    private AggregatorProcess startAggregator(int i) {
        // One group, one aggregation: each instance keeps the state of its tasks in a directory of its own and
        // answers every question (ADR 15).
        Map<String, String> extra = new HashMap<>();
        if (usersFile != null) {
            extra.put("LAWSTATS_USERS_FILE", usersFile);
        }
        extra.put(
                "LAWSTATS_STREAMS_STATE_DIR",
                dataDir.resolve(i == 0 ? "streams" : "streams-" + i).toString());
        return AggregatorProcess.startBuilt(
                root,
                javaHome,
                dataDir.resolve(i == 0 ? "aggregator.log" : "aggregator-" + i + ".log"),
                API_PORT + i,
                kafka.current().bootstrapServers(),
                elasticsearch.current().uri(),
                unitsFile,
                extra);
    }

    private void shutdown() {
        System.out.println("lawstats: stopping");
        supervisor.close();
        try {
            if (demoEmitter != null) {
                demoEmitter.close();
            }
            aggregators.forEach(aggregator -> aggregator.current().close());
            CompletableFuture<Void> k = CompletableFuture.runAsync(() -> {
                if (kafka != null) {
                    kafka.current().close();
                }
            });
            CompletableFuture<Void> e = CompletableFuture.runAsync(() -> {
                if (elasticsearch != null) {
                    elasticsearch.current().close();
                }
            });
            CompletableFuture.allOf(k, e).join();
        } finally {
            stopped.countDown();
            System.out.println("lawstats: stopped");
        }
    }

    /** {@code ./lawstats seed-cases N}: N realistic case records' events for the registry, to measure search. */
    private static int seedCases(Path root, String[] args) {
        int cases = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path units = Path.of(System.getenv()
                .getOrDefault(
                        "LAWSTATS_UNITS_FILE", root.resolve("config/units.yml").toString()));
        try {
            long start = System.nanoTime();
            int events =
                    CaseSeeder.seed(System.getenv().getOrDefault("LAWSTATS_KAFKA", "localhost:9092"), units, cases);
            System.out.printf(
                    "sent %d events of %d cases in %.1f s%n", events, cases, (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (Exception e) {
            System.err.println("lawstats seed-cases: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Asks the running aggregator to rebuild its indices from the Kafka topics and follows it to the end.
     * LAWSTATS_API (default http://localhost:8080) and LAWSTATS_ADMIN ("user:password", default the demo admin).
     */
    private static int rebuild() {
        String api = System.getenv().getOrDefault("LAWSTATS_API", "http://localhost:" + API_PORT);
        String admin = System.getenv().getOrDefault("LAWSTATS_ADMIN", "admin:admin-demo");
        String auth = "Basic " + Base64.getEncoder().encodeToString(admin.getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(api + "/api/v1/admin/rebuild");
        try {
            HttpResponse<String> started = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", auth)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                System.err.println(
                        "lawstats: the rebuild did not start: " + started.statusCode() + " " + started.body());
                return 1;
            }
            JsonMapper json = JsonMapper.builder().build();
            while (true) {
                JsonNode status = json.readTree(http.send(
                                HttpRequest.newBuilder(uri)
                                        .header("Authorization", auth)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                String state = status.path("state").asString();
                System.out.printf(
                        "lawstats: rebuild %s: %,d of %,d records replayed%n",
                        state,
                        status.path("replayed").asLong(),
                        status.path("total").asLong());
                if (!state.equals("RUNNING")) {
                    System.out.println("lawstats: " + status.path("message").asString() + " (events: "
                            + status.path("eventsIndex").asString() + ", cases: "
                            + status.path("casesIndex").asString() + ", previous: "
                            + status.path("previousEventsIndex").asString() + ")");
                    return state.equals("DONE") ? 0 : 1;
                }
                Thread.sleep(1000); // progress once a second
            }
        } catch (IOException e) {
            System.err.println("lawstats: the aggregator at " + api + " is not reachable: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * {@code ./lawstats reset-aggregation [--state-dir DIR]... [--command-config FILE]}: the aggregation starts over
     * from the first event ({@link AggregationReset}), on LAWSTATS_KAFKA (default localhost:9092). Without
     * {@code --state-dir}, the state directories of the local stack's aggregators (under LAWSTATS_DATA_DIR) are
     * deleted; {@code --command-config} gives client settings (security) as Kafka's own tools take them.
     */
    private static int resetAggregation(Path root, String[] args) {
        List<Path> stateDirectories = new ArrayList<>();
        Map<String, Object> client = new HashMap<>();
        client.put("bootstrap.servers", System.getenv().getOrDefault("LAWSTATS_KAFKA", "localhost:" + KAFKA_PORT));
        // An unreachable broker is said within seconds, not after the clients' default minute.
        client.put("request.timeout.ms", 10_000);
        client.put("default.api.timeout.ms", 15_000);
        try {
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length
                        || !List.of("--state-dir", "--command-config").contains(option)) {
                    throw new IllegalArgumentException(
                            "reset-aggregation takes --state-dir DIR (repeatable) and --command-config FILE, not "
                                    + option);
                }
                String value = args[++i];
                if (option.equals("--state-dir")) {
                    stateDirectories.add(Path.of(value).toAbsolutePath());
                } else {
                    Properties settings = new Properties();
                    try (var reader = Files.newBufferedReader(Path.of(value))) {
                        settings.load(reader);
                    }
                    settings.forEach((key, setting) -> client.put((String) key, setting));
                }
            }
            if (stateDirectories.isEmpty()) {
                Path dataDir = new LocalStack(root, System.getenv()).dataDir;
                if (Files.isDirectory(dataDir)) {
                    try (var entries = Files.list(dataDir)) {
                        entries.filter(p -> p.getFileName().toString().matches("streams(-\\d+)?"))
                                .sorted()
                                .forEach(stateDirectories::add);
                    }
                }
            }
            new AggregationReset(client, AggregationReset.Names.PRODUCTION, System.out).reset(stateDirectories);
            System.out.println("lawstats: done. Start the aggregators (./lawstats up): they aggregate every event "
                    + "again and answer 503 until their figures have caught up; then run ./lawstats rebuild, so "
                    + "that Elasticsearch holds the documents of the new aggregation.");
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("lawstats: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("lawstats: the reset failed (Kafka at " + client.get("bootstrap.servers") + "): "
                    + cause.getMessage());
            return 1;
        }
    }

    /** {@code ./lawstats emit}: JSON events on stdin (one object, an array, or one per line) to their topics. */
    private static int emit(String bootstrap) {
        String servers =
                bootstrap != null ? bootstrap : System.getenv().getOrDefault("LAWSTATS_KAFKA", "localhost:9092");
        String input;
        try {
            input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            System.err.println("lawstats emit: cannot read stdin: " + e.getMessage());
            return 1;
        }
        EventCodec codec = EventCodec.strict();
        List<byte[]> events = new ArrayList<>();
        try {
            // One JSON value (an object, even pretty-printed, or an array of objects)...
            var tree = codec.mapper().readTree(input);
            if (tree.isArray()) {
                tree.forEach(node -> events.add(codec.mapper().writeValueAsBytes(node)));
            } else {
                events.add(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException notOneValue) {
            // ...or NDJSON: one event per line.
            input.lines()
                    .filter(line -> !line.isBlank())
                    .forEach(line -> events.add(line.getBytes(StandardCharsets.UTF_8)));
        }
        try (EventPublisher publisher = EventPublisher.connect(servers)) {
            int n = 0;
            for (byte[] bytes : events) {
                n++;
                switch (codec.decode(bytes)) {
                    case EventCodec.Decoded.Valid valid -> {
                        publisher.publishAndWait(valid.event(), Duration.ofSeconds(30));
                        System.out.println("sent " + valid.event().eventId() + " to "
                                + valid.event().type().topic());
                    }
                    case EventCodec.Decoded.Invalid invalid -> {
                        System.err.println("event " + n + " not sent: "
                                + invalid.rejection().detail());
                        return 1;
                    }
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("lawstats emit: " + e.getMessage());
            return 1;
        }
    }
}
