package org.lawstats.aggregator.periods;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The reporting periods' rights by role (api.md § Reporting periods), before any rule of the periods runs. */
@WebMvcTest(PeriodController.class)
@WebSlice
class PeriodControllerTest {
    private static final String PASSWORD = "test-pass";
    private static final String UNIT = "{\"unit\":\"t.report\",\"reason\":\"x\"}";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Periods periods;

    @MockitoBean
    SinceLock since;

    @MockitoBean
    StatsService stats;

    @MockitoBean
    AuditTrail audit;

    @Test
    void onlyClerksAndAdminsSubmit() throws Exception {
        for (String user : List.of("leader", "adviser", "emitter")) {
            mvc.perform(post("/api/v1/periods/2024-Q2/submissions")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(UNIT)
                            .with(httpBasic(user, PASSWORD)))
                    .andExpect(status().isForbidden());
        }
        verify(periods, never()).submit(any(), any(), any());
    }

    @Test
    void onlyReviewersAndAdminsReturnOrLock() throws Exception {
        for (String path : List.of("returns", "locks")) {
            for (String user : List.of("leader", "adviser", "clerk", "emitter")) {
                mvc.perform(post("/api/v1/periods/2024-Q2/" + path)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(UNIT)
                                .with(httpBasic(user, PASSWORD)))
                        .andExpect(status().isForbidden());
            }
        }
        verify(periods, never()).lock(any(), any(), any(Boolean.class), any(), any());
        verify(periods, never()).giveBack(any(), any(), any(), any());
    }

    @Test
    void onlyAdminsUnlockAndEmittersReadNothing() throws Exception {
        for (String user : List.of("leader", "adviser", "clerk")) {
            mvc.perform(delete("/api/v1/periods/2024-Q2/locks/t.report?reason=x")
                            .with(httpBasic(user, PASSWORD)))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(get("/api/v1/periods/2024-Q2?unit=t.report").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/periods/2024-Q2/changes?unit=t.report")).andExpect(status().isUnauthorized());
        verify(periods, never()).unlock(any(), any(), any(), any());
    }
}
