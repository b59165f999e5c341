package org.lawstats.aggregator.imports;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.gateway.EventWriter;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code POST /api/v1/imports}: who may import for which unit, and what is refused before a file is read. */
@WebMvcTest(ImportController.class)
@WebSlice
class ImportControllerTest {
    private static final String PASSWORD = "test-pass";
    private static final MockMultipartFile LEDGER =
            new MockMultipartFile("file", "台账.csv", "text/csv", "结业日期*,人员编号*\r\n".getBytes(StandardCharsets.UTF_8));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LedgerImport imports;

    @MockitoBean
    EventWriter writer;

    @Test
    void anEmitterImportsForItsOwnUnitsOnlyAndAReaderNotAtAll() throws Exception {
        mvc.perform(multipart("/api/v1/imports")
                        .file(LEDGER)
                        .param("type", "training.completed")
                        .param("unit", "t.report")
                        .with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(multipart("/api/v1/imports")
                        .file(LEDGER)
                        .param("type", "training.completed")
                        .param("unit", "t.tree.a")
                        .with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isForbidden());
        verify(imports, never()).plan(any(), any(), any());
        verify(writer, never()).write(any(), any(), any());
    }

    @Test
    void aMissingFileTypeOrUnitIsA400SayingWhich() throws Exception {
        mvc.perform(multipart("/api/v1/imports")
                        .param("type", "training.completed")
                        .param("unit", "t.tree.a")
                        .with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(Matchers.containsString("file")));
        mvc.perform(multipart("/api/v1/imports")
                        .file(LEDGER)
                        .param("type", "training.finished")
                        .param("unit", "t.tree.a")
                        .with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(Matchers.containsString("type")));
        mvc.perform(multipart("/api/v1/imports")
                        .file(LEDGER)
                        .param("type", "training.completed")
                        .with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(Matchers.containsString("unit")));
        verify(imports, never()).plan(any(), any(), any());
    }
}
