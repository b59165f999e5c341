package org.lawstats.aggregator.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.web.WebSlice;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/cases}: who is searched with claimants seen or hidden, and each parameter's error. */
@WebMvcTest(CaseController.class)
@WebSlice
class CaseControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    CaseStore cases;

    @MockitoBean
    AuditTrail audit;

    @BeforeEach
    void nothingFound() {
        when(cases.search(any())).thenReturn(new CaseStore.Page(0, List.of()));
    }

    private CaseQuery asked() {
        ArgumentCaptor<CaseQuery> query = ArgumentCaptor.forClass(CaseQuery.class);
        verify(cases).search(query.capture());
        return query.getValue();
    }

    @Test
    void aLeaderSearchesEveryUnitWithClaimantsHidden() throws Exception {
        mvc.perform(get("/api/v1/cases")
                        .param("unit", "t.tree")
                        .param("q", "拆迁 补偿")
                        .with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0));
        CaseQuery query = asked();
        assertThat(query.claimantsSeenIn()).isEmpty();
        assertThat(query.claimantsHiddenIn()).containsExactly("t.tree", "t.tree.a", "t.tree.a.x", "t.tree.b");
        assertThat(query.terms()).containsExactly("拆迁", "补偿");
    }

    @Test
    void aClerkWhoAlsoLeadsSeesClaimantsInItsOwnSubtreeOnly() throws Exception {
        mvc.perform(get("/api/v1/cases?unit=t").with(httpBasic("leading-clerk", PASSWORD)))
                .andExpect(status().isOk());
        CaseQuery query = asked();
        assertThat(query.claimantsSeenIn()).containsExactly("t.tree", "t.tree.a", "t.tree.a.x", "t.tree.b");
        assertThat(query.claimantsHiddenIn()).contains("t", "t.report").doesNotContain("t.tree");
    }

    @Test
    void eachMalformedParameterIsA400AndAnotherSubtreeA403() throws Exception {
        for (String query : List.of(
                "size=0",
                "size=101",
                "page=-1",
                "status=DONE",
                "kind=APPEAL",
                "from=yesterday",
                "unit=t.nowhere",
                "q=a b c d e f g h i j k",
                "q=" + "长".repeat(201))) {
            String[] parameter = query.split("=", 2);
            mvc.perform(get("/api/v1/cases").param(parameter[0], parameter[1]).with(httpBasic("adviser", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").isNotEmpty());
        }
        mvc.perform(get("/api/v1/cases?unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        verify(cases, never()).search(any());
    }
}
