package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lawstats.aggregator.deadlines.OfficialCalendar;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium (Debian's, installed by .ci/run): a leader logs in, sees a card equal
 * to the API's figure, and sees it change without a reload when an event arrives; the deadline panel on days the test
 * chooses (the server's clock: the page takes its year and today from the server, not from the browser).
 */
class DashboardBrowserIT extends IntegrationTest {
    private static final String CARD = "[data-indicator='training.completed_persons'] .value";

    private static String text(WebDriver driver, String selector) {
        return Chromium.text(driver, selector);
    }

    private static long figure(String text) {
        return Long.parseLong(text.replace(",", "").trim());
    }

    @Test
    void aLeaderSeesTheApisFiguresAndTheyChangeLiveWithoutAReload() throws Exception {
        // The first working day of a year whose notice the calendar does not hold: the page's year is the server's.
        clock.setToday(LocalDate.of(2027, 1, 4));
        String base = "http://127.0.0.1:" + port;
        WebDriver driver = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(base + "/");
            assertThat(driver.getCurrentUrl()).endsWith("/login.html");
            driver.findElement(By.name("username")).sendKeys("leader");
            driver.findElement(By.name("password")).sendKeys(PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(d -> text(d, "#live").startsWith("最后更新"));
            List<LogEntry> network = new ArrayList<>(
                    driver.manage().logs().get(LogType.PERFORMANCE).getAll());
            assertThat(apiRequests(network))
                    .as("the API requests of one dashboard load (the units, the dashboard, the live stream)")
                    .hasSizeLessThanOrEqualTo(4);

            int year = clock.today().getYear();
            // The current year's cards are cut at today (todate), as the page asks for them.
            long api = JSON.readTree(get("/api/v1/stats?period=" + year + "&unit=t&todate=true")
                            .body())
                    .path("values")
                    .path("training.completed_persons")
                    .asLong();
            assertThat(figure(text(driver, CARD))).isEqualTo(api);

            ((JavascriptExecutor) driver).executeScript("window.lawstatsMarker = 'still the same page';");
            send(completed(
                    "browser:live:" + System.nanoTime(),
                    "t.api",
                    "browser-person-" + System.nanoTime(),
                    OffsetDateTime.now(clock)));
            wait.until(d -> figure(text(d, CARD)) == api + 1);
            assertThat(((JavascriptExecutor) driver).executeScript("return window.lawstatsMarker"))
                    .as("updated without a reload")
                    .isEqualTo("still the same page");
            // A burst of writes: the page follows it, asking at most once a second however many notices come.
            for (int i = 0; i < 5; i++) {
                send(completed(
                        "browser:burst:" + i + ":" + System.nanoTime(),
                        "t.api",
                        "browser-burst-" + i + "-" + System.nanoTime(),
                        OffsetDateTime.now(clock)));
            }
            wait.until(d -> figure(text(d, CARD)) == api + 6);
            List<LogEntry> live =
                    driver.manage().logs().get(LogType.PERFORMANCE).getAll();
            network.addAll(live);
            List<Double> refreshed = apiRequests(live).stream()
                    .filter(r -> r.url().contains("/api/v1/dashboard"))
                    .map(ApiRequest::seconds)
                    .sorted()
                    .toList();
            assertThat(refreshed).as("the dashboard's live refreshes").isNotEmpty();
            for (int i = 1; i < refreshed.size(); i++) {
                assertThat(refreshed.get(i) - refreshed.get(i - 1))
                        .as("seconds between two live refreshes")
                        .isGreaterThanOrEqualTo(0.95);
            }

            String csv = driver.findElement(By.id("csv")).getAttribute("href");
            assertThat(csv).contains("format=csv");
            var download = getAs(
                    "leader",
                    URI.create(csv).getRawPath() + "?" + URI.create(csv).getRawQuery());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/csv");

            Files.write(
                    Path.of("target", "dashboard.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

            // A case opened by a leader: the claimant is masked in the list and in the detail.
            send(EventEnvelope.of(
                    "browser:case:filed",
                    EventType.CASE_FILED,
                    "t.api",
                    OffsetDateTime.now(clock),
                    new Payload.CaseFiled(
                            "(2046)浏览器1号", CaseKind.LITIGATION, "天津市南开区人民法院", "欧阳修文", "不服征收补偿决定", null, true)));
            awaitStored("browser:case:filed", 1);
            // The case record is merged after the event is stored, and searchable after the cases index's refresh:
            // the page is opened once the API's search, the page's own, finds it.
            String query = "/api/v1/cases?q=" + URLEncoder.encode("浏览器1号", StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> JSON.readTree(getAs("leader", query).body())
                                    .path("total")
                                    .asLong()
                            == 1);
            driver.get(base + "/cases.html");
            wait.until(d -> !d.findElements(By.cssSelector("#unit option")).isEmpty());
            driver.findElement(By.id("q")).sendKeys("浏览器1号");
            driver.findElement(By.cssSelector("#search button[type=submit]")).click();
            // The page's first, unfiltered search may answer after this one: the page shows the newest search's.
            wait.until(d ->
                    text(d, "#total").equals("共 1 件") && text(d, ".result h3").contains("浏览器1号"));
            assertThat(text(driver, ".result .meta")).contains("欧***").doesNotContain("阳修文");
            ((JavascriptExecutor) driver).executeScript("document.querySelector('.result').click();");
            wait.until(d -> text(d, "#detail").contains("办理经过"));
            assertThat(text(driver, "#detail")).contains("欧***", "立案").doesNotContain("阳修文");
            List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage)
                    .toList();
            assertThat(errors).as("console errors").isEmpty();
            Set<String> hosts = new HashSet<>();
            network.addAll(driver.manage().logs().get(LogType.PERFORMANCE).getAll());
            for (LogEntry entry : network) {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if ("Network.requestWillBeSent".equals(message.path("method").asString())) {
                    String url =
                            message.path("params").path("request").path("url").asString();
                    if (url.startsWith("http")) {
                        hosts.add(URI.create(url).getAuthority());
                    }
                }
            }
            assertThat(hosts).as("every request stays on this server").containsOnly("127.0.0.1:" + port);
        } finally {
            driver.quit();
        }
    }

    private record ApiRequest(String url, double seconds) {}

    /** The API requests among Chromium's network events, with when each was sent (seconds, monotonic). */
    private static List<ApiRequest> apiRequests(List<LogEntry> entries) {
        List<ApiRequest> requests = new ArrayList<>();
        for (LogEntry entry : entries) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            if ("Network.requestWillBeSent".equals(message.path("method").asString())) {
                String url = message.path("params").path("request").path("url").asString();
                if (url.contains("/api/")) {
                    requests.add(new ApiRequest(
                            url, message.path("params").path("timestamp").asDouble()));
                }
            }
        }
        return requests;
    }

    @ParameterizedTest(name = "today {0}")
    @ValueSource(strings = {"2024-10-14", "2026-12-28", "2027-01-04", "2027-10-15"})
    void theDeadlinePanelListsOverdueMattersAndSaysLiveWhenOneTurnsDueSoon(
            LocalDate today, @Autowired OfficialCalendar calendar, @Autowired MeterRegistry meters) throws Exception {
        clock.setToday(today);
        // Received in January 2020 and never answered: overdue since February 2020, first in the soonest-due list.
        send(request("browser-overdue", LocalDate.of(2020, 1, 6)));
        awaitAllConsumed();
        // Two looks of the watch on this day: what the new day turned is announced before the page opens.
        Timer looks = await().atMost(Duration.ofSeconds(30))
                .until(() -> meters.find("lawstats.deadlines.watch").timer(), t -> t != null);
        long looked = looks.count();
        await().atMost(Duration.ofSeconds(30)).until(() -> looks.count() >= looked + 2);
        String base = "http://127.0.0.1:" + port;
        WebDriver driver = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(base + "/login.html");
            driver.findElement(By.name("username")).sendKeys("leader");
            driver.findElement(By.name("password")).sendKeys(PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(d -> text(d, "#live").startsWith("最后更新"));
            wait.until(d -> text(d, "#deadlineList").contains("browser-overdue"));
            assertThat(text(driver, "#deadlineList tbody tr[data-status='OVERDUE'] .badge"))
                    .isEqualTo("已逾期");
            assertThat(figure(text(driver, "#overdueCount"))).isPositive();

            String soon = "browser-soon-" + today;
            send(request(soon, receiptDueSoonOn(calendar, today)));
            wait.until(d -> text(d, "#deadlineNotice").contains(soon));
            assertThat(text(driver, "#deadlineNotice")).startsWith("新到期提醒：依申请公开答复期限 " + soon);
            wait.until(d -> text(d, "#deadlineList").contains(soon));
            // A due date counted over a year without its notice is marked 暂定, and the panel says what that means.
            JsonNode item = null;
            for (JsonNode each : JSON.readTree(getAs("leader", "/api/v1/deadlines?unit=t.api&status=DUE_SOON&size=200")
                            .body())
                    .path("items")) {
                if (each.path("ref").asString().equals(soon)) {
                    item = each;
                }
            }
            assertThat(item).as(soon + " in the API's list").isNotNull();
            boolean provisional = item.path("provisional").asBoolean();
            assertThat(provisional).isEqualTo(today.getYear() > 2024);
            String row = "//table[@id='deadlineList']//tr[td[normalize-space()='" + soon + "']]";
            assertThat(driver.findElements(By.xpath(row + "//span[@class='provisional']")))
                    .as("the 暂定 mark on " + soon)
                    .hasSize(provisional ? 1 : 0);
            if (provisional) {
                assertThat(driver.findElement(By.id("deadlineProvisional")).isDisplayed())
                        .isTrue();
                assertThat(text(driver, "#deadlineProvisional")).contains("暂按《全国年节及纪念日放假办法》");
            }
            ((JavascriptExecutor) driver).executeScript("document.getElementById('deadlines').scrollIntoView();");
            Files.write(
                    Path.of("target", "dashboard-deadlines-" + today + ".png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }

    private static EventEnvelope request(String requestId, LocalDate receivedOn) {
        return EventEnvelope.of(
                "browser:request:" + requestId,
                EventType.DISCLOSURE_RECEIVED,
                "t.api",
                OffsetDateTime.parse(receivedOn + "T10:00:00+08:00"),
                new Payload.DisclosureReceived(
                        requestId,
                        Payload.DisclosureReceived.Channel.ONLINE,
                        Payload.DisclosureReceived.ApplicantType.CITIZEN,
                        "申请公开年度预算"));
    }
}
