package org.lawstats.aggregator.dashboard;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
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
import org.lawstats.aggregator.deadlines.DeadlinePanel;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/dashboard}: the rights of statistics and its parameters, the figures being the mock's. */
@WebMvcTest(DashboardController.class)
@WebSlice
class DashboardControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Dashboard dashboard;

    private static Dashboard.View view(String unit) {
        return new Dashboard.View(
                "2043",
                "2042",
                true,
                unit,
                "单位",
                "2043-05-20",
                List.of(),
                List.of(),
                List.of(),
                "training.completed_persons",
                List.of(),
                List.of(),
                new DeadlinePanel.Panel(0, 0, Map.of(), List.of(), List.of()),
                "2043-Q2",
                0,
                "2043-05-20T10:00:00+08:00",
                null,
                null,
                null);
    }

    @Test
    void aLeaderGetsTheDashboardOfTheUnitAsked() throws Exception {
        when(dashboard.of(any(Period.class), eq("t.report"), eq(false))).thenReturn(view("t.report"));

        mvc.perform(get("/api/v1/dashboard?period=2043&unit=t.report").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.unit").value("t.report"))
                .andExpect(jsonPath("$.quarter").value("2043-Q2"));
    }

    @Test
    void aClerkGetsItsOwnSubtreeAndNothingElse() throws Exception {
        when(dashboard.of(any(Period.class), eq("t.tree"), eq(false))).thenReturn(view("t.tree"));

        mvc.perform(get("/api/v1/dashboard?unit=t.tree").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/dashboard?unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith("application/json"));
        verify(dashboard, never()).of(any(Period.class), eq("t.report"), anyBoolean());
    }

    @Test
    void asReportedAsksTheDashboardOfTheLockAndSaysWhichLock() throws Exception {
        Dashboard.View base = view("t.report");
        Dashboard.View locked = new Dashboard.View(
                "2042-Q4",
                "2041-Q4",
                false,
                base.unit(),
                base.unitName(),
                base.today(),
                base.cards(),
                base.months(),
                base.trend(),
                base.rankBy(),
                base.rankings(),
                base.ranking(),
                base.deadlines(),
                base.quarter(),
                base.silentUnits(),
                "2043-01-05T09:00:00+08:00",
                3,
                "2043-01-05T09:00:00+08:00",
                null);
        when(dashboard.of(any(Period.class), eq("t.report"), eq(true))).thenReturn(locked);

        mvc.perform(get("/api/v1/dashboard?period=2042-Q4&unit=t.report&asReported=true")
                        .with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lockVersion").value(3))
                .andExpect(jsonPath("$.reportedAt").value("2043-01-05T09:00:00+08:00"));
        verify(dashboard, never()).of(any(Period.class), any(), eq(false));
    }

    @Test
    void anEmitterAndAStrangerGetNothing() throws Exception {
        mvc.perform(get("/api/v1/dashboard").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/dashboard")).andExpect(status().isUnauthorized());
        verify(dashboard, never()).of(any(Period.class), any(), anyBoolean());
    }

    @Test
    void aMalformedPeriodOrAnUnknownUnitIsA400SayingWhy() throws Exception {
        mvc.perform(get("/api/v1/dashboard?period=2043-13").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").isNotEmpty());
        mvc.perform(get("/api/v1/dashboard?unit=t.nowhere").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isBadRequest());
        verify(dashboard, never()).of(any(Period.class), any(), anyBoolean());
    }
}
