package org.lawstats.aggregator.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.lawstats.aggregator.store.IndexRebuild;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    RebuildController(IndexRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Operation(summary = "Start rebuilding the indices from the Kafka topics (or see the one under way)")
    @ApiResponse(responseCode = "202", description = "started, or already under way")
    @PostMapping("/api/v1/admin/rebuild")
    ResponseEntity<IndexRebuild.Status> start() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.start());
    }

    @Operation(summary = "How far the last rebuild is")
    @ApiResponse(responseCode = "200", description = "its state")
    @GetMapping("/api/v1/admin/rebuild")
    IndexRebuild.Status status() {
        return rebuild.status();
    }
}
