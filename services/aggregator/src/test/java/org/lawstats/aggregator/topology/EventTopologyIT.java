package org.lawstats.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import net.jqwik.api.Example;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.lawstats.aggregator.TestInfrastructure;
import org.lawstats.aggregator.indicators.FiguresFollower;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.contract.Topics;

/**
 * The topology on the real broker, exactly-once (v2), two instances in one group: one is lost mid-stream, the other
 * takes over its tasks from their changelogs, and the published figures are still exactly the model's.
 */
class EventTopologyIT {
    private static final UnitRegistry REGISTRY = registry();
    private static final IndicatorCatalogue CATALOGUE = catalogue();

    private static UnitRegistry registry() {
        try (var in = EventTopologyIT.class.getResourceAsStream("/test-units.yml")) {
            return UnitRegistry.parse(in, "test-units.yml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IndicatorCatalogue catalogue() {
        try (var in = Files.newInputStream(Path.of("../../config/indicators.yml"))) {
            return IndicatorCatalogue.parse(in, "config/indicators.yml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Example // jqwik: the generator of EventTopologyTest runs on its threads only
    void aLostInstanceChangesNoFigure() throws Exception {
        String bootstrap = TestInfrastructure.get().bootstrapServers();
        List<String> topics =
                EventTopologyTest.UNITS.stream().map(Topics::ofUnit).toList();
        String application = "lawstats-topology-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> wanted = new ArrayList<>(topics.stream()
                    .map(topic -> new NewTopic(topic, 3, (short) 1))
                    .toList());
            for (String result : List.of(".documents", ".case-records")) {
                wanted.add(new NewTopic(application + result, 3, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            var existing = admin.listTopics().names().get();
            admin.createTopics(wanted.stream()
                            .filter(t -> !existing.contains(t.name()))
                            .toList())
                    .all()
                    .get();
        }
        // Many events of few persons, requests and cases: every kind of change, many times over.
        List<EventTopologyTest.Sent> sent = EventTopologyTest.batches(
                new EventTopologyTest.Generation(EventTopologyTest.UNITS, true, true), 40, "b", new Random(20261130L));
        Pattern source = Pattern.compile(
                String.join("|", topics.stream().map(Pattern::quote).toList()));
        List<KafkaStreams> instances = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            KafkaStreams first = start(bootstrap, application, source, "a");
            KafkaStreams second = start(bootstrap, application, source, "b");
            instances.add(first);
            instances.add(second);
            awaitRunning(first);
            awaitRunning(second);
            int half = sent.size() / 2;
            for (int i = 0; i < sent.size(); i++) {
                EventTopologyTest.Sent record = sent.get(i);
                producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
                if (i == half) {
                    producer.flush();
                    first.close(Duration.ZERO); // lost mid-stream: the second takes over its tasks
                }
            }
            producer.flush();

            EventTopologyTest.Model model = new EventTopologyTest.Model(sent);
            FiguresView view = new FiguresView(CATALOGUE, REGISTRY);
            try (KafkaConsumer<String, byte[]> figures =
                    figuresConsumer(bootstrap, FiguresFollower.topics(application))) {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            figures.poll(Duration.ofMillis(200))
                                    .forEach(r -> view.apply(r.topic(), r.partition(), r.key(), r.value()));
                            for (String unit : EventTopologyTest.UNITS) {
                                for (Period period : EventTopologyTest.periods()) {
                                    for (FiguresView.Scope scope : FiguresView.Scope.values()) {
                                        assertThat(view.values(period, unit, scope)
                                                        .orElseThrow())
                                                .as("%s %s %s", unit, period.label(), scope)
                                                .isEqualTo(CATALOGUE.figures(model.bases(period, unit, scope)));
                                    }
                                }
                            }
                        });
            }
            assertEveryInputCommitted(bootstrap, application, topics);
        } finally {
            instances.forEach(instance -> instance.close(Duration.ofSeconds(30)));
        }
    }

    private static KafkaStreams start(String bootstrap, String application, Pattern source, String name)
            throws IOException {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory(Files.createDirectories(Path.of("target/topology-it")), name)
                        .toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 1000);
        KafkaStreams streams = new KafkaStreams(
                new EventTopology(
                                REGISTRY,
                                CATALOGUE,
                                source,
                                // Results of its own: the running aggregator must not take them for its own.
                                new EventTopology.Outputs(
                                        application + ".documents",
                                        application + ".case-records",
                                        application + ".request-records",
                                        false))
                        .build(),
                config);
        streams.start();
        return streams;
    }

    private static void awaitRunning(KafkaStreams streams) {
        await().atMost(Duration.ofMinutes(2)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    private static KafkaConsumer<String, byte[]> figuresConsumer(String bootstrap, List<String> topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> consumer.listTopics().keySet().containsAll(topics));
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Every record of the inputs was consumed and committed by the group (the inputs are not transactional). */
    private static void assertEveryInputCommitted(String bootstrap, String application, List<String> topics)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (var description :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                description
                        .partitions()
                        .forEach(p ->
                                ends.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            var latest = admin.listOffsets(ends).all().get();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                var committed = admin.listConsumerGroupOffsets(application)
                        .partitionsToOffsetAndMetadata()
                        .get();
                latest.forEach((partition, end) -> {
                    if (end.offset() > 0) {
                        assertThat(committed.get(partition))
                                .as("%s committed", partition)
                                .isNotNull();
                        assertThat(committed.get(partition).offset()).isEqualTo(end.offset());
                    }
                });
            });
        }
    }
}
