package org.lawstats.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

class EngineFloorTest {
    @Test
    void theUnitFoundInTheBytesIsTheOneTheContractDecodes() {
        EventEnvelope event = EventEnvelope.of(
                "p.d3.u7:floor-1",
                EventType.STUDY_HELD,
                "p.d3.u7",
                OffsetDateTime.parse("2025-03-01T09:00:00+08:00"),
                new Payload.StudyHeld(Payload.StudyHeld.Kind.LECTURE, "讲座", null));
        byte[] bytes = EventCodec.strict().encode(event);

        assertThat(EngineFloor.unitIn(bytes)).isEqualTo(event.unitId());
        assertThat(EngineFloor.unitIn("{\"type\":\"study.held\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("unknown");
    }
}
