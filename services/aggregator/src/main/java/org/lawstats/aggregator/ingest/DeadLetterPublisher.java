package org.lawstats.aggregator.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.Rejection;
import org.lawstats.contract.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends invalid records to {@code lawstats.dlq}: the original bytes and key, with the reason headers. */
@Component
class DeadLetterPublisher {
    private static final int MAX_DETAIL = 1000;

    private final KafkaTemplate<byte[], byte[]> template;
    private final IngestMetrics metrics;

    DeadLetterPublisher(KafkaTemplate<byte[], byte[]> template, IngestMetrics metrics) {
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
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        headers.add(DeadLetterHeaders.REASON, utf8(letter.rejection().reason().code()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(shortened(letter.rejection().detail())));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(original.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(Integer.toString(original.partition())));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(Long.toString(original.offset())));
        return new ProducerRecord<>(Topics.DLQ, null, original.key(), original.value(), headers);
    }

    /** A detail as a header carries it: at most {@code MAX_DETAIL} characters. */
    static String shortened(String detail) {
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 2) + "…." : detail;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
