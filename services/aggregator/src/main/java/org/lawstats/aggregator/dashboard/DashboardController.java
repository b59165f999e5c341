package org.lawstats.aggregator.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.indicators.PeriodParameter;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.UnitParameter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/dashboard}: the leaders' page in one request (our extension; every figure in it is the one
 * {@code /api/v1/stats}, {@code /api/v1/deadlines} and {@code /api/v1/completeness} answer).
 */
@RestController
@Tag(name = "statistics")
class DashboardController {
    private final Dashboard dashboard;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final Clock clock;

    DashboardController(Dashboard dashboard, UnitRegistry registry, UnitAccess access, Clock clock) {
        this.dashboard = dashboard;
        this.registry = registry;
        this.access = access;
        this.clock = clock;
    }

    @Operation(
            summary = "The leaders' dashboard for a period and a unit subtree, in one answer",
            description = "Our extension for the dashboard page: the cards of config/dashboard.yml with last year's"
                    + " same span (this year's periods cut at today on both sides), the year's monthly trend, the"
                    + " child units' subtree figures for the ranking, the time limits overdue and due soon, and how"
                    + " many units of the subtree have reported nothing this quarter. Rights as for statistics.")
    @ApiResponse(responseCode = "200", description = "the dashboard")
    @ApiResponse(
            responseCode = "400",
            description = "a malformed period or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "404",
            description = "asReported=true and no lock covers the period and unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/dashboard")
    Dashboard.View dashboard(
            @Parameter(
                            description = ApiDocs.PERIOD,
                            schema = @Schema(pattern = ApiDocs.PERIOD_PATTERN, example = "2024-Q4"))
                    @RequestParam(name = "period", required = false)
                    String period,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @Parameter(
                            description = "the cards, trend and ranking from the lock over the period (a year or a"
                                    + " quarter; 404 without one); the time limits stay live")
                    @RequestParam(name = "asReported", defaultValue = "false")
                    boolean asReported,
            @AuthenticationPrincipal LawstatsUser user) {
        return dashboard.of(
                PeriodParameter.resolve(period, false, registry.zone(), clock),
                UnitParameter.resolve(unit, user, registry, access),
                asReported);
    }
}
