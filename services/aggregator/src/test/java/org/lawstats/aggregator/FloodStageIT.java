package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Elasticsearch's answer to a full disk: past the flood-stage watermark it puts a {@code read_only_allow_delete}
 * block on the indices, and every write is refused with 429 until space is freed and the block lifted. The test puts
 * that very block on the event index (filling this machine's disk is not an option) while events keep arriving.
 */
class FloodStageIT extends IntegrationTest {
    private static final String U = "t.flood";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theAggregatorWaitsOutAFloodStageBlockAndResumesExactlyWhenItIsLifted() throws Exception {
        send(enrolled("flood:before", U, "p-before", at("2043-03-01T09:00:00+08:00")));
        awaitStored("flood:before", 1);

        block(true);
        try {
            for (int i = 0; i < 60; i++) {
                sendTo(enrolled("flood:during:" + i, U, "p" + i, at("2043-03-01T09:00:00+08:00")), i % 3);
            }
            producer().flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ingest().path("failedAttempts").asLong() >= 3);
            JsonNode ingest = ingest();
            assertThat(ingest.path("consumer").asString()).isEqualTo("RETRYING");
            assertThat(ingest.path("lastError").asString()).contains("429");
            assertThat(ingest.path("searchLag").asLong())
                    .as("nothing committed that is not stored")
                    .isGreaterThan(0);
            refresh();
            assertThat(documentsOf(U)).as("the block held: nothing written").isEqualTo(1);
        } finally {
            block(false);
        }

        awaitAllConsumed();
        assertThat(documentsOf(U)).isEqualTo(61);
        assertThat(values("2043", U).path("training.enrolled_persons").asLong()).isEqualTo(61);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ingest().path("consumer").asString().equals("CONSUMING"));
    }

    private JsonNode ingest() {
        return JSON.readTree(get("/actuator/health").body())
                .path("components")
                .path("ingest")
                .path("details");
    }

    private static void block(boolean on) throws Exception {
        String body = "{\"index.blocks.read_only_allow_delete\":" + (on ? "true" : "null") + "}";
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(TestInfrastructure.get().elasticsearchUri() + "/lawstats-events/_settings"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static long documentsOf(String unit) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestInfrastructure.get().elasticsearchUri()
                                + "/lawstats-events/_count?q=unitId:" + unit))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("count").asLong();
    }
}
