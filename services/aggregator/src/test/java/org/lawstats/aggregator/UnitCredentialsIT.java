package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventPublisher;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.contract.Topics;
import org.lawstats.devstack.stack.AggregatorProcess;
import org.lawstats.devstack.stack.KafkaNode;
import tools.jackson.databind.JsonNode;

/**
 * One unit's Kafka credentials cannot change another unit's figures (ADR 11), on a broker secured as production is:
 * SASL_SSL with SCRAM-SHA-512, the StandardAuthorizer, no access without an ACL, TLS material made by
 * {@code config/kafka/make-tls.sh}, and the topics, users and ACLs made by running {@code config/kafka/init-security.sh}
 * itself, over a cluster that still holds the broad ACL of the scheme before. An aggregator consumes it as the
 * {@code aggregator} user.
 *
 * <p>The broker is this test's own, not the shared one: its listeners are those of production (no anonymous super
 * user, no topic created by a producer), the shared broker and the other tests stay as they are, and the aggregator
 * here replays only this test's records instead of every other test's.
 */
class UnitCredentialsIT {
    private static final String A = "t.cred:a";
    private static final String A_CHILD = "t.cred:a.sub";
    private static final String B = "t.cred_b";
    private static final String GHOST = "t.cred-ghost"; // has Kafka credentials, but is no unit of the registry
    private static final Path ROOT = Path.of("target", "unit-credentials").toAbsolutePath();
    private static final Path CONFIG =
            Path.of("../../config/kafka").toAbsolutePath().normalize();
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static KafkaNode kafka;
    private static KafkaNode.Security security;
    private static AggregatorProcess aggregator;

