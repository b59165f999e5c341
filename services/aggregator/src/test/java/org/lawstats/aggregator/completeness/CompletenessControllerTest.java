package org.lawstats.aggregator.completeness;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/completeness}: rights, parameters, and an export recorded in the audit trail. */
@WebMvcTest(CompletenessController.class)
@WebSlice
class CompletenessControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Completeness completeness;

    @MockitoBean
    AuditTrail audit;

    private static List<Completeness.Row> rows() {
        return List.of(new Completeness.Row(
                "t.report", "报送测试局", Map.of("training", new Completeness.Family(0, null)), List.of("training")));
    }

    @Test
    void anAdviserReadsTheRowsAndAnExportIsAudited() throws Exception {
        when(completeness.of(any(Period.class), eq("t.report"))).thenReturn(rows());

        mvc.perform(get("/api/v1/completeness?period=2043-Q2&unit=t.report").with(httpBasic("adviser", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.period").value("2043-Q2"))
                .andExpect(jsonPath("$.rows[0].silent[0]").value("training"));
        verify(audit, never()).record(any(), any(), any(), any(), any(), anyLong(), any(), any());

        mvc.perform(get("/api/v1/completeness?period=2043-Q2&unit=t.report&format=csv")
                        .with(httpBasic("adviser", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"));
        verify(audit).record(any(), any(), eq("export.completeness"), eq("t.report"), any(), eq(1L), any(), any());
    }

    @Test
    void aClerkSeesOnlyItsSubtreeAndBadParametersAre400s() throws Exception {
        mvc.perform(get("/api/v1/completeness?unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/completeness?period=2043-Q5").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/completeness?format=pdf").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isBadRequest());
        verify(completeness, never()).of(any(), eq("t.report"));
    }
}
