package org.lawstats.aggregator.store;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/admin/rebuild} starts rebuilding the indices from the Kafka topics (202 with its status);
 * {@code GET} tells how far it is. Admins only ({@code ./lawstats rebuild} calls it).
 */
@RestController
@Tag(name = "administration", description = "admins only")
class RebuildController {
    private final IndexRebuild rebuild;
    private final AuditTrail audit;
    private final UnitRegistry registry;

    RebuildController(IndexRebuild rebuild, AuditTrail audit, UnitRegistry registry) {
        this.rebuild = rebuild;
        this.audit = audit;
        this.registry = registry;
    }

    @Operation(
            summary = "Start rebuilding the indices from the Kafka topics (or see the one under way)",
            description = "Recorded in the audit trail (it rewrites every stored event).")
    @ApiResponse(responseCode = "202", description = "started, or already under way")
    @PostMapping("/api/v1/admin/rebuild")
    ResponseEntity<IndexRebuild.Status> start(@AuthenticationPrincipal LawstatsUser user, HttpServletRequest request) {
        IndexRebuild.Status before = rebuild.status();
        audit.record(
                user,
                request.getRemoteAddr(),
                "rebuild.start",
                registry.root().id(),
                AuditTrail.Scope.SUBTREE,
                0,
                List.of(),
                Map.of("previous", before.state()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.start());
    }

    @Operation(summary = "How far the last rebuild is")
    @ApiResponse(responseCode = "200", description = "its state")
    @GetMapping("/api/v1/admin/rebuild")
    IndexRebuild.Status status() {
        return rebuild.status();
    }
}
