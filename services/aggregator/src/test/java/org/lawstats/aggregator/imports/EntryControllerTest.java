package org.lawstats.aggregator.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.gateway.EventWriter;
import org.lawstats.aggregator.indicators.ClaimantMasking;
import org.lawstats.aggregator.web.NotFoundException;
import org.lawstats.aggregator.web.WebSlice;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entry forms ({@code /api/v1/entries}): only those who emit use them, each for the units of its own subtree; what
 * is refused is refused before an entry is checked or written, each with its one status.
 */
@WebMvcTest(EntryController.class)
@WebSlice
class EntryControllerTest {
    private static final String PASSWORD = "test-pass";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventEnvelope ENROLLED = EventEnvelope.of(
            "t.tree.a:enrolled-1",
            EventType.TRAINING_ENROLLED,
            "t.tree.a",
            OffsetDateTime.parse("2043-05-01T00:00:00+08:00"),
            new Payload.TrainingEnrolled("p-1", "law", null));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LedgerImport imports;

    @MockitoBean
    Entries entries;

    @MockitoBean
    RecentEntries recent;

    @MockitoBean
    EventWriter writer;

    @MockitoBean
    ClaimantMasking masking;

    @MockitoBean
    AuditTrail audit;

    private static String entry(String type, String unit, String eventId, boolean withdraw) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("type", type);
        entry.put("unit", unit);
        entry.put("date", "2043-05-01");
        entry.putObject("values").put("personId", "p-1").put("courseId", "law");
        entry.put("eventId", eventId);
        entry.put("withdraw", withdraw);
        return entry.toString();
    }

    private static MockHttpServletRequestBuilder enter(String body, String user) {
        return post("/api/v1/entries")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .with(httpBasic(user, PASSWORD));
    }

    private EventWriter.Batch written() {
        ArgumentCaptor<EventWriter.Batch> batch = ArgumentCaptor.forClass(EventWriter.Batch.class);
        verify(writer).write(batch.capture(), any(LawstatsUser.class), any());
        return batch.getValue();
    }

    private void nothingEnteredOrWritten() {
        verify(entries, never()).enter(any(), any(), any(), any(), any(), anyBoolean(), any());
        verify(writer, never()).write(any(), any(), any());
    }

    // The trail itself is a mock bean that Spring initialises (SmartInitializingSingleton): what counts is no record.
    private void nothingAudited() {
        verify(audit, never()).record(any(), any(), any(), any(), any(), anyLong(), any(), any());
    }

    // ---- who may use the forms ------------------------------------------------------------------------------------

    @Test
    void anEmitterIsOfferedTheUnitsOfItsOwnSubtreeAndAnAdminEveryUnit() throws Exception {
        mvc.perform(get("/api/v1/entries/units").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(Matchers.contains("t.tree.a", "t.tree.a.x")))
                .andExpect(jsonPath("$[0].parent").value("t.tree"));
        mvc.perform(get("/api/v1/entries/units").with(httpBasic("leading-emitter", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id").value(Matchers.contains("t.tree.a", "t.tree.a.x")));
        mvc.perform(get("/api/v1/entries/units").with(httpBasic("admin", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("t"))
                .andExpect(jsonPath("$[*].id").value(Matchers.hasItems("t.report", "t.tree.a.x")));
    }

    @Test
    void readersMayNotUseTheFormsAndStrangersAreAskedToAuthenticate() throws Exception {
        for (String reader : List.of("leader", "adviser", "clerk")) {
            for (String path : List.of("/api/v1/entries/units", "/api/v1/entries/ledgers", "/api/v1/entries")) {
                mvc.perform(get(path).param("unit", "t.tree.a").with(httpBasic(reader, PASSWORD)))
                        .andExpect(status().isForbidden())
                        .andExpect(jsonPath("$.status").value(403));
            }
            mvc.perform(enter(entry("training.enrolled", "t.tree.a", null, false), reader))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.status").value(403));
        }
        mvc.perform(get("/api/v1/entries/units"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401));
        mvc.perform(post("/api/v1/entries")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(entry("training.enrolled", "t.tree.a", null, false)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401));
        verifyNoInteractions(imports, recent);
        nothingAudited();
        nothingEnteredOrWritten();
    }

    @Test
    void theLedgersAreTheColumnsOfEveryTypeWithTheWordsForYesAndNo() throws Exception {
        when(imports.spec()).thenReturn(LedgerSpec.load(new ConfigLocation("classpath:config/imports/ledgers.yml")));

        mvc.perform(get("/api/v1/entries/ledgers").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.trueWord").value("是"))
                .andExpect(jsonPath("$.falseWord").value("否"))
                .andExpect(jsonPath("$.ledgers.length()").value(EventType.values().length))
                .andExpect(jsonPath("$.ledgers[0].type").value("training.enrolled"))
                .andExpect(jsonPath("$.ledgers[0].date").value("报名日期"))
                .andExpect(jsonPath("$.ledgers[0].key").value(Matchers.contains("personId", "courseId")));
    }

    // ---- a unit's recent entries ----------------------------------------------------------------------------------

    @Test
    void anEmittersEntriesAreThePageAskedOfTheUnitAskedAndTheirReadIsNotAudited() throws Exception {
        ObjectNode stored =
                JSON.createObjectNode().put("eventId", "t.tree.a.x:1").put("type", "training.enrolled");
        when(recent.of("t.tree.a.x", 2, 5)).thenReturn(new RecentEntries.Page(11, List.of(stored)));

        mvc.perform(get("/api/v1/entries?unit=t.tree.a.x&page=2&size=5").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(11))
                .andExpect(jsonPath("$.items[0].eventId").value("t.tree.a.x:1"));
        verify(masking).mask(any(), any(LawstatsUser.class));
        // An emitter reads its entries as a LEADER would: nothing personal was read, so nothing is recorded.
        nothingAudited();
    }

    @Test
    void aClerkWhoEntersReadsTheFirstTwentyOfItsUnitAndThatReadIsAudited() throws Exception {
        ObjectNode stored = JSON.createObjectNode().put("eventId", "t.entry:1").put("type", "case.filed");
        when(recent.of("t.entry", 0, 20)).thenReturn(new RecentEntries.Page(1, List.of(stored)));

        mvc.perform(get("/api/v1/entries?unit=t.entry").with(httpBasic("entry-clerk", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1));
        verify(audit)
                .record(
                        any(LawstatsUser.class),
                        any(),
                        eq("entries.read"),
                        eq("t.entry"),
                        eq(AuditTrail.Scope.UNIT),
                        eq(1L),
                        eq(List.of("t.entry:1")),
                        eq(Map.of("page", "0", "size", "20")));
    }

    @Test
    void anotherUnitsEntriesAreA403AndNothingIsRead() throws Exception {
        mvc.perform(get("/api/v1/entries?unit=t.tree").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.message").value("you may not send events for unit t.tree"));
        verify(recent, never()).of(anyString(), anyInt(), anyInt());
    }

    @Test
    void eachMalformedListParameterIsA400NamingIt() throws Exception {
        Map<String, String> refused = Map.of(
                "page=0", "unit must be a unit of the registry",
                "unit=t.nowhere", "unit must be a unit of the registry: unknown unit 't.nowhere'",
                "unit=t.tree.a&page=-1", "page must be an integer from 0 to 500",
                "unit=t.tree.a&page=501", "page must be an integer from 0 to 500",
                "unit=t.tree.a&page=first", "page must be an integer from 0 to 500",
                "unit=t.tree.a&size=0", "size must be an integer from 1 to 100",
                "unit=t.tree.a&size=101", "size must be an integer from 1 to 100");
        for (var query : refused.entrySet()) {
            mvc.perform(get("/api/v1/entries?" + query.getKey()).with(httpBasic("emitter", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.error").value("Bad Request"))
                    .andExpect(jsonPath("$.message").value(query.getValue()));
        }
        verify(recent, never()).of(anyString(), anyInt(), anyInt());
    }

    // ---- one entry ------------------------------------------------------------------------------------------------

    @Test
    void anEntryForItsOwnUnitIsCheckedWithItsFieldsThenWrittenAsANewEntry() throws Exception {
        when(entries.enter(
                        eq(EventType.TRAINING_ENROLLED),
                        eq("t.tree.a"),
                        eq("2043-05-01"),
                        eq(Map.of("personId", "p-1", "courseId", "law")),
                        isNull(),
                        eq(false),
                        any(LawstatsUser.class)))
                .thenReturn(new Entries.Entered.Event(ENROLLED));

        mvc.perform(enter(entry("training.enrolled", " t.tree.a ", null, false), "emitter"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.eventId").value("t.tree.a:enrolled-1"))
                .andExpect(jsonPath("$.revision").value(1))
                .andExpect(jsonPath("$.withdrawn").value(false));
        EventWriter.Batch batch = written();
        assertThat(batch.action()).isEqualTo("entry.write");
        assertThat(batch.events()).containsExactly(ENROLLED);
        assertThat(batch.detail()).isEqualTo(Map.of("type", "training.enrolled"));
        assertThat(batch.storedIds()).isEmpty();
    }

    @Test
    void aCorrectionIsWrittenUnderItsEventsOwnId() throws Exception {
        EventEnvelope corrected =
                ENROLLED.revised(2, ENROLLED.occurredAt(), new Payload.TrainingEnrolled("p-1", "law", "行政复议法"));
        when(entries.enter(any(), any(), any(), any(), eq("t.tree.a:enrolled-1"), eq(false), any()))
                .thenReturn(new Entries.Entered.Event(corrected));

        mvc.perform(enter(entry("training.enrolled", "t.tree.a", "t.tree.a:enrolled-1", false), "emitter"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revision").value(2))
                .andExpect(jsonPath("$.withdrawn").value(false));
        EventWriter.Batch batch = written();
        assertThat(batch.action()).isEqualTo("entry.correct");
        assertThat(batch.storedIds()).containsExactly("t.tree.a:enrolled-1");
    }

    @Test
    void aWithdrawalIsWrittenAsOne() throws Exception {
        when(entries.enter(any(), any(), any(), any(), eq("t.tree.a:enrolled-1"), eq(true), any()))
                .thenReturn(new Entries.Entered.Event(ENROLLED.retractedAt(2)));

        mvc.perform(enter(entry("training.enrolled", "t.tree.a", "t.tree.a:enrolled-1", true), "admin"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revision").value(2))
                .andExpect(jsonPath("$.withdrawn").value(true));
        assertThat(written().action()).isEqualTo("entry.withdraw");
    }

    @Test
    void aWrongFieldIsA400NamingItsColumnAndNothingIsWritten() throws Exception {
        when(entries.enter(any(), any(), any(), any(), any(), anyBoolean(), any()))
                .thenReturn(new Entries.Entered.Invalid(List.of(new LedgerImport.RowError(1, "人员编号", "“人员编号”不能为空"))));

        mvc.perform(enter(entry("training.enrolled", "t.tree.a", null, false), "emitter"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].row").value(1))
                .andExpect(jsonPath("$.errors[0].column").value("人员编号"))
                .andExpect(jsonPath("$.errors[0].message").value("“人员编号”不能为空"));
        verify(writer, never()).write(any(), any(), any());
    }

    @Test
    void anUnknownTypeOrUnitIsA400NamingItAndAnotherUnitA403BeforeTheEntryIsChecked() throws Exception {
        Map<String, String> refused = Map.of(
                entry("training.finished", "t.tree.a", null, false), "type must be an event type of events.md",
                entry(null, "t.tree.a", null, false), "type must be an event type of events.md",
                entry("training.enrolled", null, null, false), "unit must be a unit of the registry",
                entry("training.enrolled", "t.nowhere", null, false),
                        "unit must be a unit of the registry: unknown unit 't.nowhere'");
        for (var body : refused.entrySet()) {
            mvc.perform(enter(body.getKey(), "emitter"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.error").value("Bad Request"))
                    .andExpect(jsonPath("$.message").value(body.getValue()));
        }
        mvc.perform(enter(entry("training.enrolled", "t.tree", null, false), "emitter"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.message").value("you may not send events for unit t.tree"));
        nothingEnteredOrWritten();
    }

    @Test
    void aBodyThatIsNotJsonIsA400AndOneOverTheLimitA413() throws Exception {
        mvc.perform(enter("{\"type\": ", "emitter"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.message").value("请求体不是有效的 JSON（或其中的数字、文字过长）"));
        mvc.perform(enter("{\"type\": \"" + "x".repeat(300 * 1024) + "\"}", "emitter"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.status").value(413))
                .andExpect(jsonPath("$.message").value("请求体超过 256 KB 的上限"));
        nothingEnteredOrWritten();
    }

    @Test
    void anEventIdThatIsNotOneOfTheUnitsEntriesIsA404() throws Exception {
        when(entries.enter(any(), any(), any(), any(), eq("t.tree.b:1"), anyBoolean(), any()))
                .thenThrow(new NotFoundException("no entry t.tree.b:1 of this unit and type"));

        mvc.perform(enter(entry("training.enrolled", "t.tree.a", "t.tree.b:1", false), "emitter"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.message").value("no entry t.tree.b:1 of this unit and type"));
        verify(writer, never()).write(any(), any(), any());
    }

    @Test
    void anEntryTheBrokerDidNotTakeIsA503AskingToSendItAgain() throws Exception {
        when(entries.enter(any(), any(), any(), any(), any(), anyBoolean(), any()))
                .thenReturn(new Entries.Entered.Event(ENROLLED));
        doThrow(EventWriter.NotWrittenException.class).when(writer).write(any(), any(), any());

        mvc.perform(enter(entry("training.enrolled", "t.tree.a", null, false), "emitter"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.message").value("the entry could not be written now; send it again"));
    }
}
