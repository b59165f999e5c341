package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lawstats.devstack.stack.Host;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./lawstats bench [--quick [--events N]]}: throughput, freshness, query latency and memory of the pipeline on
 * this machine, each next to its baseline measured in the same run (the raw Kafka consume rate and the raw
 * Elasticsearch bulk rate of the same records). Runs its own stack ({@link BenchStack}); each phase is a class of this
 * package that answers a record, and the run's records are written as {@code results.json} in its data directory.
 */
public final class Benchmark {
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(include -> include.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();
    private static final int[] YEARS = {2023, 2024, 2025};
    // Half of what three instances aggregate here (1,185-1,741 records/s, docs/benchmarks.md): the soak's condition.
    // An hour of it is 2.2 million records, the replay's scale.
    static final double SOAK_RATE = 600;

    private final BenchmarkOptions options;
    private final Path dataDir;
    private final Map<String, String> settings = settingsToTry();
    private final BenchStack stack;
    private final Meters meters;

    private Benchmark(Path root, BenchmarkOptions options) {
        this.options = options;
        this.dataDir = root.resolve(
                ".lawstats/bench/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        this.stack = new BenchStack(root, dataDir, options.pin(), options.instances(), settings);
        this.meters = new Meters(stack);
    }

    /** The run: what was asked and on what, then either the throughput's phases or the soak's. */
    record Run(
            Machine machine,
            String mode,
            Map<String, String> settings,
            int instances,
            Throughput throughput,
            SoakAndReplay soak,
            Meters.Memory memory) {}

    record Machine(int cores, String java) {}

    /**
     * The throughput's phases in their order, each next to its baseline.
     *
     * @param queries the questions' latencies, by when they were asked ({@code at_<events>},
     *     {@code after_cold_restart})
     * @param ingest with the full run, the second batch's rate: from the first record produced to the last committed
     */
    record Throughput(
            double produceRecordsPerS,
            double limitKafkaConsumeRecordsPerS,
            RawBulk.Result limitEsBulk,
            EsWork esWorkRawBulk,
            Pipeline.Result pipeline,
            double pipelineToEsBulkRatio,
            Map<String, Floor.Result> engineFloor,
            double pipelineToE1Ratio,
            Freshness.Result freshnessAtHalfLoad,
            Locks.Result yearLock,
            ColdRestart.Result coldRestart,
            Map<String, Queries.Result> queries,
            Ingest ingest) {}

    record Ingest(long records, long totalRecords, double recordsPerS) {}

    record SoakAndReplay(Soak.Result soak, Replay.Result replay) {}

    /**
     * Runs the benchmark and stops its stack; the exit status for the launcher. With {@code --soak} it runs the soak
     * instead: a steady load for that long, each instance's live heap every five minutes, then
     * {@code reset-aggregation} and the replay of everything the soak wrote.
     */
    public static int run(Path root, BenchmarkOptions options) {
        Benchmark bench = new Benchmark(root, options);
        try (BenchStack stack = bench.stack) {
            return bench.run();
        }
    }

    private int run() {
        for (int port : BenchStack.ports(options.instances())) {
            if (Host.portInUse(port)) {
                System.err.println("bench: port " + port + " is in use: is another benchmark running?");
                return 1;
            }
        }
        try {
            stack.start();
            Thread sampler = meters.startSampling();
            Throughput throughput = null;
            SoakAndReplay soak = null;
            if (options.soakMinutes() > 0) {
                soak = soakAndReplay();
            } else {
                throughput = throughput();
            }
            sampler.interrupt();
            Run run = new Run(
                    new Machine(
                            Runtime.getRuntime().availableProcessors(),
                            Runtime.version().toString()),
                    mode(),
                    settings,
                    options.instances(),
                    throughput,
                    soak,
                    meters.memory());
            write(run);
            return 0;
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    private String mode() {
        return (options.soakMinutes() > 0
                        ? "soak, " + options.soakMinutes() + " minutes"
                        : options.quick() ? quickMode() : "full")
                + (options.pin() ? ", pinned (Elasticsearch on core 0, the rest on core 1)" : "");
    }

    /** "quick", and its stream size when {@code --events} changed it: the results say what they were measured at. */
    private String quickMode() {
        return options.quickEvents() == BenchmarkOptions.QUICK_EVENTS
                ? "quick"
                : String.format(Locale.ROOT, "quick, %,d events", options.quickEvents());
    }

    private Throughput throughput() throws Exception {
        boolean quick = options.quick();
        long first = quick ? options.quickEvents() : 1_000_000;
        long second = quick ? 0 : 9_000_000;
        ProvinceStream stream = new ProvinceStream(42, "b:", YEARS);
        Path records = dataDir.resolve("records.tsv");
        say("generating " + first + " records");
        stream.writeTo(records, first);
        double produced = Load.produce(stack, records);

        double consume = RawConsume.run(stack, first);
        Map<String, Long> beforeRaw = meters.elasticsearchWork();
        RawBulk.Result bulk = RawBulk.run(stack, records, quick);
        EsWork rawWork = EsWork.between(beforeRaw, meters.elasticsearchWork());

        stack.startAggregators();
        Pipeline.Result pipeline = Pipeline.run(stack, meters, stream);
        Map<String, Floor.Result> floor =
                Floor.run(stack, meters, stack.produced(), List.of(EngineFloor.Variant.values()));

        Freshness.Result freshness = Freshness.run(stack, meters, stream, pipeline.recordsPerS() / 2, quick ? 45 : 300);
        Map<String, Queries.Result> queries = new LinkedHashMap<>();
        queries.put("at_" + first, Queries.run(stack, quick ? 100 : 300));
        Locks.Result lock = Locks.run(stack, quick ? 50 : 100);
        ColdRestart.Result cold = null;
        if (options.instances() > 1) {
            cold = ColdRestart.run(stack);
            queries.put("after_cold_restart", Queries.run(stack, quick ? 100 : 300));
        }
        Ingest ingest = null;
        if (second > 0) {
            // The aggregator consumes while these are produced: the rate is from the first record produced to the
            // last committed.
            stream.writeTo(records, second);
            long start = System.nanoTime();
            Load.produce(stack, records);
            stack.awaitAllCommitted(Duration.ofHours(2));
            ingest = new Ingest(second, first + second, round(second / seconds(start)));
            queries.put("at_" + (first + second), Queries.run(stack, 300));
        }
        return new Throughput(
                round(produced),
                round(consume),
                bulk,
                rawWork,
                pipeline,
                round(pipeline.recordsPerS() / bulk.bestDocsPerS(), 3),
                floor,
                round(pipeline.recordsPerS() / Floor.e1(floor), 3),
                freshness,
                lock,
                cold,
                queries,
                ingest);
    }

    private SoakAndReplay soakAndReplay() throws Exception {
        stack.startAggregators();
        ProvinceStream stream = new ProvinceStream(43, "s:", YEARS);
        Soak.Result soak = Soak.run(stack, meters, stream, options.soakMinutes(), options.soakRate(), YEARS);
        return new SoakAndReplay(soak, Replay.run(stack, meters, stream, soak.records()));
    }

    private void write(Run run) throws IOException {
        Path json = Files.writeString(dataDir.resolve("results.json"), json(run));
        JsonNode tree = JSON.readTree(json.toFile());
        System.out.println();
        System.out.println("| figure | value |");
        System.out.println("| --- | --- |");
        print("", tree);
        say("results: " + json);
    }

    /** The run as {@code results.json} has it: names in snake case, nothing for what was not measured. */
    static String json(Run run) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(run);
    }

    /** The results as one table row per figure, named by its path. */
    private static void print(String prefix, JsonNode node) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                print(prefix + field.getKey() + ".", field.getValue());
            }
        } else {
            System.out.println("| " + prefix.substring(0, prefix.length() - 1) + " | " + node + " |");
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
}
