package org.lawstats.aggregator;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.lawstats.aggregator.deadlines.OfficialCalendar;
import org.lawstats.aggregator.indicators.FiguresFollower;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Base of the integration tests: the real aggregator on a real broker and a real Elasticsearch (one of each,
 * shared), the test registry, and small fixtures. Every test works in its own unit of the registry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.Configuration.class)
abstract class IntegrationTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    int port;

    /** The application's clock: a test of "today" sets the day it runs on. */
    @Autowired
    TestClock clock;

    @AfterEach
    void systemClockAgain() {
        clock.reset();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
        registry.add("spring.elasticsearch.uris", infrastructure::elasticsearchUri);
        registry.add("lawstats.units-file", () -> "classpath:test-units.yml");
        registry.add(
                "spring.kafka.streams.state-dir",
                () -> TestInfrastructure.streamsState("in-process").toString());
        registry.add("lawstats.users-file", () -> "classpath:test-users.yml");
        // the test users' passwords are hashed at cost 4 to keep the suite fast
        registry.add("lawstats.users-min-bcrypt-cost", () -> "4");
        registry.add("lawstats.gateway.max-body-size", () -> "1MB");
        registry.add("lawstats.gateway.requests-per-second", () -> "5");
        registry.add("lawstats.gateway.burst", () -> "10");
        registry.add("lawstats.ingest.partitions", () -> "3");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMailServer::port);
        // The tests send the digests of the days they choose; the watch looks every second for the live notices.
        registry.add("lawstats.alerts.digest.cron", () -> "-");
        registry.add("lawstats.alerts.watch-every", () -> "1s");
    }

    static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            TestInfrastructure.get().bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    static OffsetDateTime at(String isoInstant) {
        return OffsetDateTime.parse(isoInstant);
    }

    static EventEnvelope enrolled(String eventId, String unit, String person, OffsetDateTime at) {
        return EventEnvelope.of(
                eventId, EventType.TRAINING_ENROLLED, unit, at, new Payload.TrainingEnrolled(person, "law", null));
    }

    /** An executive meeting with the rule of law on its agenda and three key matters, at a time with its offset. */
    static EventEnvelope meeting(String eventId, String unit, String at) {
        return EventEnvelope.of(
                eventId,
                EventType.MEETING_HELD,
                unit,
                OffsetDateTime.parse(at),
                new Payload.MeetingHeld(Payload.MeetingHeld.Kind.EXECUTIVE, true, 3));
    }

    static EventEnvelope completed(String eventId, String unit, String person, OffsetDateTime at) {
        return EventEnvelope.of(
                eventId,
                EventType.TRAINING_COMPLETED,
                unit,
                at,
                new Payload.TrainingCompleted(person, "law", null, 8.0));
    }

    static EventEnvelope assigned(String eventId, String unit, String person, OffsetDateTime at) {
        return EventEnvelope.of(
                eventId, EventType.EXAM_ASSIGNED, unit, at, new Payload.ExamAssigned(person, "exam", null));
    }

    static EventEnvelope taken(String eventId, String unit, String person, OffsetDateTime at) {
        return EventEnvelope.of(
                eventId, EventType.EXAM_TAKEN, unit, at, new Payload.ExamTaken(person, "exam", 88.0, true));
    }

    /**
     * A receipt day whose 20-working-day disclosure reply limit ends within the 5 working days after {@code day}: a
     * request received then is DUE_SOON on that day (on the official calendar's make-up days and holidays).
     */
    static LocalDate receiptDueSoonOn(OfficialCalendar calendar, LocalDate day) {
        LocalDate receipt = day;
        while (calendar.afterWorkingDays(receipt, 20).isAfter(calendar.afterWorkingDays(day, 5))) {
            receipt = receipt.minusDays(1);
        }
        return receipt;
    }

    // ---- the pipeline ---------------------------------------------------------------------------------------

    /** Produces an event's contract JSON to its topic, partition 0, and waits for the acknowledgement. */
    static RecordMetadata send(EventEnvelope event) {
        return sendRaw(event.type().topic(), event.unitId(), EventCodec.strict().encode(event));
    }

    static RecordMetadata sendRaw(String topic, String key, byte[] value) {
        return sendRaw(topic, 0, key, value);
    }

    /** Produces without waiting; {@link #awaitAllConsumed()} flushes. */
    static void sendTo(EventEnvelope event, int partition) {
        producer()
                .send(new ProducerRecord<>(
                        event.type().topic(),
                        partition,
                        event.unitId(),
                        EventCodec.strict().encode(event)));
    }

    static RecordMetadata sendRaw(String topic, int partition, String key, byte[] value) {
        try {
            return producer()
                    .send(new ProducerRecord<>(topic, partition, key, value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /**
     * Waits until the event is stored at the given revision and everything sent so far is settled
     * ({@link #awaitFiguresSettled}), then refreshes the index so that searches see it.
     */
    static void awaitStored(String eventId, long revision) {
        String es = TestInfrastructure.get().elasticsearchUri();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    HttpResponse<String> response = HTTP.send(
                            HttpRequest.newBuilder(URI.create(es + "/lawstats-events/_doc/" + eventId))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    return response.statusCode() == 200
                            && JSON.readTree(response.body())
                                            .path("_source")
                                            .path("revision")
                                            .asLong(1)
                                    == revision;
                });
        awaitFiguresSettled();
        refresh();
    }

    /** Everything sent so far is in the figures this aggregator serves and stored ({@link AggregationSettled}). */
    static void awaitFiguresSettled() {
        producer().flush();
        AggregationSettled.settle(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestInfrastructure.get().bootstrapServers()),
                AggregationSettled.Names.PRODUCTION,
                () -> follower.positions());
    }

    private static FiguresFollower follower;

    @Autowired
    void follower(FiguresFollower figures) {
        follower = figures;
    }

    /** Waits until everything sent so far is in the figures and stored ({@link AggregationSettled}), then refreshes. */
    void awaitAllConsumed() {
        awaitFiguresSettled();
        refresh();
    }

    /** Whether the event index holds this eventId now (a realtime get: no refresh needed). */
    static boolean stored(String eventId) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(TestInfrastructure.get()
                                                            .elasticsearchUri() + "/lawstats-events/_doc/" + eventId))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored document of this eventId now (a realtime get), or a missing node when there is none. */
    static JsonNode document(String eventId) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    TestInfrastructure.get().elasticsearchUri() + "/lawstats-events/_doc/" + eventId))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200
                    ? JSON.readTree(response.body()).path("_source")
                    : MissingNode.getInstance();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void refresh() {
        try {
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(TestInfrastructure.get().elasticsearchUri()
                                    + "/lawstats-events,lawstats-cases,lawstats-deadlines/_refresh"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the API --------------------------------------------------------------------------------------------

    static final String PASSWORD = "test-pass";

    /** The Authorization header of a test user (every test user's password is {@link #PASSWORD}). */
    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A GET as the admin. */
    HttpResponse<String> get(String pathAndQuery) {
        return getAs("admin", pathAndQuery);
    }

    /** A GET as a test user, or anonymous when {@code user} is null. */
    HttpResponse<String> getAs(String user, String pathAndQuery) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
            if (user != null) {
                request.header("Authorization", basic(user));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of /api/v1/stats for a period and unit. */
    JsonNode values(String period, String unit) {
        HttpResponse<String> response = get("/api/v1/stats?period=" + period + "&unit=" + unit);
        if (response.statusCode() != 200) {
            throw new AssertionError("stats answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("values");
    }
}
