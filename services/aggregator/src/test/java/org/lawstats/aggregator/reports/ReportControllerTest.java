package org.lawstats.aggregator.reports;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.indicators.AsReported;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/reports/annual}: rights, parameters, and every report an audited export. */
@WebMvcTest(ReportController.class)
@WebSlice
class ReportControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AnnualReport report;

    @MockitoBean
    AuditTrail audit;

    @MockitoBean
    AsReported reported;

    @Test
    void aLeadersReportIsTheYearsMarkdownAndAnAuditedExport() throws Exception {
        when(report.markdown(2043, "t.report", null)).thenReturn("# 报告\n");

        mvc.perform(get("/api/v1/reports/annual?year=2043&unit=t.report").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(content().string("# 报告\n"));
        verify(audit).record(any(), any(), eq("export.report"), eq("t.report"), any(), any());
    }

    @Test
    void aClerkCannotHaveAnotherUnitsReportAndBadParametersAre400s() throws Exception {
        mvc.perform(get("/api/v1/reports/annual?year=2043&unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/reports/annual?year=43&unit=t").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/reports/annual?year=2043&unit=t&format=pdf").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isBadRequest());
        verify(report, never()).markdown(anyInt(), any());
    }
}
