package org.lawstats.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one JVM), run in a child JVM from the
 * Maven-resolved {@code kafka_2.13} jars. Its log dirs live under {@link Settings#dataDir()} and survive a restart.
 */
public final class KafkaNode implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final ManagedProcess process;
    private final int port;

    /**
     * @param dataDir the broker's log dir (formatted on first use)
     * @param port the client port on 127.0.0.1
     * @param controllerPort the KRaft controller port on 127.0.0.1
     * @param heapMb the JVM heap
     * @param javaHome the JDK to run it with
     */
    public record Settings(Path dataDir, int port, int controllerPort, int heapMb, Path javaHome) {}

    private KafkaNode(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Formats the storage if it is new, starts the broker and returns once it answers metadata requests. */
    public static KafkaNode start(Settings settings) {
        Path dir = settings.dataDir().toAbsolutePath().normalize();
        Path logs = dir.resolve("logs");
        Path properties = dir.resolve("server.properties");
        String classpath = classpath();
        String java = settings.javaHome().resolve("bin/java").toString();
        try {
            Files.createDirectories(logs);
            Files.writeString(properties, serverProperties(settings, logs), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(java, classpath, properties, dir);
        }
        List<String> command = List.of(
                java,
                "-Xms" + settings.heapMb() + "m",
                "-Xmx" + settings.heapMb() + "m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-cp",
                classpath,
                "kafka.Kafka",
                properties.toString());
        ManagedProcess process =
                ManagedProcess.start("kafka", command, dir, Map.of(), dir.resolve("console.log"), Optional.empty());
        KafkaNode node = new KafkaNode(process, settings.port());
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            process.awaitReady(STARTUP_TIMEOUT, () -> {
                try {
                    return !admin.describeCluster()
                            .nodes()
                            .get(3, TimeUnit.SECONDS)
                            .isEmpty();
                } catch (Exception e) {
                    return false; // not ready yet
                }
            });
        }
        return node;
    }

    private static String serverProperties(Settings s, Path logs) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + s.controllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + s.port() + ",CONTROLLER://127.0.0.1:" + s.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + s.port(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
    }

    private static void format(String java, String classpath, Path properties, Path dir) {
        List<String> command = List.of(
                java,
                "-Xmx256m",
                "-cp",
                classpath,
                "kafka.tools.StorageTool",
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                properties.toString());
        try {
            Process format = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("format.log").toFile()))
                    .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException(
                        "formatting the Kafka storage in " + dir + " failed; see " + dir.resolve("format.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    /** The broker's classpath, written by the Maven build next to this class. */
    static String classpath() {
        try (InputStream in = KafkaNode.class.getResourceAsStream("kafka.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka.classpath is missing: build with ./lawstats build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
