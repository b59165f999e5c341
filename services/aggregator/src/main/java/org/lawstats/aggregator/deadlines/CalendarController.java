package org.lawstats.aggregator.deadlines;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.DateBound;
import org.lawstats.aggregator.web.IntegerParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/calendar/due}: a time limit's last day on the official calendar (api.md § Deadlines); and (our
 * extension) {@code /api/v1/calendar/today}, the day the server counts on, so that the pages choose the current period
 * as the figures do rather than by the browser's clock.
 */
@RestController
@RequestMapping("/api/v1/calendar")
@Tag(name = "deadlines", description = "the legal time limits and the official calendar they count on")
class CalendarController {
    private final OfficialCalendar calendar;
    private final UnitRegistry registry;
    private final Clock clock;

    CalendarController(OfficialCalendar calendar, UnitRegistry registry, Clock clock) {
        this.calendar = calendar;
        this.registry = registry;
        this.clock = clock;
    }

    record DueView(
            @Schema(format = "date") String from,
            int days,

            @Schema(allowableValues = {"WORKING", "CALENDAR"})
            String count,

            @Schema(format = "date") String dueOn,

            @Schema(
                    description = "the count ran into a year whose holiday notice the calendar does not hold yet:"
                            + " counted by the statutory holidays and weekends alone")
            boolean provisional) {}

    record TodayView(
            @Schema(format = "date", description = "today in the registry's zone")
            String today,

            @Schema(example = "Asia/Shanghai") String zone,
            @Schema(example = "2024") String year,
            @Schema(example = "2024-Q4") String quarter) {}

    @Operation(
            summary = "The last day of a limit of N days that starts the day after `from`",
            description = "WORKING: the N-th working day after `from` (holidays and make-up working days of the"
                    + " State Council's notices); CALENDAR: the N-th day, or the next working day when it is a rest"
                    + " day. A year after the last notice is counted provisionally (provisional: true); 400 for a"
                    + " year before the calendar's first or more than one year after its last.")
    @ApiResponse(responseCode = "200", description = "the last day")
    @ApiResponse(
            responseCode = "400",
            description = "a malformed parameter, or a year the official calendar cannot count",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/due")
    DueView due(
            @Parameter(description = "YYYY-MM-DD") @RequestParam(required = false) String from,
            @Parameter(description = "1 to 366") @RequestParam(required = false) String days,
            @Parameter(description = "WORKING (default) or CALENDAR") @RequestParam(defaultValue = "WORKING")
                    String count) {
        LocalDate start = DateBound.day("from", from);
        if (start == null) {
            throw new BadRequestException("from must be a date YYYY-MM-DD");
        }
        int n = IntegerParameter.parse("days", days == null ? "" : days, 1, 366);
        DeadlineRule.Count counted;
        try {
            counted = DeadlineRule.Count.valueOf(count.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("count must be WORKING or CALENDAR");
        }
        try {
            calendar.isWorkingDay(start);
            LocalDate due = counted == DeadlineRule.Count.WORKING
                    ? calendar.afterWorkingDays(start, n)
                    : calendar.afterCalendarDays(start, n);
            // The count walks forward from the start: it touched a year without its notice iff its last day lies in
            // one.
            return new DueView(start.toString(), n, counted.name(), due.toString(), calendar.isProvisional(due));
        } catch (OfficialCalendar.OutsideCalendarException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @Operation(summary = "Today as the server counts it, in the registry's zone: the current year and quarter")
    @GetMapping("/today")
    TodayView today() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), registry.zone());
        String year = Integer.toString(today.getYear());
        return new TodayView(
                today.toString(), registry.zone().getId(), year, year + "-Q" + ((today.getMonthValue() + 2) / 3));
    }
}
