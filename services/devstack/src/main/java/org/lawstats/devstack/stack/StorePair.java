package org.lawstats.devstack.stack;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The two servers every stack needs, started side by side (Elasticsearch's start dominates; Kafka's fits inside it)
 * in one data directory: {@code <dataDir>/kafka} and {@code <dataDir>/elasticsearch}.
 */
public record StorePair(KafkaNode kafka, ElasticsearchNode elasticsearch) {

    /** The ports of one stack: Kafka's client and controller ports, Elasticsearch's HTTP and transport ports. */
    public record Ports(int kafka, int kafkaController, int elasticsearch, int elasticsearchTransport) {}

    public static KafkaNode.Settings kafkaSettings(Path dataDir, Ports ports, Path javaHome) {
        return new KafkaNode.Settings(dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController(), 384, javaHome);
    }

    public static ElasticsearchNode.Settings elasticsearchSettings(
            Path root, Path dataDir, Ports ports, Path javaHome) {
        return new ElasticsearchNode.Settings(
                ElasticsearchNode.home(root),
                dataDir.resolve("elasticsearch"),
                ports.elasticsearch(),
                ports.elasticsearchTransport(),
                512,
                javaHome);
    }

    public static StorePair start(Path root, Path dataDir, Ports ports, Path javaHome) {
        CompletableFuture<KafkaNode> kafka =
                CompletableFuture.supplyAsync(() -> KafkaNode.start(kafkaSettings(dataDir, ports, javaHome)));
        CompletableFuture<ElasticsearchNode> elasticsearch = CompletableFuture.supplyAsync(
                () -> ElasticsearchNode.start(elasticsearchSettings(root, dataDir, ports, javaHome)));
        return new StorePair(kafka.join(), elasticsearch.join());
    }
}
