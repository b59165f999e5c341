package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Topics;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/events on the real broker: all or nothing, the emitter's unit rule, size and rate limits. */
class GatewayIT extends IntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpResponse<String> post(String user, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String json(EventEnvelope event) {
        return new String(EventCodec.strict().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void validEventsAreAcceptedAfterTheBrokerHasThemAndCounted() throws Exception {
        String ndjson = json(enrolled("t.tree.a:gw:ok:1", "t.tree.a", "gw-p1", at("2043-03-01T09:00:00+08:00"))) + "\n"
                + json(enrolled("t.tree.a.x:gw:ok:2", "t.tree.a.x", "gw-p2", at("2043-03-01T09:00:00+08:00"))) + "\n";

        HttpResponse<String> response =
                post("emitter", "application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).path("accepted").valueStream().map(JsonNode::asString))
                .containsExactly("t.tree.a:gw:ok:1", "t.tree.a.x:gw:ok:2");
        awaitStored("t.tree.a:gw:ok:1", 1);
        awaitStored("t.tree.a.x:gw:ok:2", 1);
        assertThat(authorities("t.tree.a:gw:ok:1", "t.tree.a.x:gw:ok:2"))
                .as("the emitter's subtree travels with each event (ADR 15)")
                .containsEntry("t.tree.a:gw:ok:1", "t.tree.a")
                .containsEntry("t.tree.a.x:gw:ok:2", "t.tree.a");
        assertThat(document("t.tree.a.x:gw:ok:2").path("writer").toString())
                .as("and so does its writer, into the stored document")
                .isEqualTo("{\"kind\":\"user\",\"name\":\"emitter\"}");
    }

    /** The authority header of the gateway's records of these eventIds on the training topic. */
    private static Map<String, String> authorities(String... eventIds) {
        Map<String, String> found = new HashMap<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            var partitions = consumer.partitionsFor(Topics.TRAINING).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    // Only the gateway's records carry the header, and they are valid JSON (other
                    // tests' records on this topic need not be).
                    var header = record.headers().lastHeader(Topics.AUTHORITY_HEADER);
                    if (header == null) {
                        continue;
                    }
                    String eventId =
                            JSON.readTree(record.value()).path("eventId").asString();
                    if (List.of(eventIds).contains(eventId)) {
                        found.put(eventId, new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
                return found.size() == eventIds.length;
            });
        }
        return found;
    }

    @Test
    void oneInvalidEventRefusesTheWholeArrayWithFieldErrors() throws Exception {
        String array = "[" + json(enrolled("t.tree.a:gw:all:1", "t.tree.a", "p", at("2043-04-01T09:00:00+08:00")))
                + ",{\"eventId\":\"t.tree.a:gw:all:2\",\"type\":\"training.enrolled\",\"unitId\":\"t.tree.a\","
                + "\"occurredAt\":\"2043-04-01T09:00:00+08:00\",\"payload\":{\"courseId\":\"c\"}},"
                + json(enrolled("t.tree.a:gw:all:3", "t.tree.a", "p3", at("2043-04-01T09:00:00+08:00"))) + "]";

        HttpResponse<String> response = post("emitter", "application/json", array.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("index").asInt()).isEqualTo(1);
        assertThat(error.path("eventId").asString()).isEqualTo("t.tree.a:gw:all:2");
        assertThat(error.path("field").asString()).isEqualTo("payload.personId");
        send(enrolled("gw:all:sentinel", "t.tree.a", "p", at("2043-04-01T09:00:00+08:00")));
        awaitStored("gw:all:sentinel", 1);
        assertThat(stored("t.tree.a:gw:all:1"))
                .as("nothing of a refused body is written")
                .isFalse();
        assertThat(stored("t.tree.a:gw:all:3")).isFalse();
    }

    @Test
    void anEmitterMayOnlySendEventsOfItsOwnSubtree() throws Exception {
        String body = "[" + json(enrolled("t.tree.a:gw:unit:1", "t.tree.a", "p", at("2043-05-01T09:00:00+08:00"))) + ","
                + json(enrolled("t.tree.b:gw:unit:2", "t.tree.b", "p", at("2043-05-01T09:00:00+08:00"))) + "]";

        HttpResponse<String> response = post("emitter", "application/json", body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("message").asString()).contains("t.tree.b");
        send(enrolled("gw:unit:sentinel", "t.tree.a", "p", at("2043-05-01T09:00:00+08:00")));
        awaitStored("gw:unit:sentinel", 1);
        assertThat(stored("t.tree.a:gw:unit:1")).isFalse();
    }

    @Test
    void anEmittersEventIdsBeginWithTheIdOfAUnitItMayEmitFor() throws Exception {
        String body = "[" + json(enrolled("t.tree.a:gw:id:1", "t.tree.a", "p", at("2043-07-01T09:00:00+08:00")))
                + "," + json(enrolled("t.tree.b:gw:id:2", "t.tree.a", "p", at("2043-07-01T09:00:00+08:00")))
                + "," + json(enrolled("gw:id:3", "t.tree.a", "p", at("2043-07-01T09:00:00+08:00")))
                + "," + json(enrolled("t.tree:gw:id:4", "t.tree.a.x", "p", at("2043-07-01T09:00:00+08:00"))) + "]";

        HttpResponse<String> response = post("emitter", "application/json", body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        List<JsonNode> errors =
                JSON.readTree(response.body()).path("errors").valueStream().toList();
        assertThat(errors).extracting(e -> e.path("index").asInt()).containsExactly(1, 2, 3);
        assertThat(errors).extracting(e -> e.path("field").asString()).containsOnly("eventId");
        assertThat(errors)
                .extracting(e -> e.path("eventId").asString())
                .containsExactly("t.tree.b:gw:id:2", "gw:id:3", "t.tree:gw:id:4");
        assertThat(errors.get(0).path("message").asString()).contains("t.tree.a:");
        send(enrolled("gw:id:sentinel", "t.tree.a", "p", at("2043-07-01T09:00:00+08:00")));
        awaitStored("gw:id:sentinel", 1);
        assertThat(stored("t.tree.a:gw:id:1")).as("all or nothing").isFalse();

        assertThat(post(
                                "admin",
                                "application/json",
                                json(enrolled("gw:id:admin", "t.tree.a", "p", at("2043-07-01T09:00:00+08:00")))
                                        .getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .as("an admin is bound to no unit")
                .isEqualTo(202);
    }

    @Test
    void onlyEmittersAndAdminsMayPost() throws Exception {
        byte[] body = json(enrolled("gw:role:1", "t.tree.a", "p", at("2043-06-01T09:00:00+08:00")))
                .getBytes(StandardCharsets.UTF_8);

        assertThat(post(null, "application/json", body).statusCode()).isEqualTo(401);
        assertThat(post("leader", "application/json", body).statusCode()).isEqualTo(403);
        assertThat(post("adviser", "application/json", body).statusCode()).isEqualTo(403);
        assertThat(post("clerk", "application/json", body).statusCode()).isEqualTo(403);
        assertThat(post("admin", "application/json", body).statusCode()).isEqualTo(202);
    }

    @Test
    void hostileBodiesGetAClearAnswerAndNeverAStackTrace() throws Exception {
        List<byte[]> bodies = List.of(
                "[".getBytes(StandardCharsets.UTF_8),
                "[]".getBytes(StandardCharsets.UTF_8),
                "42".getBytes(StandardCharsets.UTF_8),
                "[".repeat(10_000).getBytes(StandardCharsets.UTF_8),
                "{\"eventId\":\"x\",\"eventId\":\"y\"}".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
        for (byte[] body : bodies) {
            HttpResponse<String> response = post("emitter", "application/json", body);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("\"errors\"").doesNotContain("Exception", "at org.", "tools.jackson");
        }
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        for (int size : new int[] {2 * 1024 * 1024, 20 * 1024 * 1024}) {
            byte[] big = new byte[size];
            Arrays.fill(big, (byte) ' ');
            big[0] = '[';
            big[size - 1] = ']';

            HttpResponse<String> response = post("emitter", "application/json", big);

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(413);
        }
    }

    @Test
    void aFloodIsAnswered429WithRetryAfter() throws Exception {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            responses.add(post("flooder", "application/json", body));
        }

        List<HttpResponse<String>> limited =
                responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(responses.get(0).statusCode())
                .as("the first ones are served")
                .isEqualTo(400);
    }
}
