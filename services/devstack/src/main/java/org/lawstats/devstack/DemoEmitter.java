package org.lawstats.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventPublisher;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Demo mode: a year of plausible history for every unit of the registry, once per data dir, then a live trickle
 * of new events, so that the API shows figures that move. Includes the duplicates and corrections that real unit
 * services send, which must change nothing.
 */
final class DemoEmitter implements AutoCloseable {
    private static final String HISTORY_MARKER = "demo-history.done";

    private final EventPublisher publisher;
    private final List<String> units;
    private final ZoneId zone;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-emitter");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random = new Random();
    private final List<String[]> liveEnrolled = new ArrayList<>();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private long sequence;

    private DemoEmitter(EventPublisher publisher, List<String> units, ZoneId zone) {
        this.publisher = publisher;
        this.units = units;
        this.zone = zone;
    }

    static DemoEmitter start(String bootstrapServers, Path unitsFile, Path dataDir) {
        JsonNode registry;
        try {
            registry = new YAMLMapper().readTree(unitsFile.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the unit registry " + unitsFile + " for the demo", e);
        }
        List<String> units = new ArrayList<>();
        for (JsonNode unit : registry.path("units")) {
            if (unit.hasNonNull("parent")) {
                units.add(unit.get("id").stringValue());
            }
        }
        if (units.isEmpty()) {
            registry.path("units").forEach(unit -> units.add(unit.get("id").stringValue()));
        }
        ZoneId zone = ZoneId.of(registry.path("zone").asString("Asia/Shanghai"));
        DemoEmitter demo = new DemoEmitter(EventPublisher.connect(bootstrapServers), units, zone);
        Path marker = dataDir.resolve(HISTORY_MARKER);
        if (!Files.exists(marker)) {
            int events = demo.emitHistory();
            try {
                Files.writeString(marker, events + " events\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println(
                    "lawstats demo: emitted " + events + " events of history for " + units.size() + " units");
        }
        demo.scheduler.scheduleWithFixedDelay(demo::emitLive, 2, 3, TimeUnit.SECONDS);
        return demo;
    }

    /** Last year and this year so far; eventIds are stable, so a re-run would only produce duplicates. */
    private int emitHistory() {
        ZonedDateTime now = ZonedDateTime.now(zone);
        int count = 0;
        for (int year : new int[] {now.getYear() - 1, now.getYear()}) {
            for (String unit : units) {
                Random r = new Random((unit + year).hashCode());
                int persons = 4 + r.nextInt(30);
                for (int p = 1; p <= persons; p++) {
                    String person = "p-" + Integer.toHexString((unit + p).hashCode() & 0xfffff);
                    String key = "demo:" + unit + ":" + year + ":" + p;
                    OffsetDateTime enrolledAt = randomTime(r, year, now);
                    if (enrolledAt == null) {
                        continue;
                    }
                    String course = "law-" + year;
                    send(EventEnvelope.of(
                            key + ":enrolled",
                            EventType.TRAINING_ENROLLED,
                            unit,
                            enrolledAt,
                            new Payload.TrainingEnrolled(person, course, year + "年度学法用法网上学习")));
                    send(EventEnvelope.of(
                            key + ":assigned",
                            EventType.EXAM_ASSIGNED,
                            unit,
                            enrolledAt,
                            new Payload.ExamAssigned(person, "exam-" + year, "习近平法治思想专题考试")));
                    count += 2;
                    OffsetDateTime later = enrolledAt.plusDays(20 + r.nextInt(40));
                    if (later.isAfter(now.toOffsetDateTime())) {
                        continue;
                    }
                    if (r.nextInt(100) < 92) {
                        EventEnvelope completed = EventEnvelope.of(
                                key + ":completed",
                                EventType.TRAINING_COMPLETED,
                                unit,
                                later,
                                new Payload.TrainingCompleted(person, course, null, 20.0));
                        send(completed);
                        count++;
                        if (r.nextInt(100) < 5) { // a unit service corrects the hours it reported
                            send(completed.revised(
                                    2, later, new Payload.TrainingCompleted(person, course, null, 24.0)));
                            count++;
                        }
                        if (r.nextInt(100) < 5) { // and redelivers now and then
                            send(completed);
                            count++;
                        }
                    }
                    if (r.nextInt(100) < 97) {
                        send(EventEnvelope.of(
                                key + ":taken",
                                EventType.EXAM_TAKEN,
                                unit,
                                later,
                                new Payload.ExamTaken(person, "exam-" + year, 60.0 + r.nextInt(41), true)));
                        count++;
                    }
                }
            }
        }
        publisher.flush();
        return count;
    }

    private static OffsetDateTime randomTime(Random r, int year, ZonedDateTime now) {
        LocalDate day = LocalDate.of(year, 1, 1)
                .plusDays(r.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
        ZonedDateTime at = day.atTime(9 + r.nextInt(8), r.nextInt(60)).atZone(now.getZone());
        return at.isAfter(now) ? null : at.toOffsetDateTime();
    }

    private void emitLive() {
        try {
            String unit = units.get(random.nextInt(units.size()));
            OffsetDateTime now = OffsetDateTime.now(zone);
            String course = "law-" + now.getYear();
            String id = "demo:live:" + runId + ":" + (++sequence);
            if (liveEnrolled.isEmpty() || random.nextInt(100) < 55) {
                String person = "p-live-" + runId + "-" + sequence;
                liveEnrolled.add(new String[] {unit, person});
                send(EventEnvelope.of(
                        id + ":enrolled",
                        EventType.TRAINING_ENROLLED,
                        unit,
                        now,
                        new Payload.TrainingEnrolled(person, course, null)));
                send(EventEnvelope.of(
                        id + ":assigned",
                        EventType.EXAM_ASSIGNED,
                        unit,
                        now,
                        new Payload.ExamAssigned(person, "exam-" + now.getYear(), null)));
            } else {
                String[] enrolled = liveEnrolled.remove(random.nextInt(liveEnrolled.size()));
                send(EventEnvelope.of(
                        id + ":completed",
                        EventType.TRAINING_COMPLETED,
                        enrolled[0],
                        now,
                        new Payload.TrainingCompleted(enrolled[1], course, null, 16.0)));
                send(EventEnvelope.of(
                        id + ":taken",
                        EventType.EXAM_TAKEN,
                        enrolled[0],
                        now,
                        new Payload.ExamTaken(enrolled[1], "exam-" + now.getYear(), 90.0, true)));
            }
        } catch (RuntimeException e) {
            // The broker may be restarting; the next tick tries again. The demo must never stop the stack.
            System.err.println("lawstats demo: " + e.getMessage());
        }
    }

    private void send(EventEnvelope event) {
        publisher.publish(event);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        publisher.close();
    }
}
