package org.lawstats.aggregator.units;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/units}: a clerk's picker holds its own subtree; a leader's, every unit. */
@WebMvcTest(UnitController.class)
@WebSlice
class UnitControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @Test
    void aClerkSeesItsOwnSubtreeOnly() throws Exception {
        mvc.perform(get("/api/v1/units").with(httpBasic("clerk", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(contains("t.tree", "t.tree.a", "t.tree.a.x", "t.tree.b")));
    }

    @Test
    void aLeaderSeesEveryUnitAndAnEmitterNone() throws Exception {
        mvc.perform(get("/api/v1/units").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(hasItem("t.report.b")));
        mvc.perform(get("/api/v1/units").with(httpBasic("emitter", PASSWORD))).andExpect(status().isForbidden());
    }
}
