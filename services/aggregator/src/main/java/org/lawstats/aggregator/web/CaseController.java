package org.lawstats.aggregator.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.cases.CaseKey;
import org.lawstats.aggregator.cases.CaseQuery;
import org.lawstats.aggregator.cases.CaseStore;
import org.lawstats.aggregator.cases.CaseView;
import org.lawstats.aggregator.registry.UnitRegistry;
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
class CaseController {
    static final int MAX_SIZE = 100;
    private static final int MAX_TERMS = 10;
    private static final int MAX_QUERY_LENGTH = 200;

    private final CaseStore cases;
    private final UnitRegistry registry;
    private final UnitAccess access;

    CaseController(CaseStore cases, UnitRegistry registry, UnitAccess access) {
        this.cases = cases;
        this.registry = registry;
        this.access = access;
    }

    record Results(long total, List<CaseView> items) {}

    @GetMapping
    Results search(
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "kind", required = false) String kind,
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "page", required = false, defaultValue = "0") String page,
            @RequestParam(name = "size", required = false, defaultValue = "20") String size,
            @AuthenticationPrincipal LawstatsUser user) {
        String unitId = unit == null || unit.isBlank() ? access.defaultUnit(user, Role.Right.READ) : knownUnit(unit);
        access.require(user, Role.Right.READ, unitId);
        int pageNumber = integer("page", page, 0, 100_000);
        int pageSize = integer("size", size, 1, MAX_SIZE);
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
                day("from", from, false),
                day("to", to, true),
                pageNumber,
                pageSize);
        CaseStore.Page result = cases.search(query);
        return new Results(result.total(), result.items());
    }

    @GetMapping("/{unitId}/{kind}/{caseNo}")
    CaseView detail(
            @PathVariable("unitId") String unitId,
            @PathVariable("kind") String kind,
            @PathVariable("caseNo") String caseNo,
            @AuthenticationPrincipal LawstatsUser user) {
        if (!registry.contains(unitId)) {
            throw new NotFoundException("no such case");
        }
        access.require(user, Role.Right.READ, unitId);
        return cases.find(new CaseKey(unitId, kind(kind), caseNo), access.seesClaimant(user, unitId))
                .orElseThrow(() -> new NotFoundException("no such case"));
    }

    private String knownUnit(String unit) {
        if (!registry.contains(unit)) {
            throw new BadRequestException("unknown unit");
        }
        return unit;
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

    private static int integer(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadRequestException(name + " must be an integer from " + min + " to " + max);
    }

    /**
     * A date (YYYY-MM-DD in the registry's zone: the whole day, so {@code to=2024-12-31} includes 31 December) or an
     * ISO-8601 instant with offset; {@code end} gives the exclusive end of a date, or the instant just after one.
     */
    private Instant day(String name, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                LocalDate date = LocalDate.parse(v);
                return (end ? date.plusDays(1) : date)
                        .atStartOfDay(registry.zone())
                        .toInstant();
            }
            Instant instant = OffsetDateTime.parse(v).toInstant();
            return end ? instant.plusNanos(1) : instant;
        } catch (DateTimeException e) {
            throw new BadRequestException(name + " must be a date (2024-01-31) or an instant with offset");
        }
    }
}
