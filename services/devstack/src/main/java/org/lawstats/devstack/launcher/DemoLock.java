package org.lawstats.devstack.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;

/** The demo's locked quarter, made through the API as the demo admin (api.md § Reporting periods). */
final class DemoLock {
    private final URI api;
    private final ZoneId zone;
    private final Consumer<EventEnvelope> send;
    private final Runnable flush;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoLock(URI api, ZoneId zone, Consumer<EventEnvelope> send, Runnable flush) {
        this.api = api;
        this.zone = zone;
        this.send = send;
        this.flush = flush;
    }

    /**
     * Every unit submits the last whole quarter and the admin locks it at the root (api.md § Reporting periods); then a
     * unit reports a lecture of that quarter late, and corrects its attendance.
     */
    void lockLastQuarter(String root, List<String> all, String lateUnit) {
        LocalDate today = LocalDate.now(zone);
        LocalDate inLast = today.withDayOfMonth(1).minusMonths(3);
        int quarter = (inLast.getMonthValue() - 1) / 3 + 1;
        String period = inLast.getYear() + "-Q" + quarter;
        try {
            for (String unit : all) {
                post("/api/v1/periods/" + period + "/submissions", "{\"unit\":\"" + unit + "\"}");
            }
            HttpResponse<String> locked = null;
            for (int attempt = 0; attempt < 12; attempt++) {
                locked = post("/api/v1/periods/" + period + "/locks", "{\"unit\":\"" + root + "\"}");
                if (locked.statusCode() != 503) {
                    break;
                }
                Thread.sleep(5_000); // the history is still being counted: the demo tries again later
            }
            if (locked == null || locked.statusCode() != 201) {
                System.out.println("lawstats demo: " + period + " was not locked: "
                        + (locked == null ? "no answer" : locked.statusCode() + " " + locked.body()));
                return;
            }
            OffsetDateTime held = LocalDate.of(inLast.getYear(), 3 * quarter - 1, 15)
                    .atTime(15, 0)
                    .atZone(zone)
                    .toOffsetDateTime();
            EventEnvelope late = EventEnvelope.of(
                    "demo:late:" + period,
                    EventType.STUDY_HELD,
                    lateUnit,
                    held,
                    new Payload.StudyHeld(Payload.StudyHeld.Kind.LECTURE, "民法典专题讲座（补报）", 30L));
            send.accept(late);
            send.accept(
                    late.revised(2, held, new Payload.StudyHeld(Payload.StudyHeld.Kind.LECTURE, "民法典专题讲座（补报）", 45L)));
            flush.run();
            System.out.println("lawstats demo: " + period + " locked at " + root
                    + "; a late lecture and its correction followed it (http://localhost:8080/periods.html)");
        } catch (IOException e) {
            System.out.println("lawstats demo: " + period + " was not locked: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(api.resolve(path))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString("admin:admin-demo".getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
