package org.lawstats.contract;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes v1 events for a Java unit service: validated against the contract before sending, keyed by eventId
 * (events.md 1.2), through an idempotent producer with {@code acks=all}.
 *
 * <p>A unit service in production publishes to its own unit's topic with its own credentials ({@link #forUnit}):
 * the broker lets its Kafka user write that topic only, and the aggregator counts from it the events of that unit
 * and of the units below it. {@link #connect} publishes to the contract topic of each event's type, for the local
 * stack and for writers the operator trusts with every unit.
 *
 * <pre>{@code
 * try (var publisher = EventPublisher.forUnit("nk.gov-office", Map.of(
 *         "bootstrap.servers", "kafka-1:9092",
 *         "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
 *         "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
 *                 + "username=\"unit.nk.gov-office\" password=\"...\";",
 *         "ssl.truststore.type", "PEM", "ssl.truststore.location", "/etc/lawstats/kafka-ca.crt"))) {
 *     publisher.publish(EventEnvelope.of("nk.gov-office:train:2024-0001", EventType.TRAINING_COMPLETED,
 *             "nk.gov-office", OffsetDateTime.parse("2024-06-12T10:00:00+08:00"),
 *             new Payload.TrainingCompleted("p-7f3a", "law-2024", null, null))).join();
 * }
 * }</pre>
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = EventCodec.strict();
    /** The unit's own topic every event goes to, or null: each event to the contract topic of its type. */
    private final String unitTopic;

    private EventPublisher(KafkaProducer<String, byte[]> producer, String unitTopic) {
        this.producer = producer;
        this.unitTopic = unitTopic;
    }

    /** A publisher to the contract topics on the given bootstrap servers with the contract's producer settings. */
    public static EventPublisher connect(String bootstrapServers) {
        return connect(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * A publisher to the contract topics with extra producer settings (security, client id...). Idempotence and
     * {@code acks=all} cannot be turned off: they are what makes a published event durable and never doubled by a
     * retry.
     */
    public static EventPublisher connect(Map<String, Object> settings) {
        return new EventPublisher(producer(settings), null);
    }

    /**
     * A publisher that sends every event to the unit's own topic, {@link Topics#ofUnit(String)}, with these producer
     * settings (the unit's own Kafka user {@code unit.<unitId>} in production). The events may be the unit's own or
     * those of any unit below it in the registry; the aggregator dead-letters any other as
     * {@code unit-not-permitted}, and an eventId that does not begin with the id of such a unit and {@code :} as
     * {@code foreign-event-id} ({@link EventIds}).
     *
     * @throws IllegalArgumentException when the unit id cannot have a topic (see {@link Topics#ofUnit(String)})
     */
    public static EventPublisher forUnit(String unitId, Map<String, Object> settings) {
        String topic = Topics.ofUnit(unitId);
        return new EventPublisher(producer(settings), topic);
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends one event, keyed by its eventId (events.md 1.2: the aggregation settles it on the partition it lands on).
     * The future completes when every in-sync replica has it.
     *
     * @throws InvalidEventException when the event breaks the contract; nothing is sent then
     */
    public CompletableFuture<RecordMetadata> publish(EventEnvelope event) {
        byte[] bytes = validated(event);
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        String topic = unitTopic != null ? unitTopic : event.type().topic();
        producer.send(new ProducerRecord<>(topic, event.eventId(), bytes), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(metadata);
            }
        });
        return result;
    }

    /** Sends one event and waits for the acknowledgement. */
    public RecordMetadata publishAndWait(EventEnvelope event, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return publish(event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends what is buffered and waits for it. */
    public void flush() {
        producer.flush();
    }

    private byte[] validated(EventEnvelope event) {
        byte[] bytes = codec.encode(event);
        if (codec.decode(bytes) instanceof EventCodec.Decoded.Invalid invalid) {
            throw new InvalidEventException(invalid.rejection());
        }
        return bytes;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
