package org.lawstats.devstack.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.Topics;

/**
 * The engine's floor (issue 24): the least a Kafka Streams application can do with the benchmark's events, run on the
 * same broker with the aggregation's guarantees (exactly-once v2, one stream thread, the default commit interval),
 * so that the topology's cost can be read against what the engine itself costs.
 *
 * <ul>
 *   <li>{@code E1}: the event topics, grouped by unit, counted, the counts to a topic;
 *   <li>{@code E1'} ({@link Variant#E1_DECODE}): E1 with one contract decode per event (the unit read from it);
 *   <li>{@code E2 k}: E1 with k pass-through repartitions before the count, each followed by a write of the event to a
 *       store without a record cache (a RocksDB put and a changelog send, as the topology's processor stores do);
 *       k = 0 is the store write alone. The step from k to k + 1 is the price of one hop.
 * </ul>
 *
 * Run in a JVM of its own by the benchmark ({@link #command}), which times it from the moment it says it runs until its
 * group has read every event, and reads its CPU and the broker's from {@code /proc}.
 */
final class EngineFloor {
    static final String RUNNING = "engine-floor: running";

    /** The variants the benchmark runs, in order, with the names its table shows. */
    enum Variant {
        E1("E1", 0, false, false),
        E1_DECODE("E1'", 0, true, false),
        E2_0("E2 k=0", 0, false, true),
        E2_1("E2 k=1", 1, false, true),
        E2_2("E2 k=2", 2, false, true),
        E2_3("E2 k=3", 3, false, true);

        final String label;
        final int hops;
        final boolean decode;
        final boolean storeWrite;

        Variant(String label, int hops, boolean decode, boolean storeWrite) {
            this.label = label;
            this.hops = hops;
            this.decode = decode;
            this.storeWrite = storeWrite;
        }
    }

    private EngineFloor() {}

    /** The command line that runs {@code variant} as {@code applicationId} against {@code bootstrapServers}. */
    static List<String> command(
            Path javaHome,
            String classpath,
            String bootstrapServers,
            Variant variant,
            String applicationId,
            Path stateDir) {
        return List.of(
                javaHome.resolve("bin/java").toString(),
                "-Xmx256m",
                "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                classpath,
                EngineFloor.class.getName(),
                bootstrapServers,
                variant.name(),
                applicationId,
                stateDir.toString());
    }

    static Topology topology(Variant variant, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, byte[]> events = builder.stream(
                Pattern.compile(Topics.EVENT_TOPIC_REGEX), Consumed.with(Serdes.String(), Serdes.ByteArray()));
        for (int i = 0; i < (variant.storeWrite ? variant.hops + 1 : 0); i++) {
            if (i > 0) {
                events = events.repartition(Repartitioned.<String, byte[]>as("hop-" + i)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray()));
            }
            String store = "written-" + i;
            builder.addStateStore(Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
                    .withCachingDisabled());
            events = events.processValues(() -> new Written(store), store);
        }
        // The records are keyed by eventId (events.md 1.2): without a decode, the unit is found in the bytes, as
        // cheaply as
        // the key was read when the benchmark's records were keyed by unit.
        KStream<String, String> units = variant.decode
                ? events.mapValues(EngineFloor::unitOf)
                : events.mapValues((key, value) -> unitIn(value));
        units.groupBy((key, unit) -> unit, Grouped.with("by-unit", Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static final byte[] UNIT_FIELD = "\"unitId\":\"".getBytes(StandardCharsets.UTF_8);

    /** The unitId of a record as the contract's compact JSON writes it, found without decoding the record. */
    static String unitIn(byte[] value) {
        outer:
        for (int i = 0; i + UNIT_FIELD.length <= value.length; i++) {
            for (int j = 0; j < UNIT_FIELD.length; j++) {
                if (value[i + j] != UNIT_FIELD[j]) {
                    continue outer;
                }
            }
            int start = i + UNIT_FIELD.length;
            int end = start;
            while (end < value.length && value[end] != '"') {
                end++;
            }
            return new String(value, start, end - start, StandardCharsets.UTF_8);
        }
        return "unknown";
    }

    private static String unitOf(byte[] value) {
        return switch (EventCodec.strict().decode(value)) {
            case EventCodec.Decoded.Valid valid -> valid.event().unitId();
            case EventCodec.Decoded.Invalid invalid -> "invalid";
        };
    }

    /** Writes each event to a store without a cache, keyed by its partition and offset: every record a new key. */
    private static final class Written extends ContextualFixedKeyProcessor<String, byte[], byte[]> {
        private final String name;
        private KeyValueStore<String, byte[]> store;

        Written(String name) {
            this.name = name;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            super.init(context);
            store = context.getStateStore(name);
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            var meta = context().recordMetadata().orElseThrow();
            store.put(meta.topic() + "/" + meta.partition() + "/" + meta.offset(), record.value());
            context().forward(record);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrapServers = args[0];
        Variant variant = Variant.valueOf(args[1]);
        String applicationId = args[2];
        Properties settings = new Properties();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, args[3]);
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        settings.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        CountDownLatch stopped = new CountDownLatch(1);
        KafkaStreams streams = new KafkaStreams(topology(variant, applicationId + ".counts"), settings);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println(RUNNING);
            } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }));
        streams.start();
        stopped.await();
    }
}
