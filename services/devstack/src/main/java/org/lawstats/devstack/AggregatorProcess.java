package org.lawstats.devstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        process.awaitReady(
                STARTUP_TIMEOUT, ManagedProcess.answers200(URI.create(aggregator.uri() + "/actuator/health")));
        return aggregator;
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
