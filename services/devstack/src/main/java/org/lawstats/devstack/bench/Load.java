package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.say;
import static org.lawstats.devstack.bench.Measure.seconds;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the benchmark sends: a file of records as fast as the producer goes, or the stream at a steady rate. */
final class Load {
    private Load() {}

    /** Sends every record of the file; the records per second until the last one was acknowledged. */
    static double produce(BenchStack stack, Path records) throws IOException {
        long start = System.nanoTime();
        long count = 0;
        try (KafkaProducer<String, byte[]> producer = stack.producer();
                BufferedReader in = Files.newBufferedReader(records, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                send(producer, ProvinceStream.Line.parse(text));
                count++;
            }
            producer.flush();
        }
        double rate = count / seconds(start);
        say(String.format(Locale.ROOT, "produced %,d records at %,.0f/s", count, rate));
        return rate;
    }

    /** Produces the stream at a steady rate until {@code running} is cleared, counting what it sent. */
    static Thread steady(BenchStack stack, ProvinceStream stream, double rate, AtomicBoolean running, AtomicLong sent) {
        return Thread.ofPlatform().name("bench-load").start(() -> {
            try (KafkaProducer<String, byte[]> producer = stack.producer()) {
                long start = System.nanoTime();
                while (running.get()) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                    while (sent.get() < due) {
                        send(producer, stream.next());
                        sent.incrementAndGet();
                    }
                    Thread.sleep(2); // pacing of a load generator, not a wait for an outcome
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void send(KafkaProducer<String, byte[]> producer, ProvinceStream.Line line) {
        producer.send(new ProducerRecord<>(line.topic(), line.key(), line.wire().getBytes(StandardCharsets.UTF_8)));
    }
}
