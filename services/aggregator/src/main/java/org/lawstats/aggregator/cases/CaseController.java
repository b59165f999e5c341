package org.lawstats.aggregator.cases;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.DateBound;
import org.lawstats.aggregator.web.IntegerParameter;
import org.lawstats.aggregator.web.NotFoundException;
import org.lawstats.aggregator.web.UnitParameter;
import org.lawstats.contract.CaseKind;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/cases}: search and detail of case records, within the caller's rights. Where the caller may not see
 * a case's claimant, everything it searches and reads of that case comes from the masked copies stored with it
 * ({@link org.lawstats.aggregator.cases.ClaimantMask}).
 */
@RestController
@RequestMapping("/api/v1/cases")
@Tag(name = "cases", description = "administrative litigation and reconsideration case records")
class CaseController {
    static final int MAX_SIZE = 100;
    private static final int MAX_TERMS = 10;
    private static final int MAX_QUERY_LENGTH = 200;

    private final CaseStore cases;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final AuditTrail audit;

    CaseController(CaseStore cases, UnitRegistry registry, UnitAccess access, AuditTrail audit) {
        this.cases = cases;
        this.registry = registry;
        this.access = access;
        this.audit = audit;
    }

    record Results(long total, List<CaseView> items) {}

    @Operation(
            summary = "Search case records",
            description = "Every term of q must match cause, summary, forum or caseNo (and the claimant where the"
                    + " caller sees it); a run of Chinese characters matches as a contiguous substring. Newest first"
                    + " without q, by relevance with it. Where the caller may not see a case's claimant, its texts"
                    + " are searched and shown with the name hidden. Results with claimants shown are recorded in the"
                    + " audit trail.")
    @ApiResponse(responseCode = "200", description = "a page of results and the total")
    @ApiResponse(
            responseCode = "400",
            description = "a malformed or out-of-range parameter, or an unknown unit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping
    Results search(
            @Parameter(description = "search terms, separated by spaces", schema = @Schema(maxLength = 200))
                    @RequestParam(name = "q", required = false)
                    String q,
            @Parameter(schema = @Schema(allowableValues = {"LITIGATION", "RECONSIDERATION"}))
                    @RequestParam(name = "kind", required = false)
                    String kind,
            @Parameter(description = ApiDocs.UNIT, schema = @Schema(pattern = ApiDocs.UNIT_PATTERN))
                    @RequestParam(name = "unit", required = false)
                    String unit,
            @Parameter(schema = @Schema(allowableValues = {"OPEN", "CLOSED"}))
                    @RequestParam(name = "status", required = false)
                    String status,
            @Parameter(description = "filed at or after: " + ApiDocs.DAY_OR_INSTANT)
                    @RequestParam(name = "from", required = false)
                    String from,
            @Parameter(description = "filed up to and including: " + ApiDocs.DAY_OR_INSTANT)
                    @RequestParam(name = "to", required = false)
                    String to,
            @Parameter(schema = @Schema(type = "integer", minimum = "0", maximum = "100000", defaultValue = "0"))
                    @RequestParam(name = "page", required = false, defaultValue = "0")
                    String page,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
                    @RequestParam(name = "size", required = false, defaultValue = "20")
                    String size,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        int pageNumber = IntegerParameter.parse("page", page, 0, 100_000);
        int pageSize = IntegerParameter.parse("size", size, 1, MAX_SIZE);
        // Each unit of the subtree is searched as the caller may see it: a leader never by claimant, nor in texts
        // that would show the name; a clerk who also leads sees its own subtree's claimants only.
        List<String> units = registry.subtree(unitId);
        List<String> seen =
                units.stream().filter(u -> access.seesClaimant(user, u)).toList();
        List<String> hidden =
                units.stream().filter(u -> !access.seesClaimant(user, u)).toList();
        CaseQuery query = new CaseQuery(
                terms(q),
                kind == null || kind.isBlank() ? null : kind(kind).name(),
                seen,
                hidden,
                status(status),
                DateBound.start("from", from, registry.zone()),
                DateBound.end("to", to, registry.zone()),
                pageNumber,
                pageSize);
        CaseStore.Page result = cases.search(query);
        // Claimants shown in full are personal data read: recorded before they leave.
        List<String> read = result.items().stream()
                .filter(item -> access.seesClaimant(user, item.unitId()))
                .map(CaseController::subject)
                .toList();
        if (!read.isEmpty()) {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("q", q == null ? "" : q);
            detail.put("page", Integer.toString(pageNumber));
            audit.record(
                    user,
                    request.getRemoteAddr(),
                    "cases.search",
                    unitId,
                    AuditTrail.Scope.SUBTREE,
                    read.size(),
                    read,
                    detail);
        }
        return new Results(result.total(), result.items());
    }

    @Operation(
            summary = "One case record, merged from its events, with its history",
            description = "The case number is percent-encoded in the path (/, % and ; included). A read with the"
                    + " claimant shown is recorded in the audit trail.")
    @ApiResponse(responseCode = "200", description = "the case record")
    @ApiResponse(
            responseCode = "400",
            description = "an unknown kind",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "404",
            description = "no such case",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/{unitId}/{kind}/{caseNo}")
    CaseView detail(
            @Parameter(schema = @Schema(pattern = ApiDocs.UNIT_PATTERN)) @PathVariable("unitId") String unitId,
            @Parameter(schema = @Schema(allowableValues = {"LITIGATION", "RECONSIDERATION"})) @PathVariable("kind")
                    String kind,
            @PathVariable("caseNo") String caseNo,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        if (!registry.contains(unitId)) {
            throw new NotFoundException("no such case");
        }
        access.require(user, Role.Right.READ, unitId);
        boolean claimantSeen = access.seesClaimant(user, unitId);
        CaseView view = cases.find(new CaseKey(unitId, kind(kind), caseNo), claimantSeen)
                .orElseThrow(() -> new NotFoundException("no such case"));
        if (claimantSeen) {
            audit.record(
                    user,
                    request.getRemoteAddr(),
                    "case.read",
                    unitId,
                    AuditTrail.Scope.UNIT,
                    1,
                    List.of(subject(view)),
                    Map.of());
        }
        return view;
    }

    /** How the audit trail names a case record. */
    private static String subject(CaseView view) {
        return view.unitId() + "/" + view.kind() + "/" + view.caseNo();
    }

    private static CaseKind kind(String kind) {
        try {
            return CaseKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("kind must be LITIGATION or RECONSIDERATION");
        }
    }

    private static String status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String s = status.strip().toUpperCase(Locale.ROOT);
        if (!s.equals("OPEN") && !s.equals("CLOSED")) {
            throw new BadRequestException("status must be OPEN or CLOSED");
        }
        return s;
    }

    /** Terms are split on any white space, full-width included; they are phrases, never query syntax. */
    private static List<String> terms(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        if (q.length() > MAX_QUERY_LENGTH) {
            throw new BadRequestException("q is limited to " + MAX_QUERY_LENGTH + " characters");
        }
        List<String> terms = Arrays.stream(q.strip().split("[\\s\\u3000]+"))
                .filter(t -> !t.isBlank())
                .distinct()
                .toList();
        if (terms.size() > MAX_TERMS) {
            throw new BadRequestException("q is limited to " + MAX_TERMS + " terms");
        }
        return terms;
    }
}
