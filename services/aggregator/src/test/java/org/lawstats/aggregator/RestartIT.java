package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

class RestartIT extends IntegrationTest {

    private static long documentsOf(String unit) throws Exception {
        refresh();
        String query = "{\"query\":{\"term\":{\"unitId\":\"" + unit + "\"}}}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        TestInfrastructure.get().elasticsearchUri() + "/lawstats-events/_count"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(query))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("count").asLong();
    }

    @Test
    void restartingTheConsumerMidStreamLosesAndDoublesNothing(@Autowired KafkaListenerEndpointRegistry listeners)
            throws Exception {
        String u = "t.restart";
        MessageListenerContainer container = listeners.getListenerContainer("lawstats-search");
        int events = 600;
        for (int i = 0; i < events; i++) {
            send(enrolled("restart:e" + i, u, "p" + (i % 400), at("2037-06-01T09:00:00+08:00")));
            if (i == 150) {
                container.stop();
            }
            if (i == 300) {
                container.start();
            }
            if (i == 450) {
                container.stop();
                container.start();
            }
        }
        awaitStored("restart:e" + (events - 1), 1);

        assertThat(documentsOf(u)).as("one document per event, none lost").isEqualTo(events);
        assertThat(values("2037", u).path("training.enrolled_persons").asLong())
                .as("distinct persons, none counted twice")
                .isEqualTo(400);
    }
}
