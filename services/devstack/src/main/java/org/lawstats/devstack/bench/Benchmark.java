package org.lawstats.devstack.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.contract.Topics;
import org.lawstats.devstack.stack.AggregationReset;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.ElasticsearchNode;
import org.lawstats.devstack.stack.GroupProgress;
import org.lawstats.devstack.stack.Host;
import org.lawstats.devstack.stack.KafkaNode;
import org.lawstats.devstack.stack.ManagedProcess;
import org.lawstats.devstack.stack.StorePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./lawstats bench [--quick]}: throughput, freshness, query latency and memory of the pipeline on this
 * machine, each next to its baseline measured in the same run (the raw Kafka consume rate and the raw Elasticsearch
 * bulk rate of the same records). Runs its own stack on ports of its own, in a fresh data directory.
 */
public final class Benchmark {
    private static final int KAFKA_PORT = 19092;
    private static final int KAFKA_CONTROLLER_PORT = 19093;
    private static final int ES_PORT = 19200;
    private static final int ES_TRANSPORT_PORT = 19300;
    private static final int API_PORT = 18080;
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-demo".getBytes());
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int[] YEARS = {2023, 2024, 2025};
    // Half of what three instances aggregate here (1,185-1,741 records/s, docs/benchmarks.md): the soak's condition.
    // An hour of it is 2.2 million records, the replay's scale.
    static final double SOAK_RATE = 600;