    @BeforeAll
    static void secureBrokerWithProductionSetupAndAnAggregator() throws Exception {
        deleteTree(ROOT);
        Path tls = ROOT.resolve("tls");
        run(
                List.of("bash", CONFIG.resolve("make-tls.sh").toString(), tls.toString(), "127.0.0.1"),
                Map.of("KEYTOOL", JAVA_HOME.resolve("bin/keytool").toString()),
                ROOT.resolve("make-tls.log"));
        security = new KafkaNode.Security(
                tls.resolve("127.0.0.1.p12"),
                Files.readString(tls.resolve("kafka-tls-password.txt")).strip(),
                tls.resolve("kafka-ca.crt"),
                secret());
        kafka = KafkaNode.startSecured(
                new KafkaNode.Settings(
                        ROOT.resolve("kafka"),
                        TestInfrastructure.freePort(),
                        TestInfrastructure.freePort(),
                        256,
                        JAVA_HOME),
                security);

        try (Admin admin = Admin.create(kafka.adminClient())) {
            // A cluster set up before ADR 11: every unit could write every lawstats topic. The setup must take it back.
            admin.createAcls(List.of(new AclBinding(
                            new ResourcePattern(ResourceType.TOPIC, "lawstats.", PatternType.PREFIXED),
                            new AccessControlEntry(
                                    "User:unit." + A, "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }

        Path secrets = ROOT.resolve("secrets");
        Files.createDirectories(secrets);
        for (String user : List.of("admin", "aggregator", A, B, GHOST)) {
            PASSWORDS.put(user, user.equals("admin") ? security.adminPassword() : secret());
        }
        Files.writeString(secrets.resolve("kafka_admin_password"), PASSWORDS.get("admin"));
        Files.writeString(secrets.resolve("kafka_aggregator_password"), PASSWORDS.get("aggregator"));
        Files.writeString(
                secrets.resolve("kafka_unit_passwords"),
                "# unit password\n" + A + " " + PASSWORDS.get(A) + "\n" + B + " " + PASSWORDS.get(B) + "\n" + GHOST
                        + " " + PASSWORDS.get(GHOST) + "\n");
        Files.copy(security.caCertificate(), secrets.resolve("kafka_ca"));
        run(
                List.of("bash", CONFIG.resolve("init-security.sh").toString()),
                Map.of(
                        "KAFKA_BOOTSTRAP",
                        kafka.bootstrapServers(),
                        "KAFKA_BIN",
                        KafkaNode.commandLineTools(ROOT.resolve("bin"), JAVA_HOME)
                                .toString(),
                        "SECRETS",
                        secrets.toString(),
                        "REPLICATION",
                        "1",
                        "MIN_INSYNC",
                        "1",
                        "PARTITIONS",
                        "1"),
                ROOT.resolve("init-security.log"));

        Map<String, String> environment = Map.of(
                "SPRING_KAFKA_BOOTSTRAPSERVERS",
                kafka.bootstrapServers(),
                "SPRING_KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"aggregator\""
                        + " password=\"" + PASSWORDS.get("aggregator") + "\";",
                "SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE",
                "PEM",
                "SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION",
                security.caCertificate().toString());
        aggregator = new SeparateAggregator(
                        "lawstats-unit-credentials",
                        "unit-credentials-events",
                        TestInfrastructure.get().elasticsearchUri(),
                        new SeparateAggregator.Kafka(kafka.adminClient(), environment))
                .start(
                        "unit-credentials-aggregator.log",
                        Map.of(
                                "LAWSTATS_STORE_CASESALIAS", "unit-credentials-cases",
                                "LAWSTATS_INGEST_PARTITIONS", "1",
                                // the production names, which the production ACLs grant (ADR 15)
                                "SPRING_KAFKA_STREAMS_APPLICATIONID", "lawstats-aggregation",
                                "LAWSTATS_RESULTS_DOCUMENTSTOPIC", "lawstats.documents",
                                "LAWSTATS_RESULTS_CASERECORDSTOPIC", "lawstats.case-records",
                                "LAWSTATS_RESULTS_REQUESTRECORDSTOPIC", "lawstats.request-records"));
    }

    @AfterAll
    static void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aUnitsCredentialsCannotWriteTheContractTopicsNorTheDeadLetterTopic() throws Exception {
        try (EventPublisher contract = EventPublisher.connect(credentialsOf(A))) {
            assertThatThrownBy(() -> contract.publishAndWait(
                            enrolled("cred:contract", A, "p1", "2090-03-01"), Duration.ofSeconds(60)))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, byte[]> producer = rawProducer(credentialsOf(A))) {
            for (String topic :
                    List.of(Topics.TRAINING, Topics.DISCLOSURE, Topics.CASES, Topics.ACTIVITIES, Topics.DLQ)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, A, new byte[] {'{', '}'}))
                                .get(60, TimeUnit.SECONDS))
                        .as(topic)
                        .cause()
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
        for (String topic : Topics.EVENT_TOPICS) {
            assertThat(endOffset(topic)).as("records in " + topic).isZero();
        }
    }

    @Test
    void aUnitsCredentialsCannotWriteAnotherUnitsTopic() throws Exception {
        long before = endOffset(Topics.ofUnit(B));
        // The publisher of unit B's topic, but with unit A's credentials.
        try (EventPublisher intruder = EventPublisher.forUnit(B, credentialsOf(A))) {
            assertThatThrownBy(() -> intruder.publishAndWait(
                            enrolled("cred:intrude", B, "p1", "2090-04-01"), Duration.ofSeconds(60)))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(endOffset(Topics.ofUnit(B))).isEqualTo(before);
    }

    @Test
    void anEventForAnotherUnitOnAUnitsOwnTopicIsDeadLetteredAndLeavesThatUnitsFiguresAlone() throws Exception {
        String period = "2091";
        try (EventPublisher b = EventPublisher.forUnit(B, credentialsOf(B))) {
            b.publishAndWait(enrolled(B + ":b-own", B, "p-b", period + "-02-01"), Duration.ofSeconds(60));
        }
        awaitFigure(period, B, "training.enrolled_persons", 1);

        EventEnvelope forB = enrolled("cred:a-for-b", B, "p-forged", period + "-02-02");
        RecordMetadata forged;
        try (EventPublisher a = EventPublisher.forUnit(A, credentialsOf(A))) {
            forged = a.publishAndWait(forB, Duration.ofSeconds(60));
            // A valid event of A's behind it, on the same partition: once it counts, the forged one was handled.
            a.publishAndWait(enrolled(A + ":a-marker", A, "p-a", period + "-02-03"), Duration.ofSeconds(60));
        }
        assertThat(forged.topic()).isEqualTo("lawstats.unit.t_2ecred_3aa");
        awaitFigure(period, A, "training.enrolled_persons", 1);

        ConsumerRecord<byte[], byte[]> letter = DeadLetters.read(
                        kafka.adminClient(), DeadLetters.of(forged.topic(), List.of(forged.offset())), 1)
                .getFirst();
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.REASON)).isEqualTo("unit-not-permitted");
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.DETAIL))
                .contains("'" + B + "' is outside the subtree of " + A)
                .endsWith(".");
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(forged.topic());
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.ORIGINAL_PARTITION))
                .isEqualTo(Integer.toString(forged.partition()));
        assertThat(DeadLetters.originalOffset(letter)).isEqualTo(forged.offset());
        assertThat(letter.value())
                .as("the original bytes")
                .isEqualTo(EventCodec.strict().encode(forB));
        assertThat(new String(letter.key(), StandardCharsets.UTF_8))
                .as("the original key, the eventId the publisher keys by (events.md 1.2)")
                .isEqualTo(forB.eventId());

