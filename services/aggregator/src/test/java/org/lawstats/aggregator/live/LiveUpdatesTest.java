package org.lawstats.aggregator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.alerts.DeadlineTurned;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/stream}: the readers' stream, each hearing only of units it may read, and the bounded number of
 * streams a user and the server hold.
 */
@WebMvcTest(
        controllers = LiveUpdates.class,
        properties = {"lawstats.stream.max-per-user=2", "lawstats.stream.max-total=4"})
@WebSlice
@EnableConfigurationProperties(StreamProperties.class)
class LiveUpdatesTest {
    private static final String PASSWORD = "test-pass";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationEventPublisher events;

    @MockitoBean
    EventIndexInitializer index;

    // The controller's streams outlive a test (the context is shared): each test closes those it opened.
    private final List<MvcResult> open = new ArrayList<>();

    @AfterEach
    void closeTheStreams() {
        open.forEach(LiveUpdatesTest::close);
    }

    private static void close(MvcResult stream) {
        if (stream.getRequest().isAsyncStarted()) {
            stream.getRequest().getAsyncContext().complete();
        }
    }

    private MvcResult stream(String user) throws Exception {
        MvcResult stream = mvc.perform(get("/api/v1/stream")
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .with(httpBasic(user, PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(request().asyncStarted())
                .andReturn();
        open.add(stream);
        return stream;
    }

    /** The data of each event of this name the stream has sent so far. */
    private static List<JsonNode> sent(MvcResult stream, String name) throws Exception {
        return Arrays.stream(stream.getResponse()
                        .getContentAsString(StandardCharsets.UTF_8)
                        .split("\n\n"))
                .filter(event -> event.startsWith("event:" + name + "\n"))
                .map(event -> JSON.readTree(event.substring(event.indexOf("\ndata:") + "\ndata:".length())))
                .toList();
    }

    private static DeadlineTurned dueSoon(String unit, String ref) {
        return new DeadlineTurned(
                new Deadline(
                        DeadlineRule.Kind.DISCLOSURE_REPLY,
                        unit,
                        ref,
                        LocalDate.of(2043, 5, 1),
                        LocalDate.of(2043, 5, 29),
                        0,
                        List.of(),
                        null,
                        0,
                        false),
                Deadline.Status.DUE_SOON,
                3,
                false);
    }

    @Test
    void everyReaderOpensAStreamThatGreetsIt() throws Exception {
        for (String reader : List.of("admin", "leader", "adviser", "clerk")) {
            MvcResult stream = stream(reader);
            assertThat(stream.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
            assertThat(sent(stream, "hello"))
                    .singleElement()
                    .satisfies(hello -> assertThat(hello.path("at").asString()).isNotBlank());
        }
    }

    @Test
    void anEmitterIsA403AndAStrangerA401() throws Exception {
        mvc.perform(get("/api/v1/stream").accept(MediaType.TEXT_EVENT_STREAM).with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403));
        mvc.perform(get("/api/v1/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401));
    }

    @Test
    void aClerkHearsOfTheDeadlinesOfItsOwnSubtreeOnlyAndALeaderOfEveryUnits() throws Exception {
        MvcResult clerk = stream("clerk");
        MvcResult leader = stream("leader");

        events.publishEvent(dueSoon("t.report", "R-1"));
        events.publishEvent(dueSoon("t.tree.a.x", "R-2"));

        assertThat(sent(clerk, "deadline")).singleElement().satisfies(notice -> {
            assertThat(notice.path("unitId").asString()).isEqualTo("t.tree.a.x");
            assertThat(notice.path("kind").asString()).isEqualTo("DISCLOSURE_REPLY");
            assertThat(notice.path("ref").asString()).isEqualTo("R-2");
            assertThat(notice.path("status").asString()).isEqualTo("DUE_SOON");
            assertThat(notice.path("dueOn").asString()).isEqualTo("2043-05-29");
            assertThat(notice.path("workingDaysLeft").asInt()).isEqualTo(3);
            assertThat(notice.path("provisional").asBoolean()).isFalse();
        });
        assertThat(sent(leader, "deadline"))
                .extracting(notice -> notice.path("ref").asString())
                .containsExactly("R-1", "R-2");
    }

    @Test
    void aUserHoldsAtMostTwoStreamsAndAClosedOneFreesItsPlace() throws Exception {
        MvcResult first = stream("watcher");
        stream("watcher");

        mvc.perform(get("/api/v1/stream").accept(MediaType.TEXT_EVENT_STREAM).with(httpBasic("watcher", PASSWORD)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(
                        jsonPath("$.message").value("you have 2 live streams open already; close one (another tab)"));
        stream("leader");

        close(first);
        stream("watcher");
    }

    @Test
    void theServerHoldsAtMostFourStreamsWhoeverAsks() throws Exception {
        stream("watcher");
        stream("watcher");
        stream("leader");
        stream("leader");

        mvc.perform(get("/api/v1/stream").accept(MediaType.TEXT_EVENT_STREAM).with(httpBasic("adviser", PASSWORD)))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.message")
                        .value("the server has as many live streams open as it serves; try again later"));
    }
}
