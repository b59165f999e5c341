package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.ManagedProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the stack's processes use and report: CPU and peak memory from {@code /proc}, Elasticsearch's own work, the
 * aggregator's metrics and heaps.
 */
final class Meters {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PROFILE = Pattern.compile(
            "(?m)^(lawstats_ingest_phase_seconds_sum\\{phase=\"([a-z-]+)\"\\}|lawstats_ingest_phase_seconds_count\\{phase=\"decode\"\\}|lawstats_indexing_(?:latency|server)_seconds_(?:sum|count)|lawstats_indexing_batch_(?:sum|count|max))\\s+(\\S+)$");
    private static final Pattern SENT =
            Pattern.compile("(?m)^kafka_producer_topic_record_send_total\\{[^}]*topic=\"([^\"]+)\"[^}]*\\}\\s+(\\S+)$");

    private final BenchStack stack;
    private final Map<String, Long> peakRss = new ConcurrentHashMap<>();
    private final AtomicLong peakHeap = new AtomicLong();

    Meters(BenchStack stack) {
        this.stack = stack;
    }

    /** The peaks {@link #sample()} saw. */
    record Memory(Map<String, Long> peakRssMib, long aggregatorPeakHeapUsedMib) {}

    /** Peak RSS (VmHWM) of every process of the stack and the first aggregator's heap, once a second. */
    Thread startSampling() {
        return Thread.ofPlatform().daemon().name("bench-sampler").start(this::sample);
    }

    Memory memory() {
        return new Memory(new TreeMap<>(peakRss), peakHeap.get() / (1024 * 1024));
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            for (ManagedProcess process : stack.watched()) {
                peakRss.merge(process.name(), vmHwmMib(process.pid()), Math::max);
                // Elasticsearch's CLI starts the server as a child JVM: that is the one that holds the memory.
                ProcessHandle.of(process.pid()).stream()
                        .flatMap(ProcessHandle::descendants)
                        .forEach(child -> peakRss.merge(process.name() + "-child", vmHwmMib(child.pid()), Math::max));
            }
            peakRss.merge("bench", vmHwmMib(ProcessHandle.current().pid()), Math::max);
            if (stack.first().isPresent()) {
                try {
                    HttpResponse<String> heap =
                            stack.send("GET", "/actuator/metrics/jvm.memory.used?tag=area:heap", null, null);
                    peakHeap.accumulateAndGet(heapUsed(heap), Math::max);
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

    private static long heapUsed(HttpResponse<String> metric) {
        return JSON.readTree(metric.body())
                .path("measurements")
                .path(0)
                .path("value")
                .asLong();
    }

    /**
     * CPU time (user and system) each process of the stack has used so far, its children included (Elasticsearch's
     * server is a child of its CLI): on a shared box the throughput moves with the neighbours, CPU per record does
     * not.
     */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (ManagedProcess process : stack.watched()) {
            double total = cpuSeconds(process.pid());
            total += ProcessHandle.of(process.pid()).stream()
                    .flatMap(ProcessHandle::descendants)
                    .mapToDouble(child -> cpuSeconds(child.pid()))
                    .sum();
            seconds.merge(process.name(), total, Double::sum);
        }
        return seconds;
    }

    /** Each process's CPU since {@code before}, in ms per 1,000 records (µs per record). */
    Map<String, Double> cpuPerThousand(Map<String, Double> before, long records) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuSeconds()
                .forEach((name, seconds) ->
                        cpu.put(name, round(1_000_000 * (seconds - before.getOrDefault(name, 0.0)) / records, 1)));
        return cpu;
    }

    static double cpuSeconds(long pid) {
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

    /** Elasticsearch's counters so far, from {@code _nodes/stats}, and its CPU: see {@link EsWork}. */
    Map<String, Long> elasticsearchWork() {
        JsonNode nodes = JSON.readTree(stack.send("GET", "/_nodes/stats/indices/get,refresh,indexing", null, null)
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

    /** The first aggregator's own account of where a batch's time went, from its metrics. */
    Map<String, Double> pipelineProfile() {
        String text = stack.send("GET", "/actuator/prometheus", null, null).body();
        Map<String, Double> profile = new LinkedHashMap<>();
        Matcher m = PROFILE.matcher(text);
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
    Map<String, Double> producedByAggregation() {
        Map<String, Double> byTopic = new TreeMap<>();
        for (AggregatorProcess each : stack.aggregators()) {
            Matcher m =
                    SENT.matcher(stack.get(each.uri() + "/actuator/prometheus").body());
            while (m.find()) {
                byTopic.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return byTopic;
    }

    /** Each instance's heap in use right after a full collection: what it really keeps, in instance order. */
    List<Long> liveHeapMib() throws IOException, InterruptedException {
        List<Long> heaps = new ArrayList<>();
        for (AggregatorProcess each : stack.aggregators()) {
            Process gc = new ProcessBuilder(
                            stack.javaHome().resolve("bin/jcmd").toString(),
                            Long.toString(each.process().pid()),
                            "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            gc.waitFor(60, TimeUnit.SECONDS);
            // Asked of the instance just collected: the client's round robin would ask another one.
            heaps.add(heapUsed(stack.get(each.uri() + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    / (1024 * 1024));
        }
        return heaps;
    }
}
