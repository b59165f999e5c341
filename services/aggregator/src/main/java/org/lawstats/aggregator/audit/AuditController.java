package org.lawstats.aggregator.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.DateBound;
import org.lawstats.aggregator.web.IntegerParameter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/audit?from=&to=&user=&limit=}: the audit trail, for admins only (the path's rule). A date
 * is a whole day in the registry's zone; by default the last seven days. Reading it is itself recorded.
 */
@RestController
@Tag(name = "administration")
class AuditController {
    private static final int MAX_LIMIT = 10_000;

    private final AuditTrail audit;
    private final UnitRegistry registry;
    private final Clock clock;

    AuditController(AuditTrail audit, UnitRegistry registry, Clock clock) {
        this.audit = audit;
        this.registry = registry;
        this.clock = clock;
    }

    record Entries(String from, String to, int count, List<AuditEntry> items) {}

    @Operation(
            summary = "The audit trail: reads of personal data shown in full, exports, writes of events, rebuilds",
            description =
                    "Oldest first; by default the last seven days. Each entry: who, roles, from where, the action,"
                            + " the unit and scope (subtree or unit), the count of records and which ones (a read or write of"
                            + " more than 1000 is recorded in several entries, detail.part). Reading it is itself recorded.")
    @ApiResponse(responseCode = "200", description = "the entries")
    @ApiResponse(
            responseCode = "400",
            description = "a malformed bound or limit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/admin/audit")
    Entries read(
            @Parameter(description = "from: " + ApiDocs.DAY_OR_INSTANT) @RequestParam(name = "from", required = false)
                    String from,
            @Parameter(description = "up to and including: " + ApiDocs.DAY_OR_INSTANT)
                    @RequestParam(name = "to", required = false)
                    String to,
            @Parameter(description = "only this user's entries") @RequestParam(name = "user", required = false)
                    String user,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "10000", defaultValue = "1000"))
                    @RequestParam(name = "limit", required = false, defaultValue = "1000")
                    String limit,
            @AuthenticationPrincipal LawstatsUser admin,
            HttpServletRequest request) {
        Instant end = to == null || to.isBlank() ? clock.instant() : DateBound.end("to", to, registry.zone());
        Instant start = from == null || from.isBlank()
                ? end.minus(Duration.ofDays(7))
                : DateBound.start("from", from, registry.zone());
        int max = IntegerParameter.parse("limit", limit, 1, MAX_LIMIT);
        String who = user == null || user.isBlank() ? null : user.strip();
        audit.record(
                admin,
                request.getRemoteAddr(),
                "audit.read",
                registry.root().id(),
                List.of(),
                Map.of("from", start.toString(), "to", end.toString(), "user", who == null ? "" : who));
        List<AuditEntry> entries = audit.read(start, end, who, max);
        return new Entries(start.toString(), end.toString(), entries.size(), entries);
    }
}
