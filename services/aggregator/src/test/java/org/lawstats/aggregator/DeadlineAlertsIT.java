package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lawstats.aggregator.alerts.DeadlineDigest;
import org.lawstats.aggregator.deadlines.OfficialCalendar;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The alerts of ADR 17 on the real broker, Elasticsearch and SMTP server: a live notice when a matter turns DUE_SOON
 * (to those who may read its unit only), and the daily digest mailed to the units' contacts on working days only,
 * once per unit and day; on days the test chooses, inside the calendar and in a year whose notice it does not hold.
 */
class DeadlineAlertsIT extends IntegrationTest {
    @Autowired
    OfficialCalendar calendar;

    @Autowired
    DeadlineDigest digest;

    @Autowired
    MeterRegistry meters;

    private static EventEnvelope received(String unit, String requestId, LocalDate on) {
        return EventEnvelope.of(
                "alert:" + unit + ":" + requestId,
                EventType.DISCLOSURE_RECEIVED,
                unit,
                OffsetDateTime.parse(on + "T09:00:00+08:00"),
                new Payload.DisclosureReceived(
                        requestId,
                        Payload.DisclosureReceived.Channel.ONLINE,
                        Payload.DisclosureReceived.ApplicantType.CITIZEN,
                        "申请公开拆迁补偿标准"));
    }

    private static EventEnvelope replied(String unit, String requestId, LocalDate on) {
        OffsetDateTime at = OffsetDateTime.parse(on + "T09:00:00+08:00");
        return EventEnvelope.of(
                "alert:" + unit + ":" + requestId + ":reply",
                EventType.DISCLOSURE_REPLIED,
                unit,
                at,
                new Payload.DisclosureReplied(requestId, Payload.DisclosureReplied.Outcome.DISCLOSED, at, false));
    }

    private LocalDate dueSoonOn(LocalDate day) {
        return receiptDueSoonOn(calendar, day);
    }

