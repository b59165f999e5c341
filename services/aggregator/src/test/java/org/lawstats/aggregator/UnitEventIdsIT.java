package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.imports.LedgerImport;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventPublisher;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.contract.Topics;
import tools.jackson.databind.JsonNode;

/**
 * Issue 23, parts 5 and 6, on the real broker and store: no unit can touch another unit's events (events.md 1.2: a
 * ledger's predictable eventId posted by another unit's emitter through the gateway is a 400, through its own topic a
 * dead letter, and the owner's figure stays); the writer of each revision is in its stored document and in the entries
 * list; an emitter's entries show personal data as a LEADER sees it; writes and full reads are in the audit trail; a
 * ledger row stored under its id of before 1.2 is revised under that id, never counted twice.
 */
class UnitEventIdsIT extends IntegrationTest {
    private static final String A = "t.owner.a";
    private static final String B = "t.owner.b";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpResponse<String> post(String user, String path, String contentType, byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", basic(user))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A form's entry (POST /api/v1/entries) as the entry page sends it; its answer's body. */
    private JsonNode enter(String user, Map<String, Object> entry) throws Exception {
        HttpResponse<String> response =
                post(user, "/api/v1/entries", "application/json", JSON.writeValueAsBytes(entry));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The unit's entries as this user lists them: the answer's items by eventId. */
    private Map<String, JsonNode> entries(String user, String unit) {
        HttpResponse<String> response = getAs(user, "/api/v1/entries?size=100&unit=" + unit);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> items = new HashMap<>();
        JSON.readTree(response.body())
                .path("items")
                .forEach(item -> items.put(item.path("eventId").asString(), item));
        return items;
    }

    private List<JsonNode> trail(Instant since, String user) {
        JsonNode body = JSON.readTree(get("/api/v1/admin/audit?from="
                        + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8) + "&user=" + user)
                .body());
        List<JsonNode> entries = new ArrayList<>();
        body.path("items").forEach(entries::add);
        return entries;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    @Test
    void anEmitterOfOneUnitCannotTakeAnotherUnitsLedgerEventNeitherThroughTheGatewayNorThroughItsOwnTopic()
            throws Exception {
        JsonNode written = enter(
                "owner-b",
                Map.of(
                        "type",
                        "document.published",
                        "unit",
                        B,
                        "date",
                        "2049-02-01",
                        "values",
                        Map.of("documentId", "D-1", "title", "关于印发学法制度的通知", "normative", "true")));
        String ledgerId = written.path("eventId").asString();
        assertThat(ledgerId)
                .as("a ledger's eventId begins with its unit's id")
                .startsWith(B + ":ledger:document.published:")
                .isEqualTo(LedgerImport.eventId(B, EventType.DOCUMENT_PUBLISHED, List.of("documentId=D-1")));
        awaitStored(ledgerId, 1);
        assertThat(values("2049", B).path("document.published").asLong()).isEqualTo(1);

        // Through the gateway, an emitter of the sibling unit posts B's (predictable) eventId for its own unit, and the
        // id B's ledger had before events.md 1.2.
        EventEnvelope claim = EventEnvelope.of(
                ledgerId,
                EventType.DOCUMENT_PUBLISHED,
                A,
                at("2049-02-02T09:00:00+08:00"),
                new Payload.DocumentPublished("D-1", "冒用", true));
        String legacyId = "ledger:document.published:" + ledgerId.substring(ledgerId.lastIndexOf(':') + 1);
        EventEnvelope legacyClaim = EventEnvelope.of(
                legacyId,
                EventType.DOCUMENT_PUBLISHED,
                A,
                at("2049-02-02T09:00:00+08:00"),
                new Payload.DocumentPublished("D-1", "冒用", true));
        for (EventEnvelope posted : List.of(claim, legacyClaim)) {
            HttpResponse<String> refused = post(
                    "owner-a",
                    "/api/v1/events",
                    "application/json",
                    EventCodec.strict().encode(posted));

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(refused.body()).path("errors").get(0);
            assertThat(error.path("index").asInt()).isZero();
            assertThat(error.path("eventId").asString()).isEqualTo(posted.eventId());
            assertThat(error.path("field").asString()).isEqualTo("eventId");
        }

        // Through its own unit's topic (ADR 11): a dead letter, and an event of its own behind it still counts.
        RecordMetadata foreign;
        try (EventPublisher a = EventPublisher.forUnit(
                A, Map.of("bootstrap.servers", TestInfrastructure.get().bootstrapServers()))) {
            foreign = a.publishAndWait(claim, Duration.ofSeconds(60));
            a.publishAndWait(
                    EventEnvelope.of(
                            A + ":doc:marker",
                            EventType.DOCUMENT_PUBLISHED,
                            A,
                            at("2049-02-03T09:00:00+08:00"),
                            new Payload.DocumentPublished("D-9", "本单位文件", false)),
                    Duration.ofSeconds(60));
        }
        ConsumerRecord<byte[], byte[]> letter = DeadLetters.read(
                        record -> Topics.ofUnit(A).equals(DeadLetters.header(record, DeadLetterHeaders.ORIGINAL_TOPIC))
                                && DeadLetters.originalOffset(record) == foreign.offset(),
                        1)
                .getFirst();
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.REASON)).isEqualTo("foreign-event-id");
        assertThat(DeadLetters.header(letter, DeadLetterHeaders.DETAIL))
                .contains("'" + ledgerId + "' does not begin with the id of a unit of the subtree of " + A)
                .endsWith(".");
        assertThat(letter.value())
                .as("the original bytes")
                .isEqualTo(EventCodec.strict().encode(claim));
        awaitStored(A + ":doc:marker", 1);

        assertThat(values("2049", B).path("document.published").asLong())
                .as("B's figure does not move")
                .isEqualTo(1);
        assertThat(values("2049", A).path("document.published").asLong()).isEqualTo(1);
        assertThat(document(ledgerId).path("unitId").asString()).isEqualTo(B);
        assertThat(document(ledgerId).path("payload").path("title").asString()).isEqualTo("关于印发学法制度的通知");
        assertThat(document(A + ":doc:marker").path("writer").toString())
                .as("a unit topic's writer is the unit whose principal alone may write it")
                .isEqualTo("{\"kind\":\"unit\",\"name\":\"" + A + "\"}");
    }

