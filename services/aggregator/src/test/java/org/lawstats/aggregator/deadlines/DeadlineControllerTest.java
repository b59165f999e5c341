package org.lawstats.aggregator.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.web.WebSlice;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/deadlines}: who may list whose time limits, and each parameter's error. */
@WebMvcTest(DeadlineController.class)
@WebSlice
class DeadlineControllerTest {
    private static final String PASSWORD = "test-pass";
    private static final LocalDate TODAY = LocalDate.of(2043, 5, 20);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    DeadlineStore store;

    @MockitoBean
    Deadlines deadlines;

    @BeforeEach
    void today() {
        when(deadlines.today()).thenReturn(TODAY);
        when(deadlines.soonUntil(TODAY)).thenReturn(TODAY.plusDays(7));
        when(store.search(any())).thenReturn(new DeadlineStore.Page(0, List.of()));
    }

    @Test
    void aClerkListsItsSubtreeFilteredAsAsked() throws Exception {
        mvc.perform(get("/api/v1/deadlines?unit=t.tree&kind=disclosure_reply&status=OVERDUE&from=2043-01-01")
                        .with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0));

        ArgumentCaptor<DeadlineStore.Query> asked = ArgumentCaptor.forClass(DeadlineStore.Query.class);
        verify(store).search(asked.capture());
        assertThat(asked.getValue().units()).containsExactly("t.tree", "t.tree.a", "t.tree.a.x", "t.tree.b");
        assertThat(asked.getValue().kind()).isEqualTo(DeadlineRule.Kind.DISCLOSURE_REPLY);
        assertThat(asked.getValue().status()).isEqualTo(Deadline.Status.OVERDUE);
        assertThat(asked.getValue().dueFrom()).isEqualTo(LocalDate.of(2043, 1, 1));
        assertThat(asked.getValue().today()).isEqualTo(TODAY);
    }

    @Test
    void aClerkCannotListAnotherSubtreeNorAnEmitterAny() throws Exception {
        mvc.perform(get("/api/v1/deadlines?unit=t.report").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/deadlines").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/deadlines")).andExpect(status().isUnauthorized());
        verify(store, never()).search(any());
    }

    @Test
    void eachMalformedParameterIsA400NamingIt() throws Exception {
        for (String query : List.of("kind=LATE", "status=SOON", "from=2043-13-01", "size=0", "size=201", "page=-1")) {
            mvc.perform(get("/api/v1/deadlines?unit=t&" + query).with(httpBasic("leader", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").isNotEmpty());
        }
        mvc.perform(get("/api/v1/deadlines?unit=t&page=100&size=200").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(Matchers.containsString("narrow the list")));
        verify(store, never()).search(any());
    }
}
