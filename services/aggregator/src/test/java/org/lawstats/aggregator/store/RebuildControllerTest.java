package org.lawstats.aggregator.store;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.web.WebSlice;
import org.mockito.InOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code /api/v1/admin/rebuild}: the admins' alone, and a rebuild is started only once the audit trail holds it. */
@WebMvcTest(RebuildController.class)
@WebSlice
class RebuildControllerTest {
    private static final String PASSWORD = "test-pass";
    private static final Instant NOW = Instant.parse("2043-05-20T02:00:00Z");
    private static final IndexRebuild.Status DONE = new IndexRebuild.Status(
            "DONE", NOW.minusSeconds(60), NOW, 7, 7, "lawstats-events-r1", "lawstats-cases-r1", null, "switched");
    private static final IndexRebuild.Status RUNNING =
            new IndexRebuild.Status("RUNNING", NOW, null, 0, 0, null, null, null, "starting");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IndexRebuild rebuild;

    @MockitoBean
    AuditTrail audit;

    @Test
    void anAdminStartsARebuildRecordedOverTheWholeRegistryWithTheStateItReplaces() throws Exception {
        when(rebuild.status()).thenReturn(DONE);
        when(rebuild.start()).thenReturn(RUNNING);

        mvc.perform(post("/api/v1/admin/rebuild").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("RUNNING"))
                .andExpect(jsonPath("$.message").value("starting"));
        // Recorded first: a rebuild the trail could not hold is never started.
        InOrder order = inOrder(audit, rebuild);
        order.verify(audit)
                .record(
                        any(LawstatsUser.class),
                        any(),
                        eq("rebuild.start"),
                        eq("t"),
                        eq(AuditTrail.Scope.SUBTREE),
                        eq(0L),
                        eq(List.of()),
                        eq(Map.of("previous", "DONE")));
        order.verify(rebuild).start();
    }

    @Test
    void aRebuildTheAuditTrailCannotRecordIsA503AndNotStarted() throws Exception {
        when(rebuild.status()).thenReturn(IndexRebuild.Status.idle());
        doThrow(AuditTrail.AuditUnavailableException.class)
                .when(audit)
                .record(any(), any(), any(), any(), any(), anyLong(), any(), any());

        mvc.perform(post("/api/v1/admin/rebuild").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value(503));
        verify(rebuild, never()).start();
    }

    @Test
    void anAdminReadsHowFarTheLastRebuildIs() throws Exception {
        when(rebuild.status()).thenReturn(DONE);

        mvc.perform(get("/api/v1/admin/rebuild").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("DONE"))
                .andExpect(jsonPath("$.replayed").value(7))
                .andExpect(jsonPath("$.eventsIndex").value("lawstats-events-r1"));
        verify(audit, never()).record(any(), any(), any(), any(), any(), anyLong(), any(), any());
    }

    @Test
    void everyOtherRoleIsA403AndAStrangerA401() throws Exception {
        for (String user : List.of("leader", "adviser", "clerk", "emitter", "leading-clerk")) {
            mvc.perform(post("/api/v1/admin/rebuild").with(httpBasic(user, PASSWORD)))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.status").value(403));
            mvc.perform(get("/api/v1/admin/rebuild").with(httpBasic(user, PASSWORD)))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.status").value(403));
        }
        mvc.perform(post("/api/v1/admin/rebuild"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401));
        mvc.perform(get("/api/v1/admin/rebuild"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401));
        verifyNoInteractions(rebuild);
        verify(audit, never()).record(any(), any(), any(), any(), any(), anyLong(), any(), any());
    }
}
