package org.lawstats.aggregator.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.lawstats.aggregator.access.LawstatsUser;
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
 * {@code /api/v1/cases}: search and detail of case records, within the caller's rights. Roles that may not see
 * claimants get them masked everywhere (the field, and any place in the texts and highlights where the name
 * appears), and never search by them.
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
        String unitId = unit == null || unit.isBlank() ? access.defaultUnit(user) : knownUnit(unit);
        access.require(user, unitId);
        int pageNumber = integer("page", page, 0, 100_000);
        int pageSize = integer("size", size, 1, MAX_SIZE);
        // A leader may not search by claimant; a clerk may only within its own subtree, which unitId already is.
        boolean claimants = access.seesClaimant(user, unitId);
        CaseQuery query = new CaseQuery(
                terms(q),
                kind == null || kind.isBlank() ? null : kind(kind).name(),
                registry.subtree(unitId),
                status(status),
                instant("from", from),
                instant("to", to),
                pageNumber,
                pageSize,
                claimants);
        CaseStore.Page result = cases.search(query);
        return new Results(
                result.total(), result.items().stream().map(v -> item(v, user)).toList());
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
        access.require(user, unitId);
        CaseView view = cases.find(new CaseKey(unitId, kind(kind), caseNo))
                .orElseThrow(() -> new NotFoundException("no such case"));
        return item(view, user);
    }

    /** The view as this user may see it: the claimant masked wherever it appears, for roles that may not see it. */
    private CaseView item(CaseView v, LawstatsUser user) {
        boolean visible = access.seesClaimant(user, v.unitId());
        String claimant = v.claimant();
        String masked = claimant == null || visible ? claimant : mask(claimant);
        java.util.function.UnaryOperator<String> hide =
                text -> text == null || visible || claimant == null ? text : text.replace(claimant, masked);
        Map<String, List<String>> highlight = v.highlight().entrySet().stream()
                .filter(e -> visible || !e.getKey().equals("claimant"))
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().stream().map(hide).toList(),
                        (a, b) -> a,
                        java.util.LinkedHashMap::new));
        return new CaseView(
                v.unitId(),
                v.kind(),
                v.caseNo(),
                v.status(),
                hide.apply(v.forum()),
                masked,
                hide.apply(v.cause()),
                hide.apply(v.summary()),
                v.filedAt(),
                v.closedAt(),
                v.outcome(),
                v.headAppeared(),
                highlight,
                v.history());
    }

    /** The first character kept, every other one a {@code *} (characters, not UTF-16 units). */
    static String mask(String claimant) {
        int first = claimant.offsetByCodePoints(0, 1);
        return claimant.substring(0, first) + "*".repeat(claimant.codePointCount(first, claimant.length()));
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

    /** A date (YYYY-MM-DD, the day's start in the registry's zone) or an ISO-8601 instant with offset. */
    private Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(registry.zone()).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new BadRequestException(name + " must be a date (2024-01-31) or an instant with offset");
        }
    }
}