    private final Path root;
    private final Path dataDir;
    private final Path javaHome;
    private final boolean quick;
    private final boolean pin;
    private final int soakMinutes;
    private final double soakRate;
    private final int instances;
    private final Map<String, String> settings = settingsToTry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final AtomicLong peakHeap = new AtomicLong();
    private final List<ManagedProcess> watched = new CopyOnWriteArrayList<>();
    private final Map<String, Double> pipelineCpu = new LinkedHashMap<>();
    private KafkaNode kafka;
    private ElasticsearchNode elasticsearch;
    // The first instance: its metrics and heap are the ones reported.
    private AggregatorProcess aggregator;
    private final List<AggregatorProcess> aggregators = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    private Benchmark(Path root, boolean quick, boolean pin, int soakMinutes, double soakRate, int instances) {
        this.root = root;
        this.soakRate = soakRate;
        this.instances = instances;
        this.quick = quick;
        this.pin = pin;
        this.soakMinutes = soakMinutes;
        this.dataDir = root.resolve(
                ".lawstats/bench/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        this.javaHome = Path.of(System.getProperty("java.home"));
    }

    /**
     * Runs the benchmark and stops its stack; the exit status for the launcher. With {@code soakMinutes} > 0 it runs
     * the soak instead: a steady load of {@code soakRate} records/s for that long, each instance's live heap every five
     * minutes, then {@code reset-aggregation} and the replay of everything the soak wrote.
     */
    public static int run(Path root, boolean quick, boolean pin, int soakMinutes, double soakRate, int instances) {
        Benchmark bench = new Benchmark(root, quick, pin, soakMinutes, soakRate, instances);
        try {
            return bench.run();
        } finally {
            bench.stop();
        }
    }

    private int run() {
        List<Integer> ports = new ArrayList<>(List.of(KAFKA_PORT, KAFKA_CONTROLLER_PORT, ES_PORT, ES_TRANSPORT_PORT));
        for (int i = 0; i < instances; i++) {
            ports.add(API_PORT + i);
        }
        for (int port : ports) {
            if (Host.portInUse(port)) {
                System.err.println("bench: port " + port + " is in use: is another benchmark running?");
                return 1;
            }
        }
        long first = quick ? 200_000 : 1_000_000;
        long second = quick ? 0 : 9_000_000;
        results.put(
                "machine",
                Map.of(
                        "cores",
                        Runtime.getRuntime().availableProcessors(),
                        "java",
                        Runtime.version().toString()));
        results.put(
                "mode",
                (soakMinutes > 0 ? "soak, " + soakMinutes + " minutes" : quick ? "quick" : "full")
                        + (pin ? ", pinned (Elasticsearch on core 0, the rest on core 1)" : ""));
        results.put("settings", settings);
        results.put("instances", instances);
        try {
            Files.createDirectories(dataDir);
            Path units = Files.writeString(dataDir.resolve("units.yml"), ProvinceStream.registry());
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
            Thread sampler = Thread.ofPlatform().daemon().name("bench-sampler").start(this::sample);
            createTopics();
            if (soakMinutes > 0) {
                startAggregator(units);
                ProvinceStream stream = new ProvinceStream(43, "s:", YEARS);
                Map<String, Object> soak = soak(stream, soakMinutes, soakRate);
                results.put("soak", soak);
                results.put("replay", replay(units, stream, (Long) soak.get("records")));
                return finish(sampler);
            }

            ProvinceStream stream = new ProvinceStream(42, "b:", YEARS);
            Path records = dataDir.resolve("records.tsv");
            say("generating " + first + " records");
            stream.writeTo(records, first);
            double produced = produce(records);
            results.put("produce_records_per_s", round(produced));

            double consume = rawConsume(first);
            results.put("limit_kafka_consume_records_per_s", round(consume));
            Map<String, Long> beforeRaw = elasticsearchWork();
            Map<String, Object> bulk = rawBulk(records);
            results.put("limit_es_bulk", bulk);
            results.put("es_work_raw_bulk", workBetween(beforeRaw, elasticsearchWork()));

            startAggregator(units);
            Map<String, Long> beforePipeline = elasticsearchWork();
            double pipeline = pipeline(first, stream);
            results.put("pipeline_records_per_s", round(pipeline));
            results.put("es_work_pipeline", workBetween(beforePipeline, elasticsearchWork()));
            results.put("pipeline_profile", pipelineProfile());
            results.put("pipeline_cpu_ms_per_1000_records", pipelineCpu);
            double limit = (Double) bulk.get("best_docs_per_s");
            results.put("pipeline_to_es_bulk_ratio", round(pipeline / limit, 3));
            Map<String, Object> floor = engineFloor(
                    GroupProgress.produced(kafka.bootstrapServers()), List.of(EngineFloor.Variant.values()));
            results.put("engine_floor", floor);
            results.put("pipeline_to_E1_ratio", round(pipeline / e1RecordsPerSecond(floor), 3));

            results.put("freshness_at_half_load", freshness(stream, pipeline / 2, quick ? 45 : 300));
            queriesAt(first, quick ? 100 : 300);
            if (instances > 1) {
                results.put("cold_restart", coldRestart(units));
                results.put("queries_after_cold_restart", queries(quick ? 100 : 300));
            }
            if (second > 0) {
                // The aggregator consumes while these are produced: the rate is from the first record produced to
                // the last committed.
                stream.writeTo(records, second);
                long start = System.nanoTime();
                produce(records);
                GroupProgress.awaitAllCommitted(kafka.bootstrapServers(), Duration.ofHours(2));
                results.put("ingest_records_per_s_to_" + (first + second), round(second / seconds(start)));
                queriesAt(first + second, 300);
            }
            return finish(sampler);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    private int finish(Thread sampler) throws IOException {
        sampler.interrupt();
        results.put("peak_rss_mib", peakRss);
        results.put("aggregator_peak_heap_used_mib", peakHeap.get() / (1024 * 1024));
        Path json = dataDir.resolve("results.json");
        Files.writeString(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        printTable();
        say("results: " + json);
        return 0;
    }

    // ---- setup ---------------------------------------------------------------------------------------------

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> topics = Topics.EVENT_TOPICS.stream()
                    .map(t -> new NewTopic(t, 3, (short) 1).configs(Map.of("retention.ms", "-1")))
                    .toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private void startAggregator(Path units) throws Exception {
        say("starting " + (instances == 1 ? "the aggregator" : instances + " aggregators in one group"));
        aggregators.addAll(startAll(units));
        aggregator = aggregators.getFirst();
    }

    /** Starts every instance at once and returns them once each answers (its view caught up: health 200). */
    private List<AggregatorProcess> startAll(Path units) throws Exception {
        List<Future<AggregatorProcess>> started = new ArrayList<>();
        try (var starting = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < instances; i++) {
                int instance = i;
                started.add(starting.submit(() -> startInstance(units, instance)));
            }
        }
        List<AggregatorProcess> all = new ArrayList<>();
        for (var each : started) {
            all.add(each.get());
        }
        return all;
    }

    private AggregatorProcess startInstance(Path units, int instance) {
        Map<String, String> env = new HashMap<>(settings);
        // Each instance its own state directory, kept across its restarts (ADR 15).
        env.put(
                "LAWSTATS_STREAMS_STATE_DIR",
                dataDir.resolve("streams-" + instance).toString());
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
        if (pin) {
            pin(started.process().pid(), "1");
        }
        return started;
    }

    /** Stops every instance (no longer watched: its end is not a failure of the benchmark). */
    private void stopAll() {
        for (AggregatorProcess each : aggregators) {
            watched.remove(each.process());
            each.close();
        }
        aggregators.clear();
    }

    /**
     * Cold = restarted: every instance stopped, then all started at once; the time each takes until it answers
     * (restoring its state and reading the figures whole), and the slowest.
     */
    private Map<String, Object> coldRestart(Path units) throws Exception {
        say("cold restart: stopping all " + instances + " instances");
        stopAll();
        long start = System.nanoTime();
        aggregators.addAll(startAll(units));
        aggregator = aggregators.getFirst();
        double allReady = seconds(start);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("all_ready_s", round(allReady, 1));
        result.put("target_s", 30);
        say("cold restart: " + result);
        return result;
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

    /** Settings to try (e.g. SPRING_KAFKA_LISTENER_CONCURRENCY=3): passed through to the aggregator, and reported. */
    private static Map<String, String> settingsToTry() {
        Map<String, String> settings = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("SPRING_") || name.startsWith("LAWSTATS_")) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    // ---- baselines -----------------------------------------------------------------------------------------

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private double produce(Path records) throws IOException {
        long start = System.nanoTime();
        long count = 0;
        try (KafkaProducer<String, byte[]> producer = producer();
                BufferedReader in = Files.newBufferedReader(records, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                ProvinceStream.Line line = ProvinceStream.Line.parse(text);
                producer.send(new ProducerRecord<>(
                        line.topic(), line.key(), line.wire().getBytes(StandardCharsets.UTF_8)));
                count++;
            }
            producer.flush();
        }
        double rate = count / seconds(start);
        say(String.format(Locale.ROOT, "produced %,d records at %,.0f/s", count, rate));
        return rate;
    }

    /** Every record of the event topics read by a bare consumer (no group, no processing): Kafka's side of the limit. */
    private double rawConsume(long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.EVENT_TOPICS) {
                consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            long count = 0;
            while (count < expected) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofSeconds(1));
                count += batch.count();
            }
            double rate = count / seconds(start);
            say(String.format(Locale.ROOT, "raw Kafka consume: %,.0f records/s", rate));
            return rate;
        }
    }

    /**
     * The same documents bulk-indexed straight into an index with the events template's settings and mapping, with
     * the pipeline's external versioning: a few bulk sizes and concurrencies on a sample, then the best on all.
     */
    private Map<String, Object> rawBulk(Path records) throws Exception {
        JsonNode template = JSON.readTree(
                root.resolve("config/elasticsearch/events-template.json").toFile());
        String body = JSON.writeValueAsString(Map.of(
                "settings", template.path("template").path("settings"),
                "mappings", template.path("template").path("mappings")));
        // The baseline's documents are the stream's first ones, at most 300,000 (held in memory to time only the
        // bulk requests); a rate over 300,000 documents is the rate.
        List<String> lines;
        try (var in = Files.lines(records, StandardCharsets.UTF_8)) {
            lines = in.limit(300_000)
                    .map(text -> {
                        ProvinceStream.Line line = ProvinceStream.Line.parse(text);
                        JsonNode wire = JSON.readTree(line.wire());
                        long revision = wire.path("revision").asLong(1);
                        return "{\"index\":{\"_id\":"
                                + JSON.writeValueAsString(wire.path("eventId").asString())
                                + ",\"version\":" + revision + ",\"version_type\":\"external\"}}\n"
                                + line.document() + "\n";
                    })
                    .toList();
        }
        Map<String, Object> tries = new LinkedHashMap<>();
        int sample = (int) Math.min(lines.size(), quick ? 50_000 : 200_000);
        double best = 0;
        int bestSize = 0;
        int bestThreads = 0;
        int attempt = 0;
        for (int size : new int[] {500, 2000, 5000}) {
            for (int threads : new int[] {1, 2, 4}) {
                String index = "bench-raw-" + attempt++;
                put("/" + index, body);
                double rate = bulk(index, lines.subList(0, sample), size, threads);
                tries.put(size + "x" + threads, round(rate));
                delete("/" + index);
                if (rate > best) {
                    best = rate;
                    bestSize = size;
                    bestThreads = threads;
                }
            }
        }
        put("/bench-raw-all", body);
        double all = bulk("bench-raw-all", lines, bestSize, bestThreads);
        delete("/bench-raw-all");
        say(String.format(
                Locale.ROOT,
                "raw ES bulk: %,.0f docs/s (bulk %d, %d concurrent; tries %s)",
                all,
                bestSize,
                bestThreads,
                tries));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tries_docs_per_s_on_" + sample, tries);
        result.put("best_bulk_size", bestSize);
        result.put("best_concurrency", bestThreads);
        result.put("best_docs_per_s", round(all));
        result.put("documents", lines.size());
        return result;
    }

    private double bulk(String index, List<String> lines, int size, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int from = 0; from < lines.size(); from += size) {
            List<String> chunk = lines.subList(from, Math.min(lines.size(), from + size));
            futures.add(pool.submit(() -> {
                StringBuilder payload = new StringBuilder(chunk.size() * 600);
                chunk.forEach(payload::append);
                HttpResponse<String> response =
                        send("POST", "/" + index + "/_bulk", payload.toString(), "application/x-ndjson");
                JsonNode items = JSON.readTree(response.body()).path("items");
                for (JsonNode item : items) {
                    int status = item.path("index").path("status").asInt();
                    // 409: an equal or lower revision, as in the pipeline; anything else is a failed benchmark.
                    if (status >= 300 && status != 409) {
                        throw new IllegalStateException("bulk item failed: " + item);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        send("POST", "/" + index + "/_refresh", "", "application/json");
        return lines.size() / seconds(start);
    }

    // ---- the pipeline --------------------------------------------------------------------------------------

    /**
     * From the aggregation's first commit to every record counted and its document stored (the search feed drained),
     * and the figure exact.
     */
    private double pipeline(long count, ProvinceStream stream) throws Exception {
        long base = committed();
        long total = GroupProgress.produced(kafka.bootstrapServers());
        long startCommitted;
        long start;
        while ((startCommitted = committed()) == base) {
            ManagedProcess.pause();
        }
        start = System.nanoTime();
        Map<String, Double> cpuBefore = cpuSeconds();
        Map<String, Double> producedBefore = producedByAggregation();
        while (committed() < total
                || GroupProgress.pending(GroupProgress.client(kafka.bootstrapServers()), GroupProgress.Names.PRODUCTION)
                        > 0) {
            ManagedProcess.pause();
        }
        double elapsed = seconds(start);
        double rate = (total - startCommitted) / elapsed;
        long handled = total - startCommitted;
        pipelineCpu.putAll(cpuPerThousand(cpuBefore, handled));
        say("pipeline: CPU ms per 1,000 records, per process: " + pipelineCpu);
        Map<String, Object> perTopic = new TreeMap<>();
        double perEvent = 0;
        for (var topic : producedByAggregation().entrySet()) {
            double records = (topic.getValue() - producedBefore.getOrDefault(topic.getKey(), 0.0)) / handled;
            perTopic.put(topic.getKey(), round(records, 2));
            perEvent += records;
        }
        results.put("pipeline_records_produced_per_event", round(perEvent, 2));
        results.put("pipeline_records_produced_per_event_by_topic", perTopic);
        say(String.format(Locale.ROOT, "pipeline: %.2f records produced per event: %s", perEvent, perTopic));
        // The figure, once visible: documents published in 2024 for the whole province, against the model.
        long expected = awaitTheModelsFigure(stream);
        say(String.format(
                Locale.ROOT,
                "pipeline: %,d records in %.1f s = %,.0f records/s; document.published 2024 = %,d as the model",
                total - startCommitted,
                elapsed,
                rate,
                expected));
        return rate;
    }

    /**
     * The engine's floor ({@link EngineFloor}) on the events just aggregated, on the same broker: each variant in a JVM
     * of its own (pinned as the aggregator is), timed from the moment it runs until its group has read every event;
     * its CPU, the broker's and Elasticsearch's per 1,000 events.
     */
    private Map<String, Object> engineFloor(long events, List<EngineFloor.Variant> variants) throws Exception {
        Map<String, Object> floor = new LinkedHashMap<>();
        String classpath = root.resolve("services/devstack/target/lawstats-devstack.jar") + ":"
                + root.resolve("services/devstack/target/lib") + "/*";
        for (EngineFloor.Variant variant : variants) {
            String applicationId =
                    "bench-floor-" + variant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            ManagedProcess app = ManagedProcess.start(
                    "engine-floor",
                    EngineFloor.command(
                            javaHome,
                            classpath,
                            kafka.bootstrapServers(),
                            variant,
                            applicationId,
                            dataDir.resolve("floor").resolve(applicationId)),
                    dataDir,
                    Map.of(),
                    dataDir.resolve(applicationId + ".log"),
                    Optional.empty());
            try {
                if (pin) {
                    pin(app.pid(), "1");
                }
                app.awaitReady(Duration.ofMinutes(2), () -> app.tail(200).contains(EngineFloor.RUNNING));
                Map<String, Double> before = cpuSeconds();
                double appBefore = cpuSeconds(app.pid());
                long start = System.nanoTime();
                Map<String, Object> client = GroupProgress.client(kafka.bootstrapServers());
                while (GroupProgress.aggregationLag(client, applicationId) > 0) {
                    app.requireAlive();
                    ManagedProcess.pause();
                }
                double elapsed = seconds(start);
                Map<String, Double> after = cpuSeconds();
                Map<String, Object> cpu = new LinkedHashMap<>();
                cpu.put("engine", round(1_000_000 * (cpuSeconds(app.pid()) - appBefore) / events, 1));
                for (String server : List.of("kafka", "elasticsearch")) {
                    cpu.put(server, round(1_000_000 * (after.get(server) - before.get(server)) / events, 1));
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("records_per_s", round(events / elapsed));
                result.put("cpu_ms_per_1000_records", cpu);
                floor.put(variant.label, result);
                say("engine floor " + variant.label + ": " + result);
            } finally {
                app.stop(Duration.ofSeconds(20));
            }
        }
        return floor;
    }

    private static double e1RecordsPerSecond(Map<String, Object> floor) {
        return (Double) ((Map<?, ?>) floor.get(EngineFloor.Variant.E1.label)).get("records_per_s");
    }

    /** Each process's CPU since {@code before}, in ms per 1,000 records (µs per record). */
    private Map<String, Double> cpuPerThousand(Map<String, Double> before, long records) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuSeconds()
                .forEach((name, seconds) ->
                        cpu.put(name, round(1_000_000 * (seconds - before.getOrDefault(name, 0.0)) / records, 1)));
        return cpu;
    }

    /**
     * Waits (30 s at most) until the province's documents published in 2024, once visible, equal the stream's
     * model; returns that figure.
     */
    private long awaitTheModelsFigure(ProvinceStream stream) {
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

    /** What an ingest batch held and where its time went on average, between two profiles. */
    private static Map<String, Object> perBatch(Map<String, Object> before, Map<String, Object> after) {
        Function<String, Double> delta = key -> ((Number) after.getOrDefault(key, 0.0)).doubleValue()
                - ((Number) before.getOrDefault(key, 0.0)).doubleValue();
        double batches = delta.apply("batches");
        Map<String, Object> average = new LinkedHashMap<>();
        average.put("batches", round(batches));
        if (batches > 0) {
            average.put("records", round(delta.apply("indexing_batch_sum") / batches));
            after.keySet().stream()
                    .filter(key -> key.startsWith("phase_seconds."))
                    .forEach(key -> average.put(
                            key.substring("phase_seconds.".length()) + "_ms",
                            round(1000 * delta.apply(key) / batches)));
        }
        return average;
    }

    /** The aggregator's own account of where a batch's time went, from its metrics. */
    private Map<String, Object> pipelineProfile() {
        String text = send("GET", "/actuator/prometheus", null, null).body();
        Map<String, Object> profile = new LinkedHashMap<>();
        Matcher m = Pattern.compile(
                        "(?m)^(lawstats_ingest_phase_seconds_sum\\{phase=\"([a-z-]+)\"\\}|lawstats_ingest_phase_seconds_count\\{phase=\"decode\"\\}|lawstats_indexing_(?:latency|server)_seconds_(?:sum|count)|lawstats_indexing_batch_(?:sum|count|max))\\s+(\\S+)$")
                .matcher(text);
        while (m.find()) {
            String name = m.group(2) != null
                    ? "phase_seconds." + m.group(2)
                    : m.group(1).startsWith("lawstats_ingest_phase_seconds_count")
                            ? "batches"
                            : m.group(1).substring("lawstats_".length());
            profile.put(name, round(Double.parseDouble(m.group(3)), 3));
        }
        say("pipeline profile: " + profile);
        return profile;
    }

    /**
     * The records the aggregations' producers have sent to each topic (repartitions, changelogs, outputs, dead
     * letters), from the Kafka client metrics each instance publishes.
     */
    private Map<String, Double> producedByAggregation() {
        Pattern sent = Pattern.compile(
                "(?m)^kafka_producer_topic_record_send_total\\{[^}]*topic=\"([^\"]+)\"[^}]*\\}\\s+(\\S+)$");
        Map<String, Double> byTopic = new TreeMap<>();
        for (AggregatorProcess each : aggregators) {
            Matcher m = sent.matcher(get(each.uri() + "/actuator/prometheus").body());
            while (m.find()) {
                byTopic.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return byTopic;
    }

    private HttpResponse<String> get(String uri) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(uri))
                            .header("Authorization", ADMIN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long committed() throws Exception {
        return GroupProgress.committed(kafka.bootstrapServers());
    }

    /**
     * Load at {@code rate} records/s from the generator, and a probe: one lecture for the probe unit at a time, from
     * the producer's acknowledgement to the figure on /api/v1/stats.
     */
    /** Produces the stream at a steady rate until {@code running} is cleared, counting what it sent. */
    private Thread steadyLoad(ProvinceStream stream, double rate, AtomicBoolean running, AtomicLong sent) {
        return Thread.ofPlatform().name("bench-load").start(() -> {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                long start = System.nanoTime();
                while (running.get()) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                    while (sent.get() < due) {
                        ProvinceStream.Line line = stream.next();
                        producer.send(new ProducerRecord<>(
                                line.topic(), line.key(), line.wire().getBytes(StandardCharsets.UTF_8)));
                        sent.incrementAndGet();
                    }
                    Thread.sleep(2); // pacing of a load generator, not a wait for an outcome
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private Map<String, Object> freshness(ProvinceStream stream, double rate, int seconds) throws Exception {
        say(String.format(Locale.ROOT, "freshness: %,.0f records/s of load for %d s", rate, seconds));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = steadyLoad(stream, rate, running, new AtomicLong());
        List<Double> samples = new ArrayList<>();
        EventCodec codec = EventCodec.strict();
        String year = Integer.toString(OffsetDateTime.now(ZONE).getYear());
        Map<String, Object> profileBefore = pipelineProfile();
        try (KafkaProducer<String, byte[]> probe = producer()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long before = figure(year, ProvinceStream.PROBE, "study.lecture");
            for (int i = 1; System.nanoTime() < end; i++) {
                EventEnvelope event = EventEnvelope.of(
                        "probe:" + System.nanoTime(),
                        EventType.STUDY_HELD,
                        ProvinceStream.PROBE,
                        OffsetDateTime.now(ZONE),
                        new Payload.StudyHeld(Payload.StudyHeld.Kind.LECTURE, "探针", null));
                probe.send(new ProducerRecord<>(event.type().topic(), event.eventId(), codec.encode(event)))
                        .get();
                long acked = System.nanoTime();
                while (figure(year, ProvinceStream.PROBE, "study.lecture") < before + i) {
                    // every 25 ms: each poll is a real computation, and polling harder would load the server it
                    // measures
                    LockSupport.parkNanos(25_000_000);
                }
                samples.add((System.nanoTime() - acked) / 1e6);
            }
        } finally {
            running.set(false);
            load.join();
        }
        samples.sort(Double::compare);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("load_records_per_s", round(rate));
        result.put("probes", samples.size());
        result.put("p50_ms", round(percentile(samples, 50)));
        result.put("p99_ms", round(percentile(samples, 99)));
        result.put("max_ms", round(samples.get(samples.size() - 1)));
        result.put("per_batch", perBatch(profileBefore, pipelineProfile()));
        say("freshness: " + result);
        return result;
    }

    // ---- soak ----------------------------------------------------------------------------------------------

    /**
     * A steady load for {@code minutes} while dashboards and searches keep asking; every five minutes the
     * aggregator's heap right after a full GC (its live data). At the end every record must be consumed and a
     * province figure must equal the stream's model.
     */
    private Map<String, Object> soak(ProvinceStream stream, int minutes, double rate) throws Exception {
        say(String.format(Locale.ROOT, "soak: %,.0f records/s for %d minutes", rate, minutes));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread load = steadyLoad(stream, rate, running, sent);
        List<Map<String, Object>> marks = new ArrayList<>();
        Random random = new Random(7);
        long failed = 0;
        long asked = 0;
        List<Double> window = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int minute = 1; minute <= minutes; minute++) {
                long due = start + TimeUnit.MINUTES.toNanos(minute);
                while (System.nanoTime() < due) {
                    for (String path : List.of(
                            "/api/v1/stats?period=" + YEARS[random.nextInt(YEARS.length)] + "&unit="
                                    + ProvinceStream.district(random.nextInt(ProvinceStream.DISTRICTS)),
                            "/api/v1/stats/breakdown?period=" + YEARS[random.nextInt(YEARS.length)] + "-Q"
                                    + (1 + random.nextInt(4)) + "&unit=" + ProvinceStream.ROOT,
                            "/api/v1/cases?q=" + URLEncoder.encode("行政处罚", StandardCharsets.UTF_8))) {
                        asked++;
                        long began = System.nanoTime();
                        try {
                            if (send("GET", path, null, null).statusCode() != 200) {
                                failed++;
                            }
                        } catch (UncheckedIOException e) {
                            failed++; // no answer within the client's 2 minutes: counted, and the soak goes on
                        }
                        window.add((System.nanoTime() - began) / 1e6);
                    }
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // a user's pace
                }
                if (minute % 5 == 0 || minute == 1 || minute == minutes) {
                    Map<String, Object> mark = new LinkedHashMap<>();
                    mark.put("minute", minute);
                    mark.put("records_sent", sent.get());
                    mark.put("lag", GroupProgress.produced(kafka.bootstrapServers()) - committed());
                    mark.put("live_heap_after_full_gc_mib", liveHeapMib());
                    mark.put(
                            "pending",
                            GroupProgress.pending(
                                    GroupProgress.client(kafka.bootstrapServers()), GroupProgress.Names.PRODUCTION));
                    window.sort(Double::compare);
                    if (!window.isEmpty()) {
                        mark.put("query_p50_ms", round(percentile(window, 50)));
                        mark.put("query_max_ms", round(window.get(window.size() - 1)));
                    }
                    window.clear();
                    marks.add(mark);
                    say("soak: " + mark);
                }
            }
        } finally {
            running.set(false);
            load.join();
        }
        GroupProgress.awaitAllCommitted(kafka.bootstrapServers(), Duration.ofMinutes(30));
        long expected = awaitTheModelsFigure(stream);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate_records_per_s", round(rate));
        result.put("minutes", minutes);
        result.put("records", sent.get());
        result.put("queries", asked);
        result.put("queries_failed", failed);
        result.put("document_published_2024_as_the_model", expected);
        result.put("live_heap_marks", marks);
        List<Long> settled = marks.stream()
                .filter(m -> (Integer) m.get("minute") <= 10)
                .map(Benchmark::liveHeaps)
                .reduce((earlier, later) -> later)
                .orElseThrow();
        List<Long> last = liveHeaps(marks.getLast());
        List<Long> growth = new ArrayList<>();
        for (int i = 0; i < last.size(); i++) {
            growth.add(last.get(i) - settled.get(i));
        }
        result.put("live_heap_growth_from_minute_10_mib", growth);
        say("soak: " + result);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> liveHeaps(Map<String, Object> mark) {
        return (List<Long>) mark.get("live_heap_after_full_gc_mib");
    }

    /** Each instance's heap in use right after a full collection: what it really keeps, in instance order. */
    private List<Long> liveHeapMib() throws IOException, InterruptedException {
        List<Long> heaps = new ArrayList<>();
        for (AggregatorProcess each : aggregators) {
            Process gc = new ProcessBuilder(
                            javaHome.resolve("bin/jcmd").toString(),
                            Long.toString(each.process().pid()),
                            "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            gc.waitFor(60, TimeUnit.SECONDS);
            // Asked of the instance just collected: the client's round robin would ask another one.
            HttpResponse<String> heap = get(each.uri() + "/actuator/metrics/jvm.memory.used?tag=area:heap");
            heaps.add(JSON.readTree(heap.body())
                            .path("measurements")
                            .path(0)
                            .path("value")
                            .asLong()
                    / (1024 * 1024));
        }
        return heaps;
    }

    /**
     * {@code reset-aggregation} timed on everything the soak wrote, as an operator runs it after an upgrade: every
     * instance stopped, the aggregation reset (refused while a stopped instance is still a member of its group, so
     * tried again until its session has timed out), the instances started again and timed until every record is
     * counted and stored and the figure equals the model; then E1, the engine's floor, on the same events.
     */
    private Map<String, Object> replay(Path units, ProvinceStream stream, long records) throws Exception {
        say("replay: stopping all " + instances + " instances");
        stopAll();
        List<Path> stateDirectories = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            stateDirectories.add(dataDir.resolve("streams-" + i));
        }
        long start = System.nanoTime();
        AggregationReset reset = new AggregationReset(
                GroupProgress.client(kafka.bootstrapServers()), AggregationReset.Names.PRODUCTION, System.out);
        while (true) {
            try {
                reset.reset(stateDirectories);
                break;
            } catch (AggregationReset.StillRunningException e) {
                if (seconds(start) > 120) {
                    throw e;
                }
                ManagedProcess.pause();
            }
        }
        double resetSeconds = seconds(start);
        say(String.format(Locale.ROOT, "replay: reset in %.1f s; starting %d instances", resetSeconds, instances));
        Map<String, Double> cpuBefore = cpuSeconds();
        long replayStart = System.nanoTime();
        aggregators.addAll(startAll(units));
        aggregator = aggregators.getFirst();
        GroupProgress.awaitAllCommitted(kafka.bootstrapServers(), Duration.ofHours(3));
        long expected = awaitTheModelsFigure(stream);
        double replaySeconds = seconds(replayStart);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("records", records);
        result.put("reset_s", round(resetSeconds, 1));
        result.put("replay_s", round(replaySeconds, 1));
        result.put("replay_records_per_s", round(records / replaySeconds));
        result.put("cpu_ms_per_1000_records", cpuPerThousand(cpuBefore, records));
        result.put("document_published_2024_as_the_model", expected);
        say("replay: " + result);
        Map<String, Object> floor = engineFloor(records, List.of(EngineFloor.Variant.E1));
        result.put("engine_floor", floor);
        double e1 = e1RecordsPerSecond(floor);
        result.put("E1_s", round(records / e1, 1));
        result.put("replay_to_E1_ratio", round((records / replaySeconds) / e1, 3));
        say("replay: " + result);
        return result;
    }

    // ---- queries -------------------------------------------------------------------------------------------

    /**
     * The query latencies once the last event was committed: the figures come from the view every instance holds of
     * the aggregation's published figures (ADR 15), ready from the start.
     */
    private void queriesAt(long events, int n) {
        results.put("queries_at_" + events, queries(n));
    }

    private Map<String, Object> queries(int n) {
        Random random = new Random(7);
        Map<String, Object> result = new LinkedHashMap<>();
        String[] periods = {"2023", "2024", "2025"};
        result.put(
                "stats_district_year",
                latency(
                        n,
                        () -> "/api/v1/stats?period=" + periods[random.nextInt(3)] + "&unit="
                                + ProvinceStream.district(random.nextInt(ProvinceStream.DISTRICTS))));
        result.put("stats_district_year_repeated", latency(n, () -> "/api/v1/stats?period=2024&unit=d07"));
        result.put(
                "breakdown_province_quarter",
                latency(
                        Math.max(20, n / 5),
                        () -> "/api/v1/stats/breakdown?period=" + periods[random.nextInt(3)] + "-Q"
                                + (1 + random.nextInt(4)) + "&unit=" + ProvinceStream.ROOT));
        String[] terms = {"拆迁补偿", "行政处罚", "信息公开", "工伤认定", "法定职责", "行政许可 撤销", "张某某", "行初"};
        result.put(
                "cases_search",
                latency(
                        n,
                        () -> "/api/v1/cases?q="
                                + URLEncoder.encode(terms[random.nextInt(terms.length)], StandardCharsets.UTF_8)
                                + (random.nextBoolean() ? "&unit=" + ProvinceStream.district(random.nextInt(16)) : "")
                                + "&size=20"));
        say("queries: " + result);
        return result;
    }

    private Map<String, Object> latency(int n, Supplier<String> paths) {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = paths.get();
            long start = System.nanoTime();
            HttpResponse<String> response = send("GET", path, null, null);
            samples.add((System.nanoTime() - start) / 1e6);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        samples.sort(Double::compare);
        return Map.of(
                "n", n,
                "p50_ms", round(percentile(samples, 50)),
                "p99_ms", round(percentile(samples, 99)),
                "max_ms", round(samples.get(samples.size() - 1)));
    }

    private long figure(String period, String unit, String indicator) {
        HttpResponse<String> response = send("GET", "/api/v1/stats?period=" + period + "&unit=" + unit, null, null);
        return JSON.readTree(response.body()).path("values").path(indicator).asLong();
    }

    // ---- memory --------------------------------------------------------------------------------------------

    /** Peak RSS (VmHWM) of every process of the stack and the aggregator's heap, once a second. */
    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            List<ManagedProcess> processes = new ArrayList<>(watched);
            for (ManagedProcess process : processes) {
                peakRss.merge(process.name(), vmHwmMib(process.pid()), Math::max);
                // Elasticsearch's CLI starts the server as a child JVM: that is the one that holds the memory.
                ProcessHandle.of(process.pid()).stream()
                        .flatMap(ProcessHandle::descendants)
                        .forEach(child -> peakRss.merge(process.name() + "-child", vmHwmMib(child.pid()), Math::max));
            }
            peakRss.merge("bench", vmHwmMib(ProcessHandle.current().pid()), Math::max);
            if (aggregator != null) {
                try {
                    HttpResponse<String> heap =
                            send("GET", "/actuator/metrics/jvm.memory.used?tag=area:heap", null, null);
                    long used = JSON.readTree(heap.body())
                            .path("measurements")
                            .get(0)
                            .path("value")
                            .asLong();
                    peakHeap.accumulateAndGet(used, Math::max);
                } catch (RuntimeException e) {
                    // the aggregator is starting or stopping: no sample this second
                }
            }
            try {
                Thread.sleep(1000); // a sampling period, not a wait for an outcome
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * CPU time (user and system) each process of the stack has used so far, its children included (Elasticsearch's
     * server is a child of its CLI): on a shared box the throughput moves with the neighbours, CPU per record does
     * not.
     */
    private Map<String, Double> cpuSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (ManagedProcess process : new ArrayList<>(watched)) {
            double total = cpuSeconds(process.pid());
            total += ProcessHandle.of(process.pid()).stream()
                    .flatMap(ProcessHandle::descendants)
                    .mapToDouble(child -> cpuSeconds(child.pid()))
                    .sum();
            seconds.merge(process.name(), total, Double::sum);
        }
        return seconds;
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0; // the process is gone
        }
    }

    private static long vmHwmMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return 0;
    }

    /**
     * What Elasticsearch itself has done so far, from {@code _nodes/stats}: realtime gets, refreshes, documents indexed
     * and the time spent indexing them; and the CPU its process has used (merges, refreshes and requests included,
     * which the index time leaves out). The raw bulk and the pipeline should now do alike (ADR 15: no read, no forced
     * refresh on the write path).
     */
    private Map<String, Long> elasticsearchWork() {
        JsonNode nodes = JSON.readTree(send("GET", "/_nodes/stats/indices/get,refresh,indexing", null, null)
                        .body())
                .path("nodes");
        Map<String, Long> work = new LinkedHashMap<>();
        for (JsonNode node : nodes) {
            JsonNode indices = node.path("indices");
            work.merge("get_total", indices.path("get").path("total").asLong(), Long::sum);
            work.merge("refresh_total", indices.path("refresh").path("total").asLong(), Long::sum);
            work.merge(
                    "index_total", indices.path("indexing").path("index_total").asLong(), Long::sum);
            work.merge(
                    "index_time_ms",
                    indices.path("indexing").path("index_time_in_millis").asLong(),
                    Long::sum);
        }
        work.put("cpu_ms", Math.round(1000 * cpuSeconds().getOrDefault("elasticsearch", 0.0)));
        return work;
    }

    private static Map<String, Object> workBetween(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Object> delta = new LinkedHashMap<>();
        after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0L)));
        long indexed = (Long) delta.get("index_total");
        if (indexed > 0) {
            delta.put("index_time_us_per_doc", round(1000.0 * (Long) delta.get("index_time_ms") / indexed, 1));
            delta.put("cpu_us_per_doc", round(1000.0 * (Long) delta.get("cpu_ms") / indexed, 1));
        }
        return delta;
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private HttpResponse<String> send(String method, String path, String body, String contentType) {
        boolean toElasticsearch = !path.startsWith("/api") && !path.startsWith("/actuator");
        // Questions go round the instances (any instance answers any question, ADR 15); the pipeline's own metrics
        // and health are the first instance's.
        String base = toElasticsearch
                ? elasticsearch.uri()
                : path.startsWith("/api")
                        ? aggregators
                                .get(Math.floorMod(turn.getAndIncrement(), aggregators.size()))
                                .uri()
                        : aggregator.uri();
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
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void put(String path, String body) {
        HttpResponse<String> response = send("PUT", path, body, "application/json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT " + path + ": " + response.body());
        }
    }

    private void delete(String path) {
        send("DELETE", path, null, null);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double round(double value) {
        return round(value, 1);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static void say(String text) {
        System.out.println("bench " + Instant.now().toString().substring(11, 19) + "  " + text);
    }

    private void printTable() {
        System.out.println();
        System.out.println("| figure | value |");
        System.out.println("| --- | --- |");
        print("", results);
    }

    @SuppressWarnings("unchecked")
    private static void print(String prefix, Map<String, Object> map) {
        for (var e : map.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> nested) {
                print(prefix + e.getKey() + ".", (Map<String, Object>) nested);
            } else {
                System.out.println("| " + prefix + e.getKey() + " | " + e.getValue() + " |");
            }
        }
    }

    private void stop() {
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
