package org.lawstats.aggregator.indicators;

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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.web.WebSlice;
import org.mockito.Answers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The statistics endpoints' rights and parameters; the figures and records are the mocks'. */
@WebMvcTest(StatsController.class)
@WebSlice
class StatsControllerTest {
    private static final String PASSWORD = "test-pass";
    private static final IndicatorCatalogue CATALOGUE =
            IndicatorCatalogue.load(new ConfigLocation("classpath:config/indicators.yml"));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    StatsService stats;

    @MockitoBean
    FigureRecords records;

    @MockitoBean
    AuditTrail audit;

    @MockitoBean
    ClaimantMasking masking;

    // The lock lookup is the mock's; its 404 (the interface's default method) is the real one.
    @MockitoBean(answers = Answers.CALLS_REAL_METHODS)
    AsReported reported;

    @BeforeEach
    void catalogue() {
        when(stats.catalogue()).thenReturn(CATALOGUE);
    }

    @Test
    void aLeaderGetsTheFiguresOfTheUnitAndPeriodAsked() throws Exception {
        when(stats.compute(any(Period.class), eq("t.report"), eq(FiguresView.Scope.SUBTREE)))
                .thenReturn(Map.of("training.completed_persons", 3L));

        mvc.perform(get("/api/v1/stats?period=2024-Q2&unit=t.report").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.period").value("2024-Q2"))
                .andExpect(jsonPath("$.from").value("2024-04-01T00:00:00+08:00"))
                .andExpect(jsonPath("$.values['training.completed_persons']").value(3));
    }

    @Test
    void theFiguresRefuseABadPeriodAnUnknownUnitAndAnotherSubtree() throws Exception {
        for (String query : List.of("period=2024-Q5", "period=24", "period=2024-13", "unit=t.nowhere")) {
            mvc.perform(get("/api/v1/stats?" + query).with(httpBasic("leader", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").isNotEmpty());
        }
        mvc.perform(get("/api/v1/stats?unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/stats").with(httpBasic("emitter", PASSWORD))).andExpect(status().isForbidden());
        verify(stats, never()).compute(any(), any(), any());
    }

    @Test
    void theRecordsNameTheirIndicatorAndARatesPart() throws Exception {
        for (String query : List.of(
                "",
                "indicator=no.such",
                "indicator=exam.participation_rate",
                "indicator=exam.participation_rate&part=both",
                "indicator=training.completed_persons&part=numerator",
                "indicator=training.completed_persons&size=1001",
                "indicator=training.completed_persons&page=200&size=50",
                "indicator=training.completed_persons&scope=everything",
                "indicator=training.completed_persons&format=pdf")) {
            mvc.perform(get("/api/v1/stats/records?period=2024&unit=t&" + query).with(httpBasic("adviser", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").isNotEmpty());
        }
        verify(records, never()).page(any(), any(), any(), anyInt(), anyInt());
    }

    @Test
    void aRatesPartHasItsRecords() throws Exception {
        when(records.page(any(), any(), any(), anyInt(), anyInt())).thenReturn(new FigureRecords.Page(0, List.of()));

        mvc.perform(get("/api/v1/stats/records?indicator=exam.participation_rate&part=denominator&period=2024&unit=t")
                        .with(httpBasic("adviser", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.part").value("denominator"))
                .andExpect(jsonPath("$.total").value(0));
        mvc.perform(get("/api/v1/stats/records?indicator=exam.participation_rate&part=denominator&unit=t.report")
                        .with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
    }

    @Test
    void theSearchCheckIsTheAdminsAlone() throws Exception {
        mvc.perform(get("/api/v1/admin/stats/search?period=2024").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isForbidden());
        verify(stats, never()).computeFromSearch(any(), any());
    }

    @Test
    void theFiguresAsReportedComeFromTheLockOverThePeriodAndUnit() throws Exception {
        Basis basis = new Basis("copy-events", "copy-deadlines", LocalDate.of(2024, 7, 3));
        when(reported.find(any(Period.class), eq("t.report"), eq(null)))
                .thenReturn(Optional.of(new AsReported.Report(basis, 2, Instant.parse("2024-07-03T02:00:00Z"))));
        when(stats.computeOver(eq(basis), any(Period.class), eq(List.of("t.report", "t.report.a", "t.report.b"))))
                .thenReturn(Map.of("training.completed_persons", 7L));

        mvc.perform(get("/api/v1/stats?period=2024-Q2&unit=t.report&asReported=true")
                        .with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.values['training.completed_persons']").value(7))
                .andExpect(jsonPath("$.lockVersion").value(2))
                .andExpect(jsonPath("$.reportedAt").value("2024-07-03T10:00:00+08:00"))
                .andExpect(jsonPath("$.asOf").value("2024-07-03T10:00:00+08:00"));
        verify(stats, never()).compute(any(), any(), any());
    }

    @Test
    void theFiguresAsReportedAreRefusedWithoutALockOrWithAMismatchedQuestion() throws Exception {
        when(reported.find(any(), any(), any())).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/stats?period=2024-Q2&unit=t.report&asReported=true")
                        .with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.message").value("no lock covers t.report for 2024-Q2"));
        for (String query : List.of(
                "lockVersion=1",
                "asReported=true&todate=true",
                "asReported=true&lockVersion=0",
                "asReported=true&lockVersion=x")) {
            mvc.perform(get("/api/v1/stats?period=2024-Q2&unit=t.report&" + query)
                            .with(httpBasic("leader", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").isNotEmpty());
        }
        mvc.perform(get("/api/v1/stats?period=2024-Q2&unit=t.report&asReported=true")
                        .with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
    }
}
