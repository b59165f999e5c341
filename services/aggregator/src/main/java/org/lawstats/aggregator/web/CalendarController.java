package org.lawstats.aggregator.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.aggregator.deadlines.OfficialCalendar;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/calendar/due}: a time limit's last day on the official calendar (api.md § Deadlines). */
@RestController
@RequestMapping("/api/v1/calendar")
@Tag(name = "deadlines", description = "the legal time limits and the official calendar they count on")
class CalendarController {
    private final OfficialCalendar calendar;

    CalendarController(OfficialCalendar calendar) {
        this.calendar = calendar;
    }

    record DueView(
            @Schema(format = "date") String from,
            int days,

            @Schema(allowableValues = {"WORKING", "CALENDAR"})
            String count,

            @Schema(format = "date") String dueOn) {}

    @Operation(
            summary = "The last day of a limit of N days that starts the day after `from`",
            description = "WORKING: the N-th working day after `from` (holidays and make-up working days of the"
                    + " State Council's notices); CALENDAR: the N-th day, or the next working day when it is a rest"
                    + " day. 400 for a year the calendar does not hold.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the last day")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "400",
            description = "a malformed parameter, or a year the official calendar does not hold",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema = @Schema(ref = OpenApiConfiguration.ERROR_REF)))
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
            return new DueView(start.toString(), n, counted.name(), due.toString());
        } catch (OfficialCalendar.OutsideCalendarException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
