package org.lawstats.aggregator.audit;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/admin/audit}: the admins' alone, its reading itself audited, its parameters refused by name. */
@WebMvcTest(AuditController.class)
@WebSlice
class AuditControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AuditTrail audit;

    @Test
    void anAdminReadsTheTrailAndTheReadingIsRecorded() throws Exception {
        when(audit.read(Instant.parse("2024-01-01T00:00:00+08:00"), Instant.parse("2024-01-31T16:00:00Z"), null, 1000))
                .thenReturn(List.of());

        mvc.perform(get("/api/v1/admin/audit?from=2024-01-01&to=2024-01-31").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.count").value(0));
        verify(audit).record(any(), any(), eq("audit.read"), eq("t"), any(), any());
    }

    @Test
    void nobodyElseReadsItAndBadParametersAre400s() throws Exception {
        mvc.perform(get("/api/v1/admin/audit").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isForbidden());
        for (String query : List.of("limit=0", "limit=10001", "from=yesterday", "to=2024-13-01")) {
            mvc.perform(get("/api/v1/admin/audit?" + query).with(httpBasic("admin", PASSWORD)))
                    .andExpect(status().isBadRequest());
        }
        verify(audit, never()).read(any(), any(), any(), anyInt());
    }
}
