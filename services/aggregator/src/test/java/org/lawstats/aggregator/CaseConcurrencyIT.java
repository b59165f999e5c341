package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

/**
 * The three events of each case on three different partitions, read by different tasks at the same moment: the
 * aggregation gathers them per case (ADR 15), and no event of a case may be lost from its record.
 */
class CaseConcurrencyIT extends IntegrationTest {

    @Test
    void eventsOfOneCaseMergedConcurrentlyLoseNoUpdate() throws Exception {
        String u = "t.concurrent";
        int cases = 300;
        for (int i = 0; i < cases; i++) {
            String caseNo = "(2045)并发" + i + "号";
            sendTo(
                    EventEnvelope.of(
                            "cc:" + i + ":filed",
                            EventType.CASE_FILED,
                            u,
                            at("2045-01-01T09:00:00+08:00"),
                            new Payload.CaseFiled(caseNo, CaseKind.LITIGATION, "法院", "孙某", "不服决定", null, false)),
                    0);
            sendTo(
                    EventEnvelope.of(
                            "cc:" + i + ":hearing",
                            EventType.CASE_HEARING,
                            u,
                            at("2045-02-01T09:00:00+08:00"),
                            new Payload.CaseHearing(caseNo, CaseKind.LITIGATION, true)),
                    1);
            sendTo(
                    EventEnvelope.of(
                            "cc:" + i + ":closed",
                            EventType.CASE_CLOSED,
                            u,
                            at("2045-03-01T09:00:00+08:00"),
                            new Payload.CaseClosed(
                                    caseNo, CaseKind.LITIGATION, Payload.CaseClosed.Outcome.SETTLED, null)),
                    2);
        }
        awaitAllConsumed();
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        TestInfrastructure.get().elasticsearchUri() + "/lawstats-cases/_refresh"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());

        var all = JSON.readTree(
                getAs("adviser", "/api/v1/cases?unit=" + u + "&size=1").body());
        var complete = JSON.readTree(getAs("adviser", "/api/v1/cases?unit=" + u + "&status=CLOSED&size=100")
                .body());
        assertThat(all.path("total").asLong()).isEqualTo(cases);
        assertThat(complete.path("total").asLong()).as("every closing merged").isEqualTo(cases);
        assertThat(complete.path("items").valueStream()).allSatisfy(item -> {
            assertThat(item.path("headAppeared").asBoolean())
                    .as("every hearing merged")
                    .isTrue();
            assertThat(item.path("cause").asString()).as("every filing merged").isEqualTo("不服决定");
        });
    }
}
