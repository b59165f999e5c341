package org.lawstats.aggregator.web;

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
class RebuildController {
    private final IndexRebuild rebuild;

    RebuildController(IndexRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping("/api/v1/admin/rebuild")
    ResponseEntity<IndexRebuild.Status> start() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuild.start());
    }

    @GetMapping("/api/v1/admin/rebuild")
    IndexRebuild.Status status() {
        return rebuild.status();
    }
}
