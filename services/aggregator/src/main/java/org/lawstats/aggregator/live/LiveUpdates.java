package org.lawstats.aggregator.live;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.alerts.DeadlineTurned;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.indicators.FiguresChanged;
import org.lawstats.aggregator.store.DocumentsStored;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.ApiError;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/stream}: server-sent events telling dashboards that new events are stored, so that they
 * refetch their figures without a reload. A listener hears only of units it may read (a clerk learns nothing of
 * other units' writes). Bursts are coalesced to one notice per second (a dashboard needs to know that something
 * changed, not how often); a comment every 15 s keeps idle connections open through proxies. Each open stream
 * holds a connection, so a user may hold a few and the server a bounded number. The browser's EventSource
 * reconnects by itself when the stream drops.
 */
@RestController
@Tag(name = "statistics")
class LiveUpdates {
    // Announced once this instance's view holds the change (every instance reads all figures), and again once the
    // documents behind it are searchable, so a dashboard that refetches sees them; at most one notice a second,
    // because each notice makes every open dashboard refetch.
    private static final Duration COALESCE = Duration.ofSeconds(1);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    // How long the search feed of another instance usually takes to store what the figures already show.
    private static final Duration TRAILING = Duration.ofSeconds(1);

    private record Listener(LawstatsUser user, SseEmitter emitter) {}

    /** A {@code deadline} notice: a matter turned DUE_SOON or OVERDUE (api.md § Deadlines' fields). */
    record DeadlineNotice(
            String unitId,
            String kind,
            String ref,
            String status,
            String dueOn,
            Integer workingDaysLeft,
            boolean provisional) {}

    private final Map<SseEmitter, Listener> listeners = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final UnitAccess access;
    private final EventIndexInitializer index;
    private final StreamProperties limits;
    private volatile long lastNotice = System.nanoTime() - COALESCE.toNanos();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-updates");
        thread.setDaemon(true);
        return thread;
    });

    private final JsonMapper json;

    LiveUpdates(UnitAccess access, StreamProperties limits, EventIndexInitializer index, JsonMapper json) {
        this.index = index;
        this.json = json;
        this.access = access;
        this.limits = limits;
        scheduler.scheduleAtFixedRate(
                () -> send(List.copyOf(listeners.values()), SseEmitter.event().comment("keep-alive")),
                HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Operation(
            summary = "Server-sent events: 'stored' when events of units the caller may see became searchable,"
                    + " 'deadline' when a matter of such a unit turned DUE_SOON or OVERDUE",
            description =
                    "'stored' at most once a second; 'deadline' carries {unitId, kind, ref, status, dueOn, provisional,"
                            + " workingDaysLeft}; a comment every 15 s keeps the connection open.")
    @ApiResponse(
            responseCode = "200",
            description = "the stream",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "429",
            description = "too many live streams open (per user, or on the server)",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<?> stream(@AuthenticationPrincipal LawstatsUser user) throws IOException {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        synchronized (listeners) {
            long own = listeners.values().stream()
                    .filter(l -> l.user().username().equals(user.username()))
                    .count();
            if (own >= limits.maxPerUser() || listeners.size() >= limits.maxTotal()) {
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, "30")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(new ApiError(
                                429,
                                "Too Many Requests",
                                own >= limits.maxPerUser()
                                        ? "you have " + own + " live streams open already; close one (another tab)"
                                        : "the server has as many live streams open as it serves; try again later"));
            }
            listeners.put(emitter, new Listener(user, emitter));
        }
        emitter.onCompletion(() -> listeners.remove(emitter));
        emitter.onTimeout(() -> listeners.remove(emitter));
        emitter.onError(e -> listeners.remove(emitter));
        emitter.send(SseEmitter.event().name("hello").data("{\"at\":\"" + Instant.now() + "\"}"));
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
    }

    /**
     * Stored documents are what the current year's figures (cut at today: searched) and the records are read from;
     * they are searchable once the index has refreshed, so the notice waits for that.
     */
    @EventListener
    void on(DocumentsStored stored) {
        scheduler.schedule(
                () -> notice(stored.unitIds()),
                index.searchableWithin().plusMillis(100).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The figures of this instance's view changed. Another instance may be storing the documents behind them (its
     * search feed holds their partitions): a second notice, once they are searchable in the common case, lets a
     * dashboard of this instance see the searched figures too.
     */
    @EventListener
    void on(FiguresChanged visible) {
        notice(visible.unitIds());
        scheduler.schedule(
                () -> notice(visible.unitIds()),
                index.searchableWithin().plus(TRAILING).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A matter turned DUE_SOON or OVERDUE: those who may read its unit hear of it at once (a notice per matter; the
     * watch announces each turn once per instance).
     */
    @EventListener
    void on(DeadlineTurned turned) {
        Deadline deadline = turned.deadline();
        List<Listener> concerned = listeners.values().stream()
                .filter(l -> access.may(l.user(), Role.Right.READ, deadline.unitId()))
                .toList();
        if (concerned.isEmpty()) {
            return;
        }
        String data = json.writeValueAsString(new DeadlineNotice(
                deadline.unitId(),
                deadline.kind().name(),
                deadline.ref(),
                turned.status().name(),
                deadline.dueOn() == null ? null : deadline.dueOn().toString(),
                turned.workingDaysLeft(),
                turned.provisional()));
        send(concerned, SseEmitter.event().name("deadline").data(data, MediaType.APPLICATION_JSON));
    }

    private void notice(Set<String> units) {
        // Leading edge: the first change after a quiet second is announced at once; a burst after it is announced
        // once, a second after the previous notice.
        boolean first;
        synchronized (pending) {
            first = pending.isEmpty();
            pending.addAll(units);
        }
        if (first && !units.isEmpty()) {
            long wait = Math.max(0, lastNotice + COALESCE.toNanos() - System.nanoTime());
            scheduler.schedule(this::announce, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void announce() {
        Set<String> units;
        synchronized (pending) {
            units = new HashSet<>(pending);
            pending.clear();
        }
        lastNotice = System.nanoTime();
        List<Listener> concerned = listeners.values().stream()
                .filter(l -> units.stream().anyMatch(unit -> access.may(l.user(), Role.Right.READ, unit)))
                .toList();
        send(concerned, SseEmitter.event().name("stored").data("{\"at\":\"" + Instant.now() + "\"}"));
    }

    private void send(List<Listener> to, SseEmitter.SseEventBuilder event) {
        for (Listener listener : to) {
            try {
                listener.emitter().send(event);
            } catch (IOException | IllegalStateException e) {
                listeners.remove(listener.emitter()); // the browser went away; it reconnects if it wants more
            }
        }
    }
}
