package org.lawstats.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedTest {

    @Test
    void aDocumentReadsBackAsItWasWrittenWithItsOrigin() {
        var document = Published.JSON.createObjectNode().put("eventId", "e-1");
        var written = new Published.Document(7, new Published.Origin("lawstats.training", 2, 41), document);

        assertThat(Published.Document.decode(written.encode())).isEqualTo(written);
    }

    @Test
    void aDeletedDocumentHasNoOriginAndNoDocument() {
        var deleted = new Published.Document(8, null, null);

        assertThat(Published.Document.decode(deleted.encode())).isEqualTo(deleted);
    }

    @Test
    void aRecordsEventsReadBackInTheirOrder() {
        var events = new Published.Events(
                3,
                List.of(
                        Published.JSON.createObjectNode().put("eventId", "b"),
                        Published.JSON.createObjectNode().put("eventId", "a")));

        assertThat(Published.Events.decode(events.encode())).isEqualTo(events);
        assertThat(Published.Events.decode(new Published.Events(4, List.of()).encode())
                        .events())
                .isEmpty();
    }
}
