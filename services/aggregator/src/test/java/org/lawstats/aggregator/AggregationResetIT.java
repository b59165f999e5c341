package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.indicators.FigureKey;
import org.lawstats.aggregator.indicators.Figures;
import org.lawstats.devstack.stack.AggregationReset;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.GroupProgress;

/**
 * {@code ./lawstats reset-aggregation}: published figures out of step with the events (as after an upgrade that
 * changed the topology's state) are made again from the events, exactly, and the reset refuses while an aggregator
 * runs.
 */
class AggregationResetIT extends IntegrationTest {
    private static final String U = "t.reset";
    private static final String GROUP = "reset-test";
    private static final String QUESTION = "/api/v1/stats?period=2047&unit=" + U;
    // Short sessions: a stopped aggregator stays a member of its groups until its session ends (Kafka Streams does
    // not leave the group on close), and the reset waits for that.
    private static final Map<String, String> SHORT_SESSIONS = Map.of(
            "SPRING_KAFKA_STREAMS_PROPERTIES_SESSION_TIMEOUT_MS", "6000",
            "SPRING_KAFKA_STREAMS_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1500",
            "SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "6000",
            "SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1500");

    private final AggregationSettled.Names names = AggregationSettled.Names.of(GROUP);
    private final AggregationReset reset = new AggregationReset(
            client(),
            new AggregationReset.Names(names.applicationId(), names.searchGroup(), resultTopics()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void figuresOutOfStepWithTheEventsAreMadeAgainFromTheEvents() throws Exception {
        SeparateAggregator aggregator = new SeparateAggregator(
                GROUP, "reset-events", TestInfrastructure.get().elasticsearchUri());
        Path state = TestInfrastructure.streamsState(GROUP).resolve("reset.log");
        for (int i = 0; i < 30; i++) {
            send(enrolled("reset:" + i, U, "p" + (i % 20), at("2047-03-01T09:00:00+08:00")));
        }
        try (AggregatorProcess first = aggregator.start("reset.log", SHORT_SESSIONS)) {
            aggregator.awaitSettled(first);
            assertThat(enrolledPersons(first)).isEqualTo(20);
        }
        publishWrongFigures();
        try (AggregatorProcess wrong = aggregator.start("reset.log", SHORT_SESSIONS)) {
            aggregator.awaitFiguresSettled(wrong);
            assertThat(enrolledPersons(wrong))
                    .as("the published figures, out of step with the events")
                    .isEqualTo(1_020);
            assertThatThrownBy(() -> reset.reset(List.of(state)))
                    .as("a running aggregator is never reset under its feet")
                    .hasMessageContaining("stop every aggregator first");
            assertThat(enrolledPersons(wrong))
                    .as("a refused reset changes nothing")
                    .isEqualTo(1_020);
        }

        // Refused (nothing changed) until the stopped aggregator's sessions have ended.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreException(AggregationReset.StillRunningException.class)
                .untilAsserted(() -> reset.reset(List.of(state)));

        assertThat(state).as("the state directory is gone").doesNotExist();
        assertThat(GroupProgress.ends(client(), resultTopics()).values())
                .as("the published topics are empty")
                .allMatch(end -> end == 0);
        try (Admin admin = Admin.create(client())) {
            assertThat(admin.listTopics().names().get())
                    .as("the aggregation's internal topics are deleted")
                    .noneMatch(topic -> topic.startsWith(names.applicationId() + "-"));
        }
        send(enrolled("reset:after", U, "p-after", at("2047-03-02T09:00:00+08:00")));
        try (AggregatorProcess again = aggregator.start("reset.log", SHORT_SESSIONS)) {
            aggregator.awaitSettled(again);
            assertThat(enrolledPersons(again))
                    .as("made again from every event, and the one sent meanwhile")
                    .isEqualTo(21);
            assertThat(aggregator.documentsOf(U)).as("every event stored once").isEqualTo(31);
        }
    }

    /** What a changed topology would have left: every figure of the unit's distinct counts 1,000 too high. */
    private void publishWrongFigures() throws Exception {
        Map<String, ConsumerRecord<String, byte[]>> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.get().bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> ends = GroupProgress.ends(client(), names.figuresTopics());
            reader.assign(ends.keySet());
            reader.seekToBeginning(ends.keySet());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    latest.put(record.topic() + "/" + record.partition() + "/" + record.key(), record);
                }
                return ends.entrySet().stream().allMatch(end -> reader.position(end.getKey()) >= end.getValue());
            });
        }
        // Each cell is one share per part (partition): one share of each 1,000 too high is enough.
        Map<String, ConsumerRecord<String, byte[]>> cells = new HashMap<>();
        latest.values().stream()
                .filter(record -> record.value() != null
                        && FigureKey.parse(record.key()) instanceof FigureKey.CellYear cell
                        && cell.indicator().equals("training.enrolled_persons")
                        && cell.unit().equals(U))
                .forEach(record -> cells.putIfAbsent(record.key(), record));
        assertThat(cells).as("the unit's published cells").isNotEmpty();
        for (ConsumerRecord<String, byte[]> record : cells.values()) {
            Map<String, Long> higher = new HashMap<>();
            Figures.decode(record.value()).values().forEach((period, count) -> higher.put(period, 1_000L));
            producer()
                    .send(new ProducerRecord<>(
                            record.topic(),
                            record.partition(),
                            record.key(),
                            Figures.decode(record.value()).plus(higher).encode()))
                    .get();
        }
    }

    private static long enrolledPersons(AggregatorProcess process) throws Exception {
        return SeparateAggregator.getJson(process, QUESTION)
                .path("values")
                .path("training.enrolled_persons")
                .asLong();
    }

    private List<String> resultTopics() {
        return names.resultTopics();
    }

    private static Map<String, Object> client() {
        return Map.of("bootstrap.servers", TestInfrastructure.get().bootstrapServers());
    }
}
