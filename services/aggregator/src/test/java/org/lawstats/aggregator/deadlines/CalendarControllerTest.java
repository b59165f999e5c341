package org.lawstats.aggregator.deadlines;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.web.WebSlice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code /api/v1/calendar/*}: today for anyone logged in, the due date's parameters refused by name. */
@WebMvcTest(CalendarController.class)
@WebSlice
class CalendarControllerTest {
    private static final String PASSWORD = "test-pass";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    OfficialCalendar calendar;

    @Test
    void aDueDateIsTheCalendarsCountFromTheDayAfter() throws Exception {
        when(calendar.afterWorkingDays(LocalDate.of(2024, 9, 27), 15)).thenReturn(LocalDate.of(2024, 10, 25));

        mvc.perform(get("/api/v1/calendar/due?from=2024-09-27&days=15").with(httpBasic("leader", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dueOn").value("2024-10-25"))
                .andExpect(jsonPath("$.count").value("WORKING"));
    }

    @Test
    void eachMalformedParameterIsA400NamingIt() throws Exception {
        for (String query : List.of(
                "days=15",
                "from=2024-02-30&days=15",
                "from=2024-09-27",
                "from=2024-09-27&days=0",
                "from=2024-09-27&days=367",
                "from=2024-09-27&days=15&count=SOLAR")) {
            mvc.perform(get("/api/v1/calendar/due?" + query).with(httpBasic("leader", PASSWORD)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.message").isNotEmpty());
        }
        verify(calendar, never()).afterWorkingDays(any(), anyInt());
    }

    @Test
    void todayIsForAnyoneLoggedInAndTheDueDateForReaders() throws Exception {
        mvc.perform(get("/api/v1/calendar/today").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.zone").value("Asia/Shanghai"));
        mvc.perform(get("/api/v1/calendar/today")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/calendar/due?from=2024-09-27&days=15").with(httpBasic("emitter", PASSWORD)))
                .andExpect(status().isForbidden());
    }
}
