package org.lawstats.aggregator.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit trail (个人信息保护法, 网络安全法 第21条): every read of personal data shown in full (case records,
 * records of a figure, a unit's entries) with the records it showed, every export with the records it held, and every
 * write of events (the gateway, imports, forms, corrections, withdrawals) and rebuild, each with the user, the scope and
 * the count of records. An entry is written to a Kafka topic and acknowledged before the answer leaves (before the
 * events of a write are sent), so that what cannot be recorded is not done. The topic is appended to only, deletes
 * entries by age after at least six months and never for size ({@link AuditTopicPolicy}), is replicated like the
 * events, and is read by admins through the API.
 */
@Component
public class AuditTrail implements SmartInitializingSingleton {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final Clock clock;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final KafkaAdmin admin;
    private final KafkaProperties kafkaProperties;
    private final AuditProperties properties;

    AuditTrail(
            KafkaTemplate<byte[], byte[]> kafka,
            KafkaAdmin admin,
            KafkaProperties kafkaProperties,
            AuditProperties properties,
            Clock clock) {
        this.clock = clock;
        this.kafka = kafka;
        this.admin = admin;
        this.kafkaProperties = kafkaProperties;
        this.properties = properties;
    }

    /** Thrown when an entry could not be written: the read it records must not be served (a 503). */
    public static class AuditUnavailableException extends ServiceUnavailableException {
        AuditUnavailableException(String reason, Throwable cause) {
            super(
                    "the audit trail cannot record this read or write now, so it is not done; try again shortly",
                    0,
                    new IllegalStateException(reason, cause));
        }
    }

    /**
     * Creates the topic with the configured retention if it does not exist (production creates it beforehand), and
     * refuses to start on a topic that would forget entries sooner than the law allows.
     */
    @Override
    public void afterSingletonsInstantiated() {
        // The broker may still be starting (compose starts everything at once): wait for it, then give up loudly.
        long deadline = System.nanoTime() + properties.startupTimeout().toNanos();
        long backoff = 500;
        while (true) {
            try {
                ensureTopic();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking the audit topic", e);
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            "the audit topic " + properties.topic() + " cannot be created or checked: "
                                    + e.getMessage(),
                            e);
                }
                log.info("waiting for Kafka to check the audit topic ({})", e.getMessage());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking the audit topic", e);
            }
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    private void ensureTopic() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            if (!client.listTopics().names().get(30, TimeUnit.SECONDS).contains(properties.topic())) {
                NewTopic topic = TopicBuilder.name(properties.topic())
                        .partitions(1)
                        .config(
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(properties.retention().toMillis()))
                        .config(TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                        .build();
                try {
                    client.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, properties.topic());
            Map<String, String> config = new HashMap<>();
            client.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource)
                    .entries()
                    .forEach(entry -> config.put(entry.name(), entry.value()));
            List<String> violations = AuditTopicPolicy.violations(config, properties.minimumRetention());
            if (!violations.isEmpty()) {
                throw new IllegalStateException("the audit topic " + properties.topic()
                        + " would not keep its entries as the law asks: " + String.join("; ", violations));
            }
        }
    }

    /** How much of the units a recorded read or write concerned. */
    public enum Scope {
        /** The unit and every unit below it. */
        SUBTREE,
        /** The unit alone. */
        UNIT;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The most subjects one entry holds; more are recorded in several entries, so that each stays small. */
    public static final int SUBJECTS_PER_ENTRY = 1_000;

    private static final int SUBJECT_CHARS_PER_ENTRY = 200_000;

    /**
     * Writes an entry whose subjects are what was read (its count: how many), about the unit's subtree, and waits for
     * the broker to have it.
     *
     * @param address the client's address as the server saw it
     * @throws AuditUnavailableException when it could not be written in time
     */
    public void record(
            LawstatsUser user,
            String address,
            String action,
            String unitId,
            List<String> subjects,
            Map<String, String> detail) {
        record(user, address, action, unitId, Scope.SUBTREE, subjects.size(), subjects, detail);
    }

    /**
     * Writes the entry (several when there are more than {@link #SUBJECTS_PER_ENTRY} subjects) and waits for the broker
     * to have all of it.
     *
     * @param address the client's address as the server saw it
     * @param count how many records were read, exported or written
     * @param subjects which ones
     * @throws AuditUnavailableException when it could not be written in time
     */
    public void record(
            LawstatsUser user,
            String address,
            String action,
            String unitId,
            Scope scope,
            long count,
            List<String> subjects,
            Map<String, String> detail) {
        String at = clock.instant().toString();
        List<String> roles = user.roles().stream().map(Enum::name).sorted().toList();
        List<List<String>> parts = parts(subjects);
        List<CompletableFuture<?>> sent = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Map<String, String> details = new LinkedHashMap<>(detail);
            if (parts.size() > 1) {
                details.put("part", (i + 1) + "/" + parts.size());
            }
            AuditEntry entry = new AuditEntry(
                    at, user.username(), roles, address, action, unitId, scope.wire(), count, parts.get(i), details);
            sent.add(kafka.send(new ProducerRecord<>(
                    properties.topic(),
                    user.username().getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(entry))));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while writing the audit trail", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AuditUnavailableException("the audit trail could not be written", e);
        }
    }

    /** The subjects in entries of at most {@link #SUBJECTS_PER_ENTRY} (and 200,000 characters); one entry if none. */
    static List<List<String>> parts(List<String> subjects) {
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        int chars = 0;
        for (String subject : subjects) {
            if (!part.isEmpty()
                    && (part.size() == SUBJECTS_PER_ENTRY || chars + subject.length() > SUBJECT_CHARS_PER_ENTRY)) {
                parts.add(List.copyOf(part));
                part.clear();
                chars = 0;
            }
            part.add(subject);
            chars += subject.length();
        }
        parts.add(List.copyOf(part));
        return parts;
    }

    /**
     * The entries written from {@code from} (inclusive) to {@code to} (exclusive), oldest first, at most
     * {@code limit}, those of {@code user} only when it is given.
     */
    public List<AuditEntry> read(Instant from, Instant to, String user, int limit) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<AuditEntry> entries = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(properties.topic(), Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(p -> at.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(at, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp first = start.get(partition);
                if (first != null && first.offset() < end.get(partition)) {
                    consumer.seek(partition, first.offset());
                    open.add(partition);
                }
            }
            consumer.assign(open);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!open.isEmpty() && entries.size() < limit) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AuditUnavailableException("the audit trail could not be read in time", null);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.timestamp() >= to.toEpochMilli() || record.offset() >= end.get(partition)) {
                        open.remove(partition);
                        continue;
                    }
                    AuditEntry entry = JSON.readValue(record.value(), AuditEntry.class);
                    if ((user == null || user.equals(entry.user())) && entries.size() < limit) {
                        entries.add(entry);
                    }
                    if (record.offset() + 1 >= end.get(partition)) {
                        open.remove(partition);
                    }
                }
                consumer.assign(open);
            }
        }
        return entries;
    }
}