    /** Reads the stream's lines into a future that completes with the data of the first deadline notice. */
    private CompletableFuture<JsonNode> firstDeadlineNotice(String user) throws Exception {
        HttpResponse<InputStream> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stream"))
                                .header("Authorization", basic(user))
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try (lines) {
                boolean deadline = false;
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.equals("event:deadline")) {
                        deadline = true;
                    } else if (deadline && line.startsWith("data:")) {
                        return JSON.readTree(line.substring("data:".length()));
                    } else if (line.isEmpty()) {
                        deadline = false;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Waits until the watch has looked twice after now: its view then follows the clock's day, not an earlier one. */
    private void awaitTwoLooks() {
        Timer looks = await().atMost(Duration.ofSeconds(30))
                .until(() -> meters.find("lawstats.deadlines.watch").timer(), t -> t != null);
        long before = looks.count();
        await().atMost(Duration.ofSeconds(30)).until(() -> looks.count() >= before + 2);
    }

    @ParameterizedTest(name = "today {0}")
    @ValueSource(strings = {"2024-10-14", "2026-12-28", "2027-01-04", "2027-10-15"})
    void aMatterThatTurnsDueSoonIsAnnouncedToThoseWhoMayReadItsUnitOnly(LocalDate today) throws Exception {
        clock.setToday(today);
        // The watch's first look is its baseline (a restart is not news), and a new day turns other tests' matters:
        // only what appears after two looks on this day is this test's news.
        awaitTwoLooks();
        CompletableFuture<JsonNode> adviser = firstDeadlineNotice("adviser");
        CompletableFuture<JsonNode> clerk = firstDeadlineNotice("alert-clerk");
        LocalDate receipt = dueSoonOn(today);

        send(received("t.alert.a", "A-" + today, receipt));
        JsonNode notice = adviser.get(60, TimeUnit.SECONDS);
        assertThat(notice.path("unitId").asString()).isEqualTo("t.alert.a");
        assertThat(notice.path("ref").asString()).isEqualTo("A-" + today);
        assertThat(notice.path("kind").asString()).isEqualTo("DISCLOSURE_REPLY");
        assertThat(notice.path("status").asString()).isEqualTo("DUE_SOON");
        assertThat(notice.path("workingDaysLeft").asInt()).isBetween(0, 5);
        LocalDate dueOn = LocalDate.parse(notice.path("dueOn").asString());
        assertThat(dueOn).isEqualTo(calendar.afterWorkingDays(receipt, 20));
        assertThat(notice.path("provisional").asBoolean())
                .as("due " + dueOn + " on " + today)
                .isEqualTo(calendar.isProvisional(dueOn) || calendar.isProvisional(today));

        // The clerk of t.alert.b was not told of t.alert.a's matter: its first notice is its own unit's.
        send(received("t.alert.b", "B-" + today, receipt));
        JsonNode own = clerk.get(60, TimeUnit.SECONDS);
        assertThat(own.path("unitId").asString()).isEqualTo("t.alert.b");
        assertThat(own.path("ref").asString()).isEqualTo("B-" + today);
    }

    @Test
    void theDigestOfADayBeforeTheNewYearMarksTheDatesCountedWithoutTheirNoticeAndQuotesAUnitsTextHarmlessly()
            throws Exception {
        LocalDate monday = LocalDate.of(2026, 12, 28);
        clock.setToday(monday);
        // A request number as a hostile unit could send it: a right-to-left override, invisible characters, 4,000
        // characters.
        String hostile = "\u202Efdp.exe\u200B" + "号".repeat(3_990);
        LocalDate receipt = dueSoonOn(monday);
        assertThat(calendar.isProvisional(calendar.afterWorkingDays(receipt, 20)))
                .as("due in 2027, which has no notice")
                .isTrue();
        EventEnvelope request = received("t.digest.street", hostile, receipt);
        send(EventEnvelope.of(
                "alert:t.digest.street:hostile",
                request.type(),
                request.unitId(),
                request.occurredAt(),
                request.payload()));
        awaitAllConsumed();
        int before = TestMailServer.delivered().size();

        assertThat(digest.sendFor(monday)).contains("t.digest.street");

        MimeMessage street = mailTo(
                TestMailServer.delivered()
                        .subList(before, TestMailServer.delivered().size()),
                "street@digest.example.gov.cn");
        String text = (String) street.getContent();
        assertThat(text)
                .contains("编号 fdp.exe号号号")
                // at most 64 characters of it (DigestMail.QUOTED)
                .doesNotContain("\u202E", "\u200B", "号".repeat(64))
                .contains("（暂定）")
                .contains("注：标“暂定”的到期日所在年份的国务院节假日安排通知尚未收录");
        assertThat(text.length()).as("the quoted number is cut").isLessThan(2_000);
    }

    @Test
    void theDigestGoesToEachUnitsContactsOnAWorkingSaturdayAndNeverOnAHolidayMonday() throws Exception {
        // 2024's National Day: 1-7 October off, Saturday 12 October a make-up working day (国办发明电〔2023〕7号).
        LocalDate workingSaturday = LocalDate.of(2024, 10, 12);
        LocalDate holidayMonday = LocalDate.of(2024, 10, 7);
        send(received("t.digest.street", "S-soon", dueSoonOn(workingSaturday)));
        send(received("t.digest.street", "S-late", LocalDate.of(2024, 8, 1))); // due 2024-08-29, never answered
        send(received("t.digest.street", "S-done", LocalDate.of(2024, 8, 1)));
        send(replied("t.digest.street", "S-done", LocalDate.of(2024, 8, 9)));
        send(received("t.digest", "O-late", LocalDate.of(2024, 9, 2)));
        awaitAllConsumed();
        int before = TestMailServer.delivered().size();

        assertThat(digest.sendFor(holidayMonday))
                .as("a holiday Monday sends nothing")
                .isEmpty();
        assertThat(TestMailServer.delivered()).hasSize(before);

        assertThat(digest.sendFor(workingSaturday)).containsExactlyInAnyOrder("t.digest", "t.digest.street");
        List<MimeMessage> mails = TestMailServer.delivered()
                .subList(before, TestMailServer.delivered().size());
        MimeMessage office = mailTo(mails, "office@digest.example.gov.cn");
        assertThat(office.getSubject()).isEqualTo("【法定期限提醒】摘要测试局 2024年10月12日：已逾期2件，即将到期1件");
        String officeText = (String) office.getContent();
        assertThat(officeText)
                .contains("编号 S-late")
                .contains("编号 O-late")
                .contains("编号 S-soon")
                .contains("摘要测试街道")
                .contains("依申请公开答复期限")
                .doesNotContain("S-done");
        assertThat(officeText.indexOf("【已逾期】")).isLessThan(officeText.indexOf("【即将到期】"));
        MimeMessage street = mailTo(mails, "street@digest.example.gov.cn");
        assertThat(Arrays.stream(street.getAllRecipients()).map(Address::toString))
                .containsExactlyInAnyOrder("street@digest.example.gov.cn", "deputy@digest.example.gov.cn");
        assertThat((String) street.getContent()).contains("编号 S-late").doesNotContain("O-late");
        assertThat(mails)
                .as("the contacts of a unit with nothing due receive nothing")
                .noneMatch(m -> recipients(m).contains("quiet@digest.example.gov.cn"));
        int delivered = TestMailServer.delivered().size();

        assertThat(digest.sendFor(workingSaturday))
                .as("a day's digest goes out once")
                .isEmpty();
        assertThat(TestMailServer.delivered()).hasSize(delivered);
        JsonNode record = JSON.readTree(getElasticsearch("/lawstats-digests/_doc/2024-10-12:t.digest.street"));
        assertThat(record.path("_source").path("status").asString()).isEqualTo("SENT");
        assertThat(record.path("_source").path("overdue").asLong()).isEqualTo(1);
        assertThat(record.path("_source").path("dueSoon").asLong()).isEqualTo(1);
    }

    private static MimeMessage mailTo(List<MimeMessage> mails, String address) {
        return mails.stream()
                .filter(m -> recipients(m).contains(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mail to " + address + " among " + mails.size()));
    }

    private static List<String> recipients(MimeMessage mail) {
        try {
            return Arrays.stream(mail.getAllRecipients()).map(Address::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String getElasticsearch(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(TestInfrastructure.get().elasticsearchUri() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
