package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;
import static org.lawstats.devstack.bench.Measure.say;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

/**
 * Freshness under load: the stream at {@code rate} records/s, and a probe: one lecture for the probe unit at a time,
 * from the producer's acknowledgement to the figure on {@code /api/v1/stats}.
 */
final class Freshness {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Freshness() {}

    /** @param perBatch what an ingest batch held and where its time went on average, during the probes */
    record Result(double loadRecordsPerS, Latency probes, Map<String, Double> perBatch) {}

    static Result run(BenchStack stack, Meters meters, ProvinceStream stream, double rate, int seconds)
            throws Exception {
        say(String.format(Locale.ROOT, "freshness: %,.0f records/s of load for %d s", rate, seconds));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Load.steady(stack, stream, rate, running, new AtomicLong());
        List<Double> samples = new ArrayList<>();
        EventCodec codec = EventCodec.strict();
        // The probe's lectures are held now, so they count in this year, whichever year the benchmark runs in.
        String year = Integer.toString(OffsetDateTime.now(ZONE).getYear());
        Map<String, Double> profileBefore = meters.pipelineProfile();
        try (KafkaProducer<String, byte[]> probe = stack.producer()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long before = stack.figure(year, ProvinceStream.PROBE, "study.lecture");
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
                while (stack.figure(year, ProvinceStream.PROBE, "study.lecture") < before + i) {
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
        Result result = new Result(round(rate), Latency.of(samples), perBatch(profileBefore, meters.pipelineProfile()));
        say("freshness: " + result);
        return result;
    }

    /** What an ingest batch held and where its time went on average, between two profiles. */
    private static Map<String, Double> perBatch(Map<String, Double> before, Map<String, Double> after) {
        double batches = delta("batches", before, after);
        Map<String, Double> average = new LinkedHashMap<>();
        average.put("batches", round(batches));
        if (batches > 0) {
            average.put("records", round(delta("indexing_batch_sum", before, after) / batches));
            after.keySet().stream()
                    .filter(key -> key.startsWith("phase_seconds."))
                    .forEach(key -> average.put(
                            key.substring("phase_seconds.".length()) + "_ms",
                            round(1000 * delta(key, before, after) / batches)));
        }
        return average;
    }

    private static double delta(String key, Map<String, Double> before, Map<String, Double> after) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }
}
