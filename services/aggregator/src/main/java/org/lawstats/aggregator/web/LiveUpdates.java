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
import org.lawstats.aggregator.store.EventsStored;
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
    // Stored events become searchable at the index's next refresh (every 1 s): announcing them sooner would make
    // dashboards refetch the old figures and then wait for the next event.
    private static final Duration COALESCE = Duration.ofMillis(1100);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();
    private final AtomicBoolean pending = new AtomicBoolean();
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
    void on(EventsStored stored) {
        if (pending.compareAndSet(false, true)) {
            scheduler.schedule(
                    () -> {
                        pending.set(false);
                        send(SseEmitter.event().name("stored").data("{\"at\":\"" + Instant.now() + "\"}"));
                    },
                    COALESCE.toMillis(),
                    TimeUnit.MILLISECONDS);
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
