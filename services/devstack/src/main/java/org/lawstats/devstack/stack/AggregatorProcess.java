package org.lawstats.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.utils.Utils;

/** The aggregator and HTTP API, run from its Boot jar in a JVM of its own. */
public final class AggregatorProcess implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final ManagedProcess process;
    private final int port;
    private final Optional<SSLContext> tls;

    private AggregatorProcess(ManagedProcess process, int port, Optional<SSLContext> tls) {
        this.process = process;
        this.port = port;
        this.tls = tls;
    }

    /** Starts the jar and returns once {@code /actuator/health} answers 200. */
    public static AggregatorProcess start(
            Path jar, Path javaHome, Path logFile, int port, Map<String, String> environment) {
        return awaitHealthy(launch(jar, javaHome, logFile, port, environment, Optional.empty(), false));
    }

    private static AggregatorProcess awaitHealthy(AggregatorProcess aggregator) {
        aggregator.process.awaitReady(
                STARTUP_TIMEOUT, ManagedProcess.answers200(URI.create(aggregator.uri() + "/actuator/health")));
        return aggregator;
    }

    /**
     * Starts the jar serving HTTPS (the environment sets {@code server.ssl}) and returns once {@code /actuator/health}
     * answers 200 to a client that trusts the server's certificate through {@code trust}.
     */
    public static AggregatorProcess startOverTls(
            Path jar, Path javaHome, Path logFile, int port, Map<String, String> environment, SSLContext trust) {
        AggregatorProcess aggregator = launch(jar, javaHome, logFile, port, environment, Optional.of(trust), false);
        aggregator.process.awaitReady(
                STARTUP_TIMEOUT,
                ManagedProcess.answers200(
                        HttpClient.newBuilder()
                                .sslContext(trust)
                                .connectTimeout(Duration.ofSeconds(2))
                                .build(),
                        HttpRequest.newBuilder(URI.create(aggregator.uri() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build()));
        return aggregator;
    }

    /**
     * Starts the jar without waiting for it to serve: for a configuration it must refuse, which its log then shows
     * ({@link ManagedProcess#tail}).
     */
    public static AggregatorProcess launch(
            Path jar, Path javaHome, Path logFile, int port, Map<String, String> environment) {
        return launch(jar, javaHome, logFile, port, environment, Optional.empty(), false);
    }

    private static AggregatorProcess launch(
            Path jar,
            Path javaHome,
            Path logFile,
            int port,
            Map<String, String> environment,
            Optional<SSLContext> tls,
            boolean shareClasses) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no aggregator jar at " + jar + " (./lawstats build makes it)");
        }
        List<String> command = new ArrayList<>(List.of(
                javaHome.resolve("bin/java").toString(),
                "-Xms128m",
                "-Xmx384m",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError"));
        if (shareClasses) {
            Path application = extracted(jar, javaHome);
            // Class-data sharing: the first run of a build archives the classes it loaded as it exits, and the
            // next runs map them instead of loading them again (docs/benchmarks.md). One archive per port (the
            // stack's and the benchmark's ports are fixed), so that instances stopping together never write one file.
            command.addAll(List.of(
                    "-XX:SharedArchiveFile=" + application.resolveSibling("aggregator-" + port + ".jsa"),
                    "-XX:+AutoCreateSharedArchive",
                    "-Xlog:cds=off",
                    "-Xlog:cds+dynamic=off",
                    "-jar",
                    application.toString()));
        } else {
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.add("--server.port=" + port);
        ManagedProcess process =
                ManagedProcess.start("aggregator", command, jar.getParent(), environment, logFile, Optional.empty());
        return new AggregatorProcess(process, port, tls);
    }

    /**
     * The Boot jar extracted next to itself (Boot's {@code jarmode=tools}), once per build: its classes then load from
     * plain jars on the class path, which class-data sharing can archive (a Boot jar's nested jars cannot). Extracted
     * into a directory of its own and renamed into place, so that a launch never sees half of it.
     */
    static synchronized Path extracted(Path jar, Path javaHome) {
        String name = jar.getFileName().toString();
        Path directory = jar.resolveSibling(name.replaceFirst("\\.jar$", "") + "-extracted");
        Path application = directory.resolve(name);
        try {
            if (Files.isRegularFile(application)
                    && Files.getLastModifiedTime(application).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                return application;
            }
            Path fresh = Files.createTempDirectory(jar.getParent(), "extracting-");
            Process extract = new ProcessBuilder(
                            javaHome.resolve("bin/java").toString(),
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            fresh.resolve("app").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IllegalStateException("could not extract " + jar + " (java -Djarmode=tools ... extract)");
            }
            if (Files.exists(directory)) {
                Utils.delete(directory.toFile());
            }
            Files.move(fresh.resolve("app"), directory, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(fresh);
            return application;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
    }

    /**
     * Starts the jar this checkout built ({@code services/aggregator/target}), wired to a broker, an Elasticsearch
     * server, a unit registry and, unless {@code extra} names another, the demo users of {@code config/users.yml}
     * (the jar holds no users); {@code extra} adds environment variables or overrides those. It runs extracted, with
     * class-data sharing ({@link #extracted}).
     */
    public static AggregatorProcess startBuilt(
            Path root,
            Path javaHome,
            Path logFile,
            int port,
            String bootstrapServers,
            String elasticsearchUri,
            Path unitsFile,
            Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_KAFKA_BOOTSTRAPSERVERS", bootstrapServers);
        environment.put("SPRING_ELASTICSEARCH_URIS", elasticsearchUri);
        environment.put("LAWSTATS_UNITS_FILE", unitsFile.toString());
        environment.put(
                "LAWSTATS_USERS_FILE",
                root.resolve("config/users.yml").toAbsolutePath().toString());
        // The aggregation's state next to the log, in the stack's data directory: kept across restarts, so that a
        // restart restores only what changed since (ADR 15).
        environment.put(
                "LAWSTATS_STREAMS_STATE_DIR",
                logFile.toAbsolutePath().getParent().resolve("streams").toString());
        // A static member of the aggregation's group, named by its port: restarted (or all restarted), it takes its
        // tasks back at once instead of waiting for its former session to time out (45 s), which Kafka Streams does
        // not leave on close.
        environment.put("SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID", "lawstats-aggregator-" + port);
        environment.putAll(extra);
        return awaitHealthy(launch(
                root.resolve("services/aggregator/target/lawstats-aggregator.jar"),
                javaHome,
                logFile,
                port,
                environment,
                Optional.empty(),
                true));
    }

    public ManagedProcess process() {
        return process;
    }

    /** The HTTP base, e.g. {@code http://127.0.0.1:8080}, or {@code https://} when started over TLS. */
    public String uri() {
        return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
