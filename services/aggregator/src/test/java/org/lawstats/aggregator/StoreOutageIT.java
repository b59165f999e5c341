package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.lawstats.devstack.stack.AggregatorProcess;
import tools.jackson.databind.JsonNode;

/**
 * Elasticsearch disappears under a running aggregator: it must back off with its partitions paused, commit
 * nothing it has not stored, show the state in its health, and store everything once the server is back.
 */
class StoreOutageIT extends IntegrationTest {
    private static final String U = "t.outage";

    @Test
    void anOutageIsRetriedWithBackoffWithoutCommittingAndEverythingLandsWhenTheStoreReturns() throws Exception {
        int esPort = URI.create(TestInfrastructure.get().elasticsearchUri()).getPort();
        try (TcpProxy proxy = new TcpProxy(esPort)) {
            SeparateAggregator aggregator =
                    new SeparateAggregator("outage-test", "outage-events", "http://127.0.0.1:" + proxy.port());
            AggregatorProcess process = aggregator.start("outage-aggregator.log");
            try {
                for (int i = 0; i < 100; i++) {
                    sendTo(enrolled("outage:before:" + i, U, "p" + i, at("2041-02-01T09:00:00+08:00")), i % 3);
                }
                producer().flush();
                await().atMost(Duration.ofSeconds(120)).until(() -> aggregator.lag() == 0);
                assertThat(aggregator.documentsOf(U)).isEqualTo(100);

                proxy.cut();
                for (int i = 0; i < 200; i++) {
                    sendTo(enrolled("outage:during:" + i, U, "q" + i, at("2041-02-01T09:00:00+08:00")), i % 3);
                }
                producer().flush();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ingest(process).path("failedAttempts").asLong() >= 4);
                JsonNode ingest = ingest(process);
                assertThat(ingest.path("consumer").asString()).isEqualTo("RETRYING");
                Duration retrying = Duration.between(
                        Instant.parse(ingest.path("retryingSince").asString()), Instant.now());
                assertThat(retrying)
                        .as(
                                "4 attempts of one consumer took at least its back-off (200, 400, 800 ms, less jitter): no busy loop")
                        .isGreaterThan(Duration.ofMillis(1000));
                // The figures do not wait for Elasticsearch (ADR 15): the aggregation has counted every event. The
                // overdue count, which only the deadlines index knows, is no value rather than a wrong one.
                aggregator.awaitFiguresSettled(process);
                JsonNode during = SeparateAggregator.getJson(process, "/api/v1/stats?period=2041&unit=" + U)
                        .path("values");
                assertThat(during.path("training.enrolled_persons").asLong()).isEqualTo(300);
                assertThat(during.path("disclosure.overdue").isNull()).isTrue();
                assertThat(aggregator.unstored())
                        .as("nothing committed that is not stored")
                        .isGreaterThanOrEqualTo(200);
                assertThat(aggregator.documentsOf(U)).isEqualTo(100);
                assertThat(process.process().isAlive()).isTrue();

                proxy.restore();
                try {
                    await().atMost(Duration.ofSeconds(120)).until(() -> aggregator.lag() == 0);
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(
                            "no recovery; health: " + SeparateAggregator.getJson(process, "/actuator/health"), e);
                }

                assertThat(aggregator.documentsOf(U)).isEqualTo(300);
                aggregator.awaitSettled(process);
                assertThat(SeparateAggregator.getJson(process, "/api/v1/stats?period=2041&unit=" + U)
                                .path("values")
                                .path("training.enrolled_persons")
                                .asLong())
                        .isEqualTo(300);
                assertThat(ingest(process).path("consumer").asString()).isEqualTo("CONSUMING");
            } finally {
                process.close();
            }
        }
    }

    private static JsonNode ingest(AggregatorProcess process) throws Exception {
        return SeparateAggregator.getJson(process, "/actuator/health")
                .path("components")
                .path("ingest")
                .path("details");
    }
}
