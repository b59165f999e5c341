package org.lawstats.aggregator.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.lawstats.aggregator.topology.DeadLetters;
import org.lawstats.aggregator.topology.EventMetrics;
import org.lawstats.contract.Rejection;
import org.lawstats.contract.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends invalid records to {@code lawstats.dlq}: the original bytes and key, with the reason headers. */
@Component
class DeadLetterPublisher {
    private final KafkaTemplate<byte[], byte[]> template;
    private final EventMetrics metrics;

    DeadLetterPublisher(KafkaTemplate<byte[], byte[]> template, EventMetrics metrics) {
        this.template = template;
        this.metrics = metrics;
    }

    /** One invalid record and why. */
    record DeadLetter(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {}

    /** Sends them all and returns once Kafka has acknowledged every one (so the batch may be committed). */
    void publish(List<DeadLetter> letters) throws InterruptedException, ExecutionException, TimeoutException {
        if (letters.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (DeadLetter letter : letters) {
            sent.add(template.send(toRecord(letter)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        letters.forEach(
                letter -> metrics.deadLettered(letter.rejection().reason().code()));
    }

    private static ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter) {
        ConsumerRecord<byte[], byte[]> original = letter.record();
        return new ProducerRecord<>(
                Topics.DLQ,
                null,
                original.key(),
                original.value(),
                DeadLetters.headers(
                        original.headers(),
                        letter.rejection(),
                        original.topic(),
                        original.partition(),
                        original.offset()));
    }
}
