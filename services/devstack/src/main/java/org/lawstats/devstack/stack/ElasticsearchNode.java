package org.lawstats.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A real single-node Elasticsearch server, run from the integ-test zip that Maven resolved.
 *
 * <p>Its configuration, data, logs and temporary files all live under {@link Settings#dataDir()}, so the
 * unpacked distribution stays read-only and a data dir can be moved, wiped or shared between runs. As root the
 * server runs as the system user {@value Host#ES_USER}, because Elasticsearch refuses to run as root.
 *
 * <p>Security is off unless the node is started with a {@link Security}: the local stack and the shared test node
 * speak plain HTTP without users; a test of the production configuration starts a node of its own with TLS and roles.
 */
public final class ElasticsearchNode implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final ManagedProcess process;
    private final int httpPort;
    private final Optional<NodeSecurity> security;
    private final HttpClient http;

    /**
     * @param home the unpacked distribution ({@code bin/elasticsearch} inside)
     * @param dataDir where this node keeps everything it writes
     * @param httpPort the REST port on 127.0.0.1
     * @param transportPort the transport port on 127.0.0.1
     * @param heapMb the JVM heap
     * @param javaHome a JDK 21+ (the zip bundles none)
     */
    public record Settings(Path home, Path dataDir, int httpPort, int transportPort, int heapMb, Path javaHome) {}

    /**
     * Security on, as in production: TLS on HTTP and transport with certificates made for this node when it starts (a
     * CA of its own, a certificate for 127.0.0.1 and localhost), the roles of a roles file, and users of the file
     * realm. The node also has an administrator of its own, for {@link #request}.
     *
     * @param rolesFile an Elasticsearch {@code roles.yml}, e.g. the aggregator's role in {@code config/elasticsearch}
     * @param users the users to create, each with its password and roles
     */
    public record Security(Path rolesFile, List<User> users) {
        public record User(String name, String password, List<String> roles) {}
    }

    private ElasticsearchNode(ManagedProcess process, int httpPort, Optional<NodeSecurity> security) {
        this.process = process;
        this.httpPort = httpPort;
        this.security = security;
        this.http = security.map(NodeSecurity::httpClient)
                .orElseGet(() -> HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build());
    }

    /** Starts the server with security off and returns once the cluster is at least yellow. */
    public static ElasticsearchNode start(Settings settings) {
        return start(settings, Optional.empty());
    }

    /** Starts the server with security on and returns once the cluster is at least yellow. */
    public static ElasticsearchNode start(Settings settings, Security security) {
        return start(settings, Optional.of(security));
    }

    private static ElasticsearchNode start(Settings settings, Optional<Security> securityOn) {
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
        Optional<NodeSecurity> security =
                securityOn.map(on -> NodeSecurity.prepare(home, settings.javaHome(), root, conf, on));
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
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("cluster.name", "lawstats");
        flags.put("node.name", "lawstats-1");
        flags.put("discovery.type", "single-node");
        security.ifPresentOrElse(on -> flags.putAll(on.settings()), () -> flags.put("xpack.security.enabled", "false"));
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
        ElasticsearchNode node = new ElasticsearchNode(process, settings.httpPort(), security);
        process.awaitReady(
                STARTUP_TIMEOUT,
                ManagedProcess.answers200(
                        node.http,
                        node.asAdministrator(HttpRequest.newBuilder(
                                        URI.create(node.uri() + "/_cluster/health?wait_for_status=yellow&timeout=2s")))
                                .timeout(Duration.ofSeconds(5))
                                .build()));
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

    /** The REST endpoint, e.g. {@code http://127.0.0.1:9200}, or {@code https://} with security on. */
    public String uri() {
        return (security.isPresent() ? "https" : "http") + "://127.0.0.1:" + httpPort;
    }

    /**
     * A request to the REST API as the node's administrator (anonymous with security off), e.g. to look at what a
     * client with fewer privileges stored.
     *
     * @param body a JSON body, or empty for none
     */
    public HttpResponse<String> request(String method, String path, String body) {
        HttpRequest request = asAdministrator(HttpRequest.newBuilder(URI.create(uri() + path)))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    private HttpRequest.Builder asAdministrator(HttpRequest.Builder request) {
        security.ifPresent(on -> request.header("Authorization", on.adminAuthorization()));
        return request;
    }

    /** The certificate (PEM) of the CA that signed the node's certificate, which its clients trust. */
    public Path caCertificate() {
        return secured().caCertificate();
    }

    /**
     * The node's certificate and private key (PEM), for 127.0.0.1 and localhost: another test server on this machine
     * may serve them, and is then trusted like the node.
     */
    public Path certificate() {
        return secured().certificate();
    }

    /** See {@link #certificate()}. */
    public Path privateKey() {
        return secured().privateKey();
    }

    /** A TLS context that trusts the node's CA (and nothing else). */
    public SSLContext sslContext() {
        return secured().sslContext();
    }

    private NodeSecurity secured() {
        return security.orElseThrow(() -> new IllegalStateException("this node runs with security off"));
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
    /** The Elasticsearch unpacked by the build in {@code services/devstack/target}. */
    public static Path home(Path root) {
        Path target = root.resolve("services/devstack/target");
        try (Stream<Path> dirs = Files.list(target)) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("elasticsearch-") && Files.isDirectory(p))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Elasticsearch is not unpacked in " + target));
        } catch (IOException e) {
            throw new IllegalStateException("Elasticsearch is not unpacked in " + target + " (./lawstats build)", e);
        }
    }
}
