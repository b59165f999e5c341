package org.lawstats.aggregator.gateway;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code POST /api/v1/events}: who may write which unit's events; nothing is written when one is refused. */
@WebMvcTest(EventGatewayController.class)
@WebSlice
@EnableConfigurationProperties(GatewayProperties.class)
class EventGatewayControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    EventWriter writer;

    private static String meeting(String eventId, String unit) {
        return """
                {"eventId": "%s", "type": "meeting.held", "unitId": "%s", "occurredAt": "2024-03-01T09:00:00+08:00",
                 "payload": {"kind": "EXECUTIVE", "ruleOfLawAgenda": true, "keyMatters": 1}}
                """.formatted(eventId, unit);
    }

    @Test
    void anEmitterWritesItsOwnUnitsEvents() throws Exception {
        mvc.perform(post("/api/v1/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(meeting("t.tree.a:m-1", "t.tree.a"))
                        .with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted[0]").value("t.tree.a:m-1"));
        verify(writer).write(any(), any(), any());
    }

    @Test
    void anotherUnitsEventAReadersPostAndABrokenBodyWriteNothing() throws Exception {
        mvc.perform(post("/api/v1/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(meeting("t.report:m-1", "t.report"))
                        .with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(meeting("t.tree.a:m-2", "t.tree.a"))
                        .with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("[" + meeting("t.tree.a:m-3", "t.tree.a") + ", {\"eventId\": 1}]")
                        .with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].index").value(1));
        verify(writer, never()).write(any(), any(), any());
    }
}
