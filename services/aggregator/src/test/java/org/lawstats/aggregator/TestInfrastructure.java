package org.lawstats.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.lawstats.devstack.stack.ElasticsearchNode;
import org.lawstats.devstack.stack.KafkaNode;

/**
 * One real Kafka broker and one real Elasticsearch per test JVM, started on first use and shared by every
 * integration test class. Both run as child processes with a parent-death signal (see ManagedProcess), so a
 * killed test JVM leaves no server behind; their files live under target/ and are wiped by the next run.
 */
public final class TestInfrastructure {
    private static TestInfrastructure instance;

    private final KafkaNode kafka;
    private final ElasticsearchNode elasticsearch;

    private TestInfrastructure(KafkaNode kafka, ElasticsearchNode elasticsearch) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "it-infrastructure-stop"));
        }
        return instance;
    }

    private static TestInfrastructure start() {
        Path root = Path.of("target", "it-infrastructure").toAbsolutePath();
        deleteTree(root);
        Path javaHome = Path.of(System.getProperty("java.home"));
        String esHome = System.getProperty("lawstats.elasticsearch.home");
        if (esHome == null) {
            throw new IllegalStateException("run the integration tests through Maven (./lawstats test): "
                    + "the system property lawstats.elasticsearch.home names the unpacked server");
        }
        CompletableFuture<KafkaNode> kafka = CompletableFuture.supplyAsync(() ->
                KafkaNode.start(new KafkaNode.Settings(root.resolve("kafka"), freePort(), freePort(), 256, javaHome)));
        CompletableFuture<ElasticsearchNode> elasticsearch =
                CompletableFuture.supplyAsync(() -> ElasticsearchNode.start(new ElasticsearchNode.Settings(
                        Path.of(esHome), root.resolve("elasticsearch"), freePort(), freePort(), 384, javaHome)));
        return new TestInfrastructure(kafka.join(), elasticsearch.join());
    }

    /**
     * Where an aggregator of this run keeps its Kafka Streams state: inside the infrastructure's directory, deleted
     * with it at the start of every run. State left by an earlier run against another broker could otherwise be
     * taken as current (its checkpoints within the new changelogs' offsets).
     */
    static Path streamsState(String name) {
        return Path.of("target", "it-infrastructure", "streams", name).toAbsolutePath();
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        CompletableFuture.allOf(
                        CompletableFuture.runAsync(kafka::close), CompletableFuture.runAsync(elasticsearch::close))
                .join();
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String elasticsearchUri() {
        return elasticsearch.uri();
    }
}
