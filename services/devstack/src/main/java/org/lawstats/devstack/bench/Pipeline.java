package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lawstats.devstack.stack.ManagedProcess;

/**
 * The pipeline: from the aggregation's first commit to every record counted and its document stored (the search feed
 * drained), and the figure exact; what it cost each process and Elasticsearch, and what it wrote to Kafka per event.
 */
final class Pipeline {
    private Pipeline() {}

    /**
     * @param recordsProducedPerEventByTopic the aggregation's own records (repartitions, changelogs, outputs) per
     *     event handled
     * @param profile the first instance's account of its batches, from its metrics
     */
    record Result(
            double recordsPerS,
            long records,
            double seconds,
            long documentPublished2024AsTheModel,
            Map<String, Double> cpuMsPerThousandRecords,
            double recordsProducedPerEvent,
            Map<String, Double> recordsProducedPerEventByTopic,
            EsWork esWork,
            Map<String, Double> profile) {}

    static Result run(BenchStack stack, Meters meters, ProvinceStream stream) throws Exception {
        Map<String, Long> esBefore = meters.elasticsearchWork();
        long base = stack.committed();
        long total = stack.produced();
        long startCommitted;
        while ((startCommitted = stack.committed()) == base) {
            ManagedProcess.pause();
        }
        long start = System.nanoTime();
        Map<String, Double> cpuBefore = meters.cpuSeconds();
        Map<String, Double> producedBefore = meters.producedByAggregation();
        while (stack.committed() < total || stack.pending() > 0) {
            ManagedProcess.pause();
        }
        double elapsed = seconds(start);
        long handled = total - startCommitted;
        double rate = handled / elapsed;
        Map<String, Double> cpu = meters.cpuPerThousand(cpuBefore, handled);
        say("pipeline: CPU ms per 1,000 records, per process: " + cpu);
        Map<String, Double> perTopic = new TreeMap<>();
        double perEvent = 0;
        for (var topic : meters.producedByAggregation().entrySet()) {
            double records = (topic.getValue() - producedBefore.getOrDefault(topic.getKey(), 0.0)) / handled;
            perTopic.put(topic.getKey(), round(records, 2));
            perEvent += records;
        }
        say(String.format(Locale.ROOT, "pipeline: %.2f records produced per event: %s", perEvent, perTopic));
        // The figure, once visible: documents published in 2024 for the whole province, against the model.
        long expected = stack.awaitTheModelsFigure(stream);
        say(String.format(
                Locale.ROOT,
                "pipeline: %,d records in %.1f s = %,.0f records/s; document.published 2024 = %,d as the model",
                handled,
                elapsed,
                rate,
                expected));
        return new Result(
                round(rate),
                handled,
                round(elapsed, 1),
                expected,
                cpu,
                round(perEvent, 2),
                perTopic,
                EsWork.between(esBefore, meters.elasticsearchWork()),
                meters.pipelineProfile());
    }
}
