package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

class EventDocumentTest {
    private static final OffsetDateTime AT = OffsetDateTime.parse("2024-06-30T16:30:00Z");

    private static EventEnvelope replied() {
        return EventEnvelope.of(
                "doc:1",
                EventType.DISCLOSURE_REPLIED,
                "u",
                AT,
                new Payload.DisclosureReplied(
                        "r-1", Payload.DisclosureReplied.Outcome.DISCLOSED, AT.plusDays(1), false));
    }

    @Test
    void theStoredDocumentGivesBackTheContractsEventAsItsWriterSentIt() {
        EventEnvelope event =
                replied().revised(3, AT, (Payload.DisclosureReplied) replied().payload());
        EventDocument document =
                EventDocument.of(event, Instant.EPOCH, new EventDocument.Writer(EventDocument.Writer.USER, "clerk"));

        assertThat(document.tree().path("derived").path("onTime").asBoolean()).isTrue();
        assertThat(EventDocument.event(document.tree())).contains(event);
        assertThat(EventDocument.contract(document.tree()))
                .isEqualTo(EventCodec.strict().toTree(event));
        assertThat(EventDocument.listed(document.tree())
                        .path("writer")
                        .path("name")
                        .asString())
                .isEqualTo("clerk");
        assertThat(EventDocument.listed(document.tree()).has("ingestedAt")).isFalse();
    }

    @Test
    void aDocumentThatIsNoEventOfTheContractGivesNone() {
        EventDocument document = EventDocument.of(replied(), Instant.EPOCH);
        document.tree().put("type", "no.such.type");

        assertThat(EventDocument.event(document.tree())).isEmpty();
    }
}
