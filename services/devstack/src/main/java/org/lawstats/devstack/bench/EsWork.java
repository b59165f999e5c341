package org.lawstats.devstack.bench;

import static org.lawstats.devstack.bench.Measure.round;

import java.util.Map;

/**
 * What Elasticsearch did between two readings of {@link Meters#elasticsearchWork()}: realtime gets, refreshes,
 * documents indexed and the time spent indexing them, and the CPU of its process (merges, refreshes and requests
 * included, which the index time leaves out). The raw bulk and the pipeline should do alike (ADR 15: no read, no forced
 * refresh on the write path).
 */
record EsWork(
        long getTotal,
        long refreshTotal,
        long indexTotal,
        long indexTimeMs,
        long cpuMs,
        Double indexTimeUsPerDoc,
        Double cpuUsPerDoc) {

    static EsWork between(Map<String, Long> before, Map<String, Long> after) {
        long indexed = delta("index_total", before, after);
        long indexTime = delta("index_time_ms", before, after);
        long cpu = delta("cpu_ms", before, after);
        return new EsWork(
                delta("get_total", before, after),
                delta("refresh_total", before, after),
                indexed,
                indexTime,
                cpu,
                indexed > 0 ? round(1000.0 * indexTime / indexed, 1) : null,
                indexed > 0 ? round(1000.0 * cpu / indexed, 1) : null);
    }

    private static long delta(String key, Map<String, Long> before, Map<String, Long> after) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }
}
