package org.lawstats.aggregator.counsel;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.imports.LedgerImport;
import org.lawstats.aggregator.indicators.AsReported;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.web.WebSlice;
import org.lawstats.contract.Payload.CounselServed.Work;
import org.mockito.Answers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The counsel endpoints: the rights of statistics and their parameters, the rows being the mock's. */
@WebMvcTest(CounselController.class)
@WebSlice
class CounselControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CounselTable table;

    @MockitoBean
    CounselRecords records;

    @MockitoBean
    AssessmentSheet sheet;

    @MockitoBean
    LedgerImport ledgers;

    @MockitoBean(answers = Answers.CALLS_REAL_METHODS)
    AsReported reported;

    @MockitoBean
    AuditTrail audit;

    private static CounselTable.Row row() {
        Map<String, Long> work = new LinkedHashMap<>();
        for (Work kind : Work.values()) {
            work.put(kind.name(), 0L);
        }
        work.put("OPINION", 3L);
        return new CounselTable.Row("counsel-1", "LEGAL_ADVISER", "t.report", work, 3);
    }

    @Test
    void aLeaderGetsTheTableOfTheSubtreeAsApiMdShapesIt() throws Exception {
        when(table.of(any(Period.class), anyList())).thenReturn(List.of(row()));

        mvc.perform(get("/api/v1/counsel?period=2024-Q2&unit=t.report").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.period").value("2024-Q2"))
                .andExpect(jsonPath("$.rows[0].counselId").value("counsel-1"))
                .andExpect(jsonPath("$.rows[0].work.OPINION").value(3))
                .andExpect(jsonPath("$.rows[0].work.OTHER").value(0))
                .andExpect(jsonPath("$.rows[0].total").value(3));
    }

    @Test
    void theTableAsCsvIsAnAuditedDownloadNamedForItsPeriod() throws Exception {
        when(table.of(any(Period.class), anyList())).thenReturn(List.of(row()));

        mvc.perform(get("/api/v1/counsel?period=2024-Q2&unit=t.report&format=csv")
                        .with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                "Content-Disposition",
                                org.hamcrest.Matchers.containsString("lawstats-counsel-t.report-2024-Q2.csv")));
        verify(audit).record(any(), any(), eq("export.counsel"), eq("t.report"), any(), eq(1L), anyList(), any());
    }

    @Test
    void aClerkReadsItsOwnSubtreeOnlyAndAnEmitterNothing() throws Exception {
        mvc.perform(get("/api/v1/counsel?unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/counsel/assessment?unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/counsel/records?unit=t.report&counselId=c").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/counsel").with(httpBasic("emitter", PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/counsel")).andExpect(status().isUnauthorized());
        verify(table, never()).of(any(), anyList());
        verify(records, never()).of(any(), any(), any(), any(), anyInt(), anyInt());
    }

    @Test
    void aCounselsWorkNeedsItsIdAndBoundedPagesBeforeAnySearch() throws Exception {
        for (String query : List.of(
                "unit=t.report",
                "unit=t.report&counselId=",
                "unit=t.report&counselId=c&size=201",
                "unit=t.report&counselId=c&size=200&page=50",
                "unit=t.report&counselId=c&page=-1",
                "unit=t.report&counselId=c&lockVersion=2")) {
            mvc.perform(get("/api/v1/counsel/records?" + query).with(httpBasic("leader", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").isNotEmpty());
        }
        verify(records, never()).of(any(), any(), any(), any(), anyInt(), anyInt());
    }
}