        assertThat(figure(period, B, "training.enrolled_persons")).isEqualTo(1);
        assertThat(figure(period, A, "training.enrolled_persons")).isEqualTo(1);
    }

    @Test
    void anotherUnitsEventIdOnAUnitsOwnTopicIsDeadLetteredAndThatUnitsEventKeepsCounting() throws Exception {
        String period = "2095";
        EventEnvelope own = enrolled(B + ":taken", B, "p-b", period + "-03-01");
        try (EventPublisher b = EventPublisher.forUnit(B, credentialsOf(B))) {
            b.publishAndWait(own, Duration.ofSeconds(60));
        }
        awaitFigure(period, B, "training.enrolled_persons", 1);

        // A's credentials, A's own topic, an event of A's own: only its eventId is B's (events.md 1.2). Before, it
        // made B's event contested, counting for neither unit.
        EventEnvelope claim = enrolled(B + ":taken", A, "p-a", period + "-03-02");
        RecordMetadata foreign;
        try (EventPublisher a = EventPublisher.forUnit(A, credentialsOf(A))) {
            foreign = a.publishAndWait(claim, Duration.ofSeconds(60));
            a.publishAndWait(enrolled(A + ":taken-marker", A, "p-a2", period + "-03-03"), Duration.ofSeconds(60));
        }
        awaitFigure(period, A, "training.enrolled_persons", 1);

        ConsumerRecord<byte[], byte[]> letter = DeadLetters.read(
                        kafka.adminClient(), DeadLetters.of(foreign.topic(), List.of(foreign.offset())), 1)
                .getFirst();
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.REASON)).isEqualTo("foreign-event-id");
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.DETAIL))
                .contains("'" + B + ":taken' does not begin with the id of a unit of the subtree of " + A)
                .endsWith(".");
        assertThat(letter.value())
                .as("the original bytes")
                .isEqualTo(EventCodec.strict().encode(claim));
        assertThat(figure(period, B, "training.enrolled_persons")).isEqualTo(1);
        assertThat(figure(period, A, "training.enrolled_persons")).isEqualTo(1);
    }

    @Test
    void aUnitsOwnEventsAndThoseOfTheUnitsBelowItCountFromItsOwnTopicWhateverTheirType() throws Exception {
        String period = "2092";
        try (EventPublisher a = EventPublisher.forUnit(A, credentialsOf(A))) {
            a.publishAndWait(enrolled(A + ":a-own", A, "p1", period + "-05-01"), Duration.ofSeconds(60));
            a.publishAndWait(enrolled(A_CHILD + ":a-child", A_CHILD, "p2", period + "-05-02"), Duration.ofSeconds(60));
            a.publishAndWait(
                    EventEnvelope.of(
                            A + ":a-lecture",
                            EventType.STUDY_HELD,
                            A,
                            OffsetDateTime.parse(period + "-05-03T09:00:00+08:00"),
                            new Payload.StudyHeld(Payload.StudyHeld.Kind.LECTURE, "行政复议法", 30L)),
                    Duration.ofSeconds(60));
        }
        awaitFigure(period, A, "training.enrolled_persons", 2);
        assertThat(figure(period, A_CHILD, "training.enrolled_persons")).isEqualTo(1);
        assertThat(figure(period, A, "study.lecture")).isEqualTo(1);
    }

    @Test
    void aTopicWithCredentialsButNoUnitOfTheRegistryCountsNothing() throws Exception {
        String period = "2093";
        RecordMetadata sent;
        try (EventPublisher ghost = EventPublisher.forUnit(GHOST, credentialsOf(GHOST))) {
            // Even an event of a real unit: the topic itself speaks for no unit.
            sent = ghost.publishAndWait(enrolled("cred:ghost", B, "p-g", period + "-01-05"), Duration.ofSeconds(60));
        }
        ConsumerRecord<byte[], byte[]> letter = DeadLetters.read(
                        kafka.adminClient(), DeadLetters.of(sent.topic(), List.of(sent.offset())), 1)
                .getFirst();
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.REASON)).isEqualTo("unit-not-permitted");
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.DETAIL))
                .contains(Topics.ofUnit(GHOST) + " is the topic of no unit of the registry");
        assertThat(figure(period, B, "training.enrolled_persons")).isZero();
    }

    @Test
    void theRebuildReplaysTheUnitTopics() throws Exception {
        String period = "2094";
        try (EventPublisher a = EventPublisher.forUnit(A, credentialsOf(A))) {
            a.publishAndWait(enrolled(A_CHILD + ":rebuild", A_CHILD, "p1", period + "-07-01"), Duration.ofSeconds(60));
        }
        awaitFigure(period, A, "training.enrolled_persons", 1);

        HttpResponse<String> started = HTTP.send(
                HttpRequest.newBuilder(URI.create(aggregator.uri() + "/api/v1/admin/rebuild"))
                        .header("Authorization", IntegrationTest.basic("admin"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isBetween(200, 299);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !SeparateAggregator.getJson(aggregator, "/api/v1/admin/rebuild")
                        .path("state")
                        .asString()
                        .equals("RUNNING"));
        JsonNode done = SeparateAggregator.getJson(aggregator, "/api/v1/admin/rebuild");
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.path("eventsIndex").asString()).startsWith("unit-credentials-events-r");

        // The new index holds only what the replay wrote.
        awaitFigure(period, A, "training.enrolled_persons", 1);
        assertThat(figure(period, A_CHILD, "training.enrolled_persons")).isEqualTo(1);
    }

    // ---- fixtures --------------------------------------------------------------------------------------------

    private static EventEnvelope enrolled(String eventId, String unit, String person, String day) {
        return IntegrationTest.enrolled(eventId, unit, person, OffsetDateTime.parse(day + "T09:00:00+08:00"));
    }

    /** The client settings of a unit's own Kafka user, {@code unit.<unitId>}, as a unit service would use them. */
    private static Map<String, Object> credentialsOf(String unit) {
        Map<String, Object> settings =
                new HashMap<>(security.client(kafka.bootstrapServers(), "unit." + unit, PASSWORDS.get(unit)));
        settings.put("max.block.ms", 30_000);
        return settings;
    }

    private static KafkaProducer<String, byte[]> rawProducer(Map<String, Object> settings) {
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    private static long endOffset(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.adminClient())) {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .iterator()
                    .next()
                    .offset();
        }
    }

    private static long figure(String period, String unit, String indicator) throws Exception {
        JsonNode stats = SeparateAggregator.getJson(aggregator, "/api/v1/stats?period=" + period + "&unit=" + unit);
        assertThat(stats.has("values")).as(stats.toString()).isTrue();
        return stats.path("values").path(indicator).asLong();
    }

    private static void awaitFigure(String period, String unit, String indicator, long expected) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> figure(period, unit, indicator) == expected);
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Runs a script of the repository to its end; fails with its output when it fails. */
    private static void run(List<String> command, Map<String, String> environment, Path log) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 10 minutes; see " + log);
        }
        assertThat(process.exitValue())
                .as(command + " failed:\n" + Files.readString(log))
                .isZero();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
