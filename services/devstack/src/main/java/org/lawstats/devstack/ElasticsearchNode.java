package org.lawstats.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch server, run from the integ-test zip that Maven resolved.
 *
 * <p>Its configuration, data, logs and temporary files all live under {@link Settings#dataDir()}, so the
 * unpacked distribution stays read-only and a data dir can be moved, wiped or shared between runs. As root the
 * server runs as the system user {@value Host#ES_USER}, because Elasticsearch refuses to run as root.
 */
public final class ElasticsearchNode implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final ManagedProcess process;
    private final int httpPort;

    /**
     * @param home the unpacked distribution ({@code bin/elasticsearch} inside)
     * @param dataDir where this node keeps everything it writes
     * @param httpPort the REST port on 127.0.0.1
     * @param transportPort the transport port on 127.0.0.1
     * @param heapMb the JVM heap
     * @param javaHome a JDK 21+ (the zip bundles none)
     */
    public record Settings(Path home, Path dataDir, int httpPort, int transportPort, int heapMb, Path javaHome) {}

    private ElasticsearchNode(ManagedProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts the server and returns once the cluster is at least yellow. */
    public static ElasticsearchNode start(Settings settings) {
        Path home = settings.home().toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("no Elasticsearch distribution at " + home
                    + " (it is unpacked by the Maven build: ./lawstats build)");
        }
        Path root = settings.dataDir().toAbsolutePath().normalize();
        Path conf = root.resolve("config");
        Path data = root.resolve("data");
        Path logs = root.resolve("logs");
        Path tmp = root.resolve("tmp");
        try {
            for (Path dir : List.of(data, logs, tmp)) {
                Files.createDirectories(dir);
            }
            if (!Files.exists(conf.resolve("elasticsearch.yml"))) {
                copyTree(home.resolve("config"), conf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + root, e);
        }
        Optional<String> runAs = Optional.empty();
        if (Host.isRoot()) {
            Host.ensureSystemUser(Host.ES_USER);
            Host.chownTree(root, Host.ES_USER);
            Host.makeTraversable(root);
            Host.makeTraversable(home);
            runAs = Optional.of(Host.ES_USER);
        }
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin/elasticsearch").toString()));
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        flags.put("cluster.name", "lawstats");
        flags.put("node.name", "lawstats-1");
        flags.put("discovery.type", "single-node");
        flags.put("xpack.security.enabled", "false");
        flags.put("network.host", "127.0.0.1");
        flags.put("http.port", Integer.toString(settings.httpPort()));
        flags.put("transport.port", Integer.toString(settings.transportPort()));
        flags.put("path.data", data.toString());
        flags.put("path.logs", logs.toString());
        // Containers report the host's disk, not the data dir's; the watermarks would block writes at random.
        flags.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        flags.forEach((key, value) -> command.addAll(List.of("-E", key + "=" + value)));

        Map<String, String> environment = Map.of(
                "ES_JAVA_HOME", settings.javaHome().toString(),
                "ES_PATH_CONF", conf.toString(),
                "ES_TMPDIR", tmp.toString(),
                "ES_JAVA_OPTS", "-Xms" + settings.heapMb() + "m -Xmx" + settings.heapMb() + "m");
        ManagedProcess process =
                ManagedProcess.start("elasticsearch", command, root, environment, root.resolve("console.log"), runAs);
        ElasticsearchNode node = new ElasticsearchNode(process, settings.httpPort());
        process.awaitReady(
                STARTUP_TIMEOUT,
                ManagedProcess.answers200(
                        URI.create(node.uri() + "/_cluster/health?wait_for_status=yellow&timeout=2s")));
        return node;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The REST endpoint, e.g. {@code http://127.0.0.1:9200}. */
    public String uri() {
        return "http://127.0.0.1:" + httpPort;
    }

    public long pid() {
        return process.pid();
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
