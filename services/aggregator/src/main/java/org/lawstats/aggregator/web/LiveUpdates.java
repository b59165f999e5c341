package org.lawstats.aggregator.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lawstats.aggregator.store.EventsVisible;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/stream}: server-sent events telling dashboards that new events are stored, so that they
 * refetch their figures without a reload. Bursts are coalesced to one notice per refresh interval (a dashboard
 * needs to know that something changed, not how often); a comment every 15 s keeps idle connections open through proxies.
 * The browser's EventSource reconnects by itself when the stream drops.
 */
@RestController
class LiveUpdates {
    // Announced once the events are searchable (EventsVisible follows a refresh), so a dashboard that refetches
    // sees them; at most one notice a second, because each notice makes every open dashboard refetch.
    private static final Duration COALESCE = Duration.ofSeconds(1);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastNotice = System.nanoTime() - COALESCE.toNanos();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-updates");
        thread.setDaemon(true);
        return thread;
    });

    LiveUpdates() {
        scheduler.scheduleAtFixedRate(
                () -> send(SseEmitter.event().comment("keep-alive")),
                HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() throws IOException {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitter.send(SseEmitter.event().name("hello").data("{\"at\":\"" + Instant.now() + "\"}"));
        return emitter;
    }

    @EventListener
    void on(EventsVisible visible) {
        // Leading edge: the first change after a quiet second is announced at once; a burst after it is announced
        // once, a second after the previous notice.
        if (pending.compareAndSet(false, true)) {
            long wait = Math.max(0, lastNotice + COALESCE.toNanos() - System.nanoTime());
            scheduler.schedule(
                    () -> {
                        pending.set(false);
                        lastNotice = System.nanoTime();
                        send(SseEmitter.event().name("stored").data("{\"at\":\"" + Instant.now() + "\"}"));
                    },
                    wait,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void send(SseEmitter.SseEventBuilder event) {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter); // the browser went away; it reconnects if it wants more
            }
        }
    }
}