    @Test
    void theWriterOfEachRevisionIsStoredAndListedAndEveryWriteIsAudited() throws Exception {
        Instant since = Instant.now();
        JsonNode written = enter(
                "owner-b",
                Map.of(
                        "type",
                        "document.published",
                        "unit",
                        B,
                        "date",
                        "2050-05-01",
                        "values",
                        Map.of("documentId", "D-2", "title", "关于撤回的通知", "normative", "false")));
        String id = written.path("eventId").asString();
        awaitStored(id, 1);
        assertThat(entries("owner-b", B).get(id).path("writer").toString())
                .isEqualTo("{\"kind\":\"user\",\"name\":\"owner-b\"}");

        JsonNode withdrawn = enter(
                "owner-b-clerk", Map.of("type", "document.published", "unit", B, "eventId", id, "withdraw", true));
        assertThat(withdrawn.path("revision").asLong()).isEqualTo(2);
        awaitStored(id, 2);

        JsonNode listed = entries("owner-b", B).get(id);
        assertThat(listed.path("retracted").asBoolean()).isTrue();
        assertThat(listed.path("writer").path("name").asString())
                .as("the withdrawal is traced to the person who made it")
                .isEqualTo("owner-b-clerk");
        assertThat(document(id).path("writer").path("name").asString()).isEqualTo("owner-b-clerk");
        assertThat(values("2050", B).path("document.published").asLong()).isZero();

        HttpResponse<String> gateway = post(
                "owner-b",
                "/api/v1/events",
                "application/json",
                ("["
                                + new String(
                                        EventCodec.strict()
                                                .encode(EventEnvelope.of(
                                                        B + ":gw:1",
                                                        EventType.DOCUMENT_PUBLISHED,
                                                        B,
                                                        at("2050-05-02T09:00:00+08:00"),
                                                        new Payload.DocumentPublished("G-1", "网关", false))),
                                        StandardCharsets.UTF_8)
                                + ","
                                + new String(
                                        EventCodec.strict()
                                                .encode(EventEnvelope.of(
                                                        B + ":gw:2",
                                                        EventType.DOCUMENT_PUBLISHED,
                                                        B,
                                                        at("2050-05-02T09:00:00+08:00"),
                                                        new Payload.DocumentPublished("G-2", "网关", false))),
                                        StandardCharsets.UTF_8)
                                + "]")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(gateway.statusCode()).as(gateway.body()).isEqualTo(202);

        List<JsonNode> emitter = trail(since, "owner-b");
        assertThat(emitter).extracting(e -> e.path("action").asString()).containsExactly("entry.write", "events.write");
        assertThat(emitter.get(0).path("unitId").asString()).isEqualTo(B);
        assertThat(emitter.get(0).path("scope").asString()).isEqualTo("unit");
        assertThat(emitter.get(0).path("count").asLong()).isEqualTo(1);
        assertThat(texts(emitter.get(0).path("subjects"))).containsExactly(id + "@1");
        assertThat(emitter.get(1).path("count").asLong()).isEqualTo(2);
        assertThat(texts(emitter.get(1).path("subjects"))).containsExactly(B + ":gw:1@1", B + ":gw:2@1");
        List<JsonNode> clerk = trail(since, "owner-b-clerk");
        assertThat(clerk).extracting(e -> e.path("action").asString()).contains("entry.withdraw");
        JsonNode withdrawal = clerk.stream()
                .filter(e -> e.path("action").asString().equals("entry.withdraw"))
                .findFirst()
                .orElseThrow();
        assertThat(texts(withdrawal.path("subjects"))).containsExactly(id + "@2");
        assertThat(withdrawal.path("address").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void anEmittersEntriesShowPersonalDataAsALeaderSeesItAndAFullReadIsAudited() throws Exception {
        String caseNo = "（2051）归属1号";
        JsonNode written = enter(
                "owner-b",
                Map.of(
                        "type",
                        "case.filed",
                        "unit",
                        B,
                        "date",
                        "2051-03-01",
                        "values",
                        Map.of(
                                "caseNo", caseNo,
                                "kind", "LITIGATION",
                                "forum", "天津市第一中级人民法院",
                                "claimant", "欧阳娜娜",
                                "cause", "欧阳娜娜不服行政处罚",
                                "counselInvolved", "false"),
                        "withdraw",
                        false));
        String id = written.path("eventId").asString();
        awaitStored(id, 1);
        Instant since = Instant.now();

        HttpResponse<String> masked = getAs("owner-b", "/api/v1/entries?size=100&unit=" + B);
        assertThat(masked.body()).doesNotContain("娜").doesNotContain("阳");
        JsonNode shown = entries("owner-b", B).get(id);
        assertThat(shown.path("payload").path("claimant").asString()).isEqualTo("欧***");
        assertThat(shown.path("payload").path("cause").asString()).endsWith("不服行政处罚");
        assertThat(texts(shown.path("hidden"))).containsExactlyInAnyOrder("claimant", "cause");
        assertThat(trail(since, "owner-b"))
                .as("a masked read is no read of personal data")
                .isEmpty();

        JsonNode full = entries("owner-b-clerk", B).get(id);
        assertThat(full.path("payload").path("claimant").asString()).isEqualTo("欧阳娜娜");
        assertThat(full.has("hidden")).isFalse();
        List<JsonNode> reads = trail(since, "owner-b-clerk");
        assertThat(reads).isNotEmpty().allSatisfy(read -> {
            assertThat(read.path("action").asString()).isEqualTo("entries.read");
            assertThat(read.path("unitId").asString()).isEqualTo(B);
            assertThat(read.path("scope").asString()).isEqualTo("unit");
            assertThat(read.path("count").asLong())
                    .isEqualTo(read.path("subjects").size());
        });
        assertThat(texts(reads.get(0).path("subjects"))).contains(id);

        // The emitter corrects the case without seeing the name: the hidden fields left empty keep what is stored.
        JsonNode corrected = enter(
                "owner-b",
                Map.of(
                        "type",
                        "case.filed",
                        "unit",
                        B,
                        "eventId",
                        id,
                        "date",
                        "2051-03-02",
                        "values",
                        Map.of(
                                "caseNo", caseNo,
                                "kind", "LITIGATION",
                                "forum", "天津市第一中级人民法院",
                                "claimant", "",
                                "cause", "",
                                "counselInvolved", "true"),
                        "withdraw",
                        false));
        assertThat(corrected.path("revision").asLong()).isEqualTo(2);
        awaitStored(id, 2);
        JsonNode payload = document(id).path("payload");
        assertThat(payload.path("claimant").asString()).isEqualTo("欧阳娜娜");
        assertThat(payload.path("cause").asString()).isEqualTo("欧阳娜娜不服行政处罚");
        assertThat(payload.path("counselInvolved").asBoolean()).isTrue();
        assertThat(trail(since, "owner-b"))
                .extracting(e -> e.path("action").asString())
                .containsExactly("entry.correct");
    }

    @Test
    void aLedgerRowStoredUnderItsIdOfBefore12IsRevisedUnderThatIdAndNeverCountsTwice() throws Exception {
        String id = LedgerImport.eventId(A, EventType.DOCUMENT_PUBLISHED, List.of("documentId=L-1"));
        String legacy = "ledger:document.published:" + id.substring(id.lastIndexOf(':') + 1);
        // What an import of this row wrote before the upgrade.
        send(EventEnvelope.of(
                legacy,
                EventType.DOCUMENT_PUBLISHED,
                A,
                at("2052-04-01T00:00:00+08:00"),
                new Payload.DocumentPublished("L-1", "旧台账文件", true)));
        awaitStored(legacy, 1);
        assertThat(values("2052", A).path("document.published").asLong()).isEqualTo(1);
        Instant since = Instant.now();

        JsonNode same = imported(
                upload("owner-a", A, "document.published", "发布日期,文件编号,文件标题,规范性文件\r\n" + "2052-04-01,L-1,旧台账文件,是\r\n"));
        assertThat(counts(same)).as("the same file again, after the upgrade").isEqualTo("0/1/0/0");

        JsonNode changed = imported(upload(
                "owner-a", A, "document.published", "发布日期,文件编号,文件标题,规范性文件\r\n" + "2052-04-01,L-1,旧台账文件（修订）,是\r\n"));
        assertThat(counts(changed)).isEqualTo("0/0/1/0");
        awaitStored(legacy, 2);
        assertThat(document(legacy).path("payload").path("title").asString()).isEqualTo("旧台账文件（修订）");

        JsonNode entered = enter(
                "owner-a",
                Map.of(
                        "type",
                        "document.published",
                        "unit",
                        A,
                        "date",
                        "2052-04-01",
                        "values",
                        Map.of("documentId", "L-1", "title", "旧台账文件（再修订）", "normative", "true")));
        assertThat(entered.path("eventId").asString()).isEqualTo(legacy);
        assertThat(entered.path("revision").asLong()).isEqualTo(3);
        awaitStored(legacy, 3);

        assertThat(stored(id)).as("no second event of the row").isFalse();
        assertThat(values("2052", A).path("document.published").asLong()).isEqualTo(1);
        JsonNode write = trail(since, "owner-a").stream()
                .filter(e -> e.path("action").asString().equals("import.write"))
                .findFirst()
                .orElseThrow();
        assertThat(texts(write.path("subjects"))).containsExactly(legacy + "@2");
        assertThat(write.path("detail").path("type").asString()).isEqualTo("document.published");
    }

    // ---- imports -------------------------------------------------------------------------------------------------

    private HttpResponse<String> upload(String user, String unit, String type, String csv) throws Exception {
        String boundary = "----lawstats" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"type", type}, {"unit", unit}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                            + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"台账.csv\""
                        + "\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(csv.getBytes(StandardCharsets.UTF_8));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post(user, "/api/v1/imports", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    private static JsonNode imported(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String counts(JsonNode result) {
        return result.path("imported").asInt() + "/" + result.path("unchanged").asInt() + "/"
                + result.path("revised").asInt() + "/" + result.path("errors").size();
    }
}
