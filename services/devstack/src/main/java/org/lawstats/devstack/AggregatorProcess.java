package org.lawstats.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The aggregator and HTTP API, run from its Boot jar in a JVM of its own. */
public final class AggregatorProcess implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final ManagedProcess process;
    private final int port;

    private AggregatorProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar and returns once {@code /actuator/health} answers 200. */
    public static AggregatorProcess start(
            Path jar, Path javaHome, Path logFile, int port, Map<String, String> environment) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no aggregator jar at " + jar + " (./lawstats build makes it)");
        }
        List<String> command = List.of(
                javaHome.resolve("bin/java").toString(),
                "-Xms128m",
                "-Xmx384m",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-jar",
                jar.toString(),
                "--server.port=" + port);
        ManagedProcess process =
                ManagedProcess.start("aggregator", command, jar.getParent(), environment, logFile, Optional.empty());
        AggregatorProcess aggregator = new AggregatorProcess(process, port);
        try {
            aggregator.awaitReady();
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
        return aggregator;
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the aggregator", e);
            }
            ElasticsearchNode.pause();
        }
        throw new IllegalStateException("the aggregator did not become healthy within " + STARTUP_TIMEOUT.toSeconds()
                + " s; last lines of " + process.logFile() + ":" + System.lineSeparator() + process.tail(40));
    }

    public ManagedProcess process() {
        return process;
    }

    /** The HTTP base, e.g. {@code http://127.0.0.1:8080}. */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
