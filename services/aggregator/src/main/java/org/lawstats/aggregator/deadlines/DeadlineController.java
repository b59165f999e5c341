package org.lawstats.aggregator.deadlines;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.DateBound;
import org.lawstats.aggregator.web.IntegerParameter;
import org.lawstats.aggregator.web.UnitParameter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/deadlines}: the legal time limits of a unit subtree (api.md § Deadlines, ADR 16). */
@RestController
@RequestMapping("/api/v1/deadlines")
@Tag(name = "deadlines", description = "the legal time limits and the official calendar they count on")
class DeadlineController {
    private static final int MAX_SIZE = 200;

    private final DeadlineStore store;
    private final Deadlines deadlines;
    private final UnitRegistry registry;
    private final UnitAccess access;

    DeadlineController(DeadlineStore store, Deadlines deadlines, UnitRegistry registry, UnitAccess access) {
        this.store = store;
        this.deadlines = deadlines;
        this.registry = registry;
        this.access = access;
    }

    record Results(long total, List<DeadlineItem> items) {}

    @Operation(
            summary = "The legal time limits of a unit subtree, soonest due first",
            description = "DISCLOSURE_REPLY from disclosure.received, LITIGATION_DEFENCE and RECONSIDERATION_ANSWER"
                    + " from case.filed with servedAt, on the official calendar; status as of today in the registry's"
                    + " zone; from/to filter on dueOn. provisional: counted over a year whose holiday notice the"
                    + " calendar does not hold yet.")
    @GetMapping
    Results list(
            @Parameter(description = ApiDocs.UNIT) @RequestParam(required = false) String unit,
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {
                                                "DISCLOSURE_REPLY",
                                                "LITIGATION_DEFENCE",
                                                "RECONSIDERATION_ANSWER"
                                            }))
                    @RequestParam(required = false)
                    String kind,
            @Parameter(schema = @Schema(allowableValues = {"OPEN", "DUE_SOON", "OVERDUE", "MET", "MISSED"}))
                    @RequestParam(required = false)
                    String status,
            @Parameter(description = "due on or after, YYYY-MM-DD") @RequestParam(required = false) String from,
            @Parameter(description = "due on or before, YYYY-MM-DD") @RequestParam(required = false) String to,
            @RequestParam(required = false, defaultValue = "0") String page,
            @RequestParam(required = false, defaultValue = "50") String size,
            @AuthenticationPrincipal LawstatsUser user) {
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        int pageNumber = IntegerParameter.parse("page", page, 0, DeadlineStore.MAX_WINDOW);
        int pageSize = IntegerParameter.parse("size", size, 1, MAX_SIZE);
        if ((long) pageNumber * pageSize + pageSize > DeadlineStore.MAX_WINDOW) {
            throw new BadRequestException("page and size reach past the first " + DeadlineStore.MAX_WINDOW
                    + " time limits: narrow the list with kind, status, from or to");
        }
        LocalDate today = deadlines.today();
        LocalDate soonUntil = deadlines.soonUntil(today);
        DeadlineStore.Page found = store.search(new DeadlineStore.Query(
                registry.subtree(unitId),
                constant(DeadlineRule.Kind.class, "kind", kind),
                constant(Deadline.Status.class, "status", status),
                DateBound.day("from", from),
                DateBound.day("to", to),
                today,
                soonUntil,
                pageNumber,
                pageSize));
        return new Results(
                found.total(),
                found.items().stream()
                        .map(d -> DeadlineItem.of(d, deadlines, today, soonUntil))
                        .toList());
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
