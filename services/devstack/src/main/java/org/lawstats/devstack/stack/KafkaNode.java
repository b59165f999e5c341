package org.lawstats.devstack.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * By default it is the open development broker of the local stack (PLAINTEXT, no authorization, topics created by
 * their first producer); {@link #startSecured} gives it the security of production instead.
 */
public final class KafkaNode implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Map<String, String> TOOLS = Map.of(
            "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
            "kafka-acls.sh", "org.apache.kafka.tools.AclCommand",
            "kafka-configs.sh", "kafka.admin.ConfigCommand");

    private final ManagedProcess process;
    private final int port;
    private final Security security;

    /**
     * @param dataDir the broker's log dir (formatted on first use)
     * @param port the client port on 127.0.0.1
     * @param controllerPort the KRaft controller port on 127.0.0.1
     * @param heapMb the JVM heap
     * @param javaHome the JDK to run it with
     */
    public record Settings(Path dataDir, int port, int controllerPort, int heapMb, Path javaHome) {}

    /**
     * The security of {@code config/kafka/start-broker.sh} on one node: SASL_SSL on both listeners (SCRAM-SHA-512
     * for clients and between brokers, PLAIN for the controller, whose SCRAM credentials would live in the metadata
     * it serves), the StandardAuthorizer with no access that no ACL grants, the admin the only super user, and no
     * topic created by a producer.
     *
     * @param keystore the node's PKCS12 keystore, with a certificate for 127.0.0.1 ({@code config/kafka/make-tls.sh})
     * @param keystorePassword its password
     * @param caCertificate the PEM certificate of the CA that signed it, which every client trusts
     * @param adminPassword the password of the super user {@code admin}, whose SCRAM credential is written at format
     */
    public record Security(Path keystore, String keystorePassword, Path caCertificate, String adminPassword) {

        /** The client settings of a Kafka user: SASL_SSL, SCRAM-SHA-512, trusting the CA. */
        public Map<String, Object> client(String bootstrapServers, String user, String password) {
            return Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    "security.protocol",
                    "SASL_SSL",
                    "sasl.mechanism",
                    "SCRAM-SHA-512",
                    "sasl.jaas.config",
                    scramLogin(user, password),
                    "ssl.truststore.type",
                    "PEM",
                    "ssl.truststore.location",
                    caCertificate.toString());
        }
    }

    private KafkaNode(ManagedProcess process, int port, Security security) {
        this.process = process;
        this.port = port;
        this.security = security;
    }

    /** Formats the storage if it is new, starts the open broker and returns once it answers metadata requests. */
    public static KafkaNode start(Settings settings) {
        return start(settings, null);
    }

    /** Formats the storage if it is new, starts a broker with the production security, and waits for it. */
    public static KafkaNode startSecured(Settings settings, Security security) {
        return start(settings, security);
    }

    private static KafkaNode start(Settings settings, Security security) {
        Path dir = settings.dataDir().toAbsolutePath().normalize();
        Path logs = dir.resolve("logs");
        Path properties = dir.resolve("server.properties");
        String classpath = classpath();
        String java = settings.javaHome().resolve("bin/java").toString();
        try {
            Files.createDirectories(logs);
            String server = security == null
                    ? serverProperties(settings, logs)
                    : securedServerProperties(settings, logs, security);
            Files.writeString(properties, server, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(java, classpath, properties, dir, security);
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
        KafkaNode node = new KafkaNode(process, settings.port(), security);
        Map<String, Object> client = new HashMap<>(node.adminClient());
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(client)) {
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
                // Kafka is the record: a unit's topic created by its first event keeps it for good, as the topics
                // the aggregator creates do.
                "log.retention.ms=-1",
                "");
    }

    /** The security lines of config/kafka/start-broker.sh, on 127.0.0.1 and with replication 1. */
    private static String securedServerProperties(Settings s, Path logs, Security security) {
        String admin = security.adminPassword();
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + s.controllerPort(),
                "controller.listener.names=CONTROLLER",
                "listeners=SASL://127.0.0.1:" + s.port() + ",CONTROLLER://127.0.0.1:" + s.controllerPort(),
                "advertised.listeners=SASL://127.0.0.1:" + s.port(),
                "listener.security.protocol.map=SASL:SASL_SSL,CONTROLLER:SASL_SSL",
                "inter.broker.listener.name=SASL",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                "listener.name.sasl.scram-sha-512.sasl.jaas.config=" + scramLogin("admin", admin),
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                        + admin + "\" user_admin=\"" + admin + "\";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + security.keystore(),
                "ssl.keystore.password=" + security.keystorePassword(),
                "ssl.key.password=" + security.keystorePassword(),
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + security.caCertificate(),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:admin",
                "allow.everyone.if.no.acl.found=false",
                "auto.create.topics.enable=false",
                "log.dirs=" + logs,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static void format(String java, String classpath, Path properties, Path dir, Security security) {
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-cp",
                classpath,
                "kafka.tools.StorageTool",
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                properties.toString()));
        if (security != null) {
            // Brokers authenticate to each other as the admin before anyone could create a user through the API.
            command.addAll(
                    List.of("--add-scram", "SCRAM-SHA-512=[name=admin,password=" + security.adminPassword() + "]"));
        }
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

    /** The client settings of the super user: the bootstrap servers, and on a secured broker the admin's login. */
    public Map<String, Object> adminClient() {
        return security == null
                ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())
                : security.client(bootstrapServers(), "admin", security.adminPassword());
    }

    /**
     * Writes into {@code dir} the Kafka command-line tools that {@code config/kafka/init-security.sh} calls
     * ({@code kafka-topics.sh}, {@code kafka-acls.sh}, {@code kafka-configs.sh}), as scripts that run them from this
     * broker's Maven-resolved jars, and returns {@code dir}: the setup of production, run against this broker.
     */
    public static Path commandLineTools(Path dir, Path javaHome) {
        String java = javaHome.resolve("bin/java").toString();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
                Path script = dir.resolve(tool.getKey());
                Files.writeString(
                        script,
                        "#!/bin/bash\nexec '" + java + "' -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                                + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '" + classpath() + "' "
                                + tool.getValue() + " \"$@\"\n",
                        StandardCharsets.UTF_8);
                if (!script.toFile().setExecutable(true)) {
                    throw new IllegalStateException("cannot make " + script + " executable");
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka tools into " + dir, e);
        }
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
