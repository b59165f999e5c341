package org.lawstats.aggregator.units;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/units}: the units the caller may see (a clerk: its own subtree), for the pages' pickers. */
@RestController
@Tag(name = "statistics")
class UnitController {
    private final UnitRegistry registry;
    private final UnitAccess access;

    UnitController(UnitRegistry registry, UnitAccess access) {
        this.registry = registry;
        this.access = access;
    }

    record UnitView(String id, String name, String parent) {}

    @Operation(summary = "The units the caller may see (a clerk: its own subtree), for pickers")
    @ApiResponse(responseCode = "200", description = "the units, parents before children")
    @GetMapping("/api/v1/units")
    List<UnitView> units(@AuthenticationPrincipal LawstatsUser user) {
        return registry.subtree(access.defaultUnit(user, Role.Right.READ)).stream()
                .map(id -> registry.find(id).orElseThrow())
                .map(u -> new UnitView(u.id(), u.name(), u.parent()))
                .toList();
    }
}
