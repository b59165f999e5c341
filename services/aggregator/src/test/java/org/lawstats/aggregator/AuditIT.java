package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

/**
 * Every read of personal data shown in full (a case record, the records of a figure) and every export is in the audit
 * trail (who, what, how many and which records, when, from where) before it is answered; masked reads are not; only
 * admins read the trail; the trail keeps its entries at least 180 days. Writes: UnitEventIdsIT; rebuilds: RebuildIT.
 */
class AuditIT extends IntegrationTest {
    private static final String CASE_NO = "（2047）审计1号";

    private List<JsonNode> trail(Instant since, String user) {
        JsonNode body = JSON.readTree(get("/api/v1/admin/audit?from="
                        + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8) + "&user=" + user)
                .body());
        List<JsonNode> entries = new ArrayList<>();
        body.path("items").forEach(entries::add);
        return entries;
    }

    @Test
    void aFullReadOfACaseAndEveryExportAreRecordedBeforeTheyAreAnswered() {
        send(EventEnvelope.of(
                "audit:case:1",
                EventType.CASE_FILED,
                "t.privacy.own",
                at("2047-01-05T09:00:00+08:00"),
                new Payload.CaseFiled(CASE_NO, CaseKind.LITIGATION, "天津市南开区人民法院", "冯宝宝", "不服处罚", null, false)));
        awaitStored("audit:case:1", 1);
        String path = "/api/v1/cases/t.privacy.own/LITIGATION/" + URLEncoder.encode(CASE_NO, StandardCharsets.UTF_8);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> getAs("adviser", path).statusCode() == 200);
        Instant since = Instant.now();

        assertThat(getAs("adviser", path).statusCode()).isEqualTo(200);
        assertThat(getAs("leader", path).statusCode()).isEqualTo(200);
        assertThat(getAs("leader", "/api/v1/stats/breakdown?unit=t.privacy&period=2047&format=csv")
                        .statusCode())
                .isEqualTo(200);
        assertThat(getAs("leader", "/api/v1/stats/breakdown?unit=t.privacy&period=2047")
                        .statusCode())
                .isEqualTo(200);
        assertThat(getAs("leader", "/api/v1/reports/annual?unit=t.privacy&year=2047&format=docx")
                        .statusCode())
                .isEqualTo(200);

        List<JsonNode> adviser = trail(since, "adviser");
        assertThat(adviser).hasSize(1);
        JsonNode read = adviser.get(0);
        assertThat(read.path("action").asString()).isEqualTo("case.read");
        assertThat(read.path("subjects").get(0).asString()).isEqualTo("t.privacy.own/LITIGATION/" + CASE_NO);
        assertThat(read.path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(read.path("roles").get(0).asString()).isEqualTo("ADVISER");
        assertThat(Instant.parse(read.path("at").asString())).isAfterOrEqualTo(since);

        List<String> leader = trail(since, "leader").stream()
                .map(e -> e.path("action").asString())
                .toList();
        assertThat(leader)
                .as("the leader's masked read is not personal data read; its two exports are recorded, its JSON is not")
                .containsExactly("export.breakdown", "export.report");
    }

    @Test
    void aSearchThatShowsClaimantsIsRecordedWithTheCasesItShowed() {
        Instant since = Instant.now();

        assertThat(getAs("clerk", "/api/v1/cases?q=" + URLEncoder.encode("拆迁", StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(200);
        assertThat(getAs("leader", "/api/v1/cases?q=" + URLEncoder.encode("拆迁", StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(200);

        assertThat(trail(since, "leader")).isEmpty();
        for (JsonNode entry : trail(since, "clerk")) {
            assertThat(entry.path("action").asString()).isEqualTo("cases.search");
            assertThat(entry.path("detail").path("q").asString()).isEqualTo("拆迁");
            entry.path("subjects").forEach(s -> assertThat(s.asString()).startsWith("t.tree"));
        }
    }

    @Test
    void recordsReadInFullAndEveryExportAreRecordedWithTheRecordsTheyHeld() {
        send(EventEnvelope.of(
                "audit:records:1",
                EventType.CASE_FILED,
                "t.privacy.own",
                at("2053-02-05T09:00:00+08:00"),
                new Payload.CaseFiled("（2053）审计2号", CaseKind.LITIGATION, "法院", "冯宝宝", "不服处罚", null, false)));
        awaitStored("audit:records:1", 1);
        String records = "/api/v1/stats/records?indicator=case.litigation.filed&period=2053&unit=t.privacy";
        Instant since = Instant.now();

        assertThat(getAs("adviser", records).statusCode()).isEqualTo(200);
        assertThat(getAs("leader", records).statusCode()).isEqualTo(200);
        assertThat(getAs("adviser", records + "&format=csv").statusCode()).isEqualTo(200);
        assertThat(getAs("leader", "/api/v1/completeness?period=2053&unit=t.privacy&format=csv")
                        .statusCode())
                .isEqualTo(200);
        assertThat(getAs("leader", "/api/v1/completeness?period=2053&unit=t.privacy")
                        .statusCode())
                .isEqualTo(200);

        List<JsonNode> adviser = trail(since, "adviser");
        assertThat(adviser)
                .extracting(e -> e.path("action").asString())
                .containsExactly("records.read", "export.records");
        for (JsonNode entry : adviser) {
            assertThat(entry.path("unitId").asString()).isEqualTo("t.privacy");
            assertThat(entry.path("scope").asString()).isEqualTo("subtree");
            assertThat(entry.path("count").asLong()).isEqualTo(1);
            assertThat(entry.path("subjects").valueStream().map(JsonNode::asString))
                    .containsExactly("audit:records:1");
            assertThat(entry.path("detail").path("indicator").asString()).isEqualTo("case.litigation.filed");
        }
        List<JsonNode> leader = trail(since, "leader");
        assertThat(leader)
                .as("the leader's masked read is not recorded; its export is, with the units it held")
                .extracting(e -> e.path("action").asString())
                .containsExactly("export.completeness");
        assertThat(leader.get(0).path("subjects").valueStream().map(JsonNode::asString))
                .contains("t.privacy", "t.privacy.own");
        assertThat(leader.get(0).path("count").asLong())
                .isEqualTo(leader.get(0).path("subjects").size());
    }

    @Test
    void onlyAdminsReadTheTrail() {
        for (String user : List.of("leader", "adviser", "clerk", "emitter")) {
            assertThat(getAs(user, "/api/v1/admin/audit").statusCode()).as(user).isEqualTo(403);
        }
        assertThat(getAs(null, "/api/v1/admin/audit").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/admin/audit?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/admin/audit?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void theTrailKeepsItsEntriesAtLeast180Days() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "lawstats.audit");
            var config = admin.describeConfigs(List.of(topic))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);

            assertThat(Long.parseLong(config.get("retention.ms").value()))
                    .isGreaterThanOrEqualTo(Duration.ofDays(180).toMillis());
            assertThat(config.get("cleanup.policy").value()).as("by age only").isEqualTo("delete");
            assertThat(config.get("retention.bytes").value())
                    .as("never for size")
                    .isEqualTo("-1");
        }
    }
}
