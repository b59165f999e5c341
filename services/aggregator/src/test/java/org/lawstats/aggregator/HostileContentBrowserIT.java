package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a hostile unit or page can do to a person's browser, tried in a real Chromium: a claimant and texts planted by
 * an emitter run no script and add no attribute in a leader's or an adviser's case page, and a form on another port
 * of the same host cannot use a signed-in admin's session to post an event or start a rebuild.
 */
class HostileContentBrowserIT extends IntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // The review's reproduction: a name that closes the highlight's <em> and a cause that would become its attributes.
    private static final String CLAIMANT = "m>拆迁</em>Z";
    private static final String CAUSE = "拆迁Z style=position:fixed;inset:0 onmouseover=alert(1) x 拆迁 违法建设";
    private static final String SUMMARY =
            "<img src=x onerror=\"window.__pwned=1\"> 违法建设 <script>window.__pwned=2</script>";

    private void plant() throws Exception {
        EventEnvelope filed = EventEnvelope.of(
                "t.privacy.own:hostile:case:1",
                EventType.CASE_FILED,
                "t.privacy.own",
                OffsetDateTime.parse("2046-06-01T09:00:00+08:00"),
                new Payload.CaseFiled(
                        "（2046）恶意1号",
                        CaseKind.LITIGATION,
                        "<b onclick=alert(2)>法院</b>",
                        CLAIMANT,
                        CAUSE,
                        SUMMARY,
                        true));
        HttpResponse<String> posted = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                        .header("Authorization", basic("privacy-emitter"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                EventCodec.strict().encode(filed)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        awaitStored("t.privacy.own:hostile:case:1", 1);
    }

    private void logIn(WebDriver driver, String user) {
        driver.get("http://127.0.0.1:" + port + "/login.html");
        driver.findElement(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(d -> !d.getCurrentUrl().contains("login"));
    }

    @Test
    void aPlantedClaimantRunsNoScriptInALeadersOrAnAdvisersCasePage() throws Exception {
        plant();
        for (String user : List.of("leader", "adviser")) {
            WebDriver driver = Chromium.start();
            try {
                logIn(driver, user);
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                driver.get("http://127.0.0.1:" + port + "/cases.html");
                wait.until(d -> !d.findElements(By.cssSelector("#unit option")).isEmpty());
                driver.findElement(By.id("q")).sendKeys("违法建设");
                driver.findElement(By.cssSelector("#search button[type=submit]"))
                        .click();
                // the page's first, unfiltered search may show the case too: wait for this search's answer
                wait.until(d -> Chromium.text(d, "#total").equals("共 1 件")
                        && Chromium.text(d, ".result h3").contains("恶意1号"));
                // a person's pointer over every planted text, then a click on the case: whatever a handler would do
                Chromium.script(
                        driver,
                        "document.querySelectorAll('#results *').forEach(e => ['mouseover', 'mouseenter', 'focus']"
                                + ".forEach(t => e.dispatchEvent(new MouseEvent(t, {bubbles: true}))));"
                                + "document.querySelector('.result').click();");
                wait.until(d -> Chromium.text(d, "#detail").contains("恶意1号"));

                assertThat(Chromium.script(driver, "return window.__pwned === undefined"))
                        .as(user + ": no planted script ran")
                        .isEqualTo(true);
                assertNoAlert(driver, user);
                assertThat(Chromium.script(
                                driver,
                                "return [...document.querySelectorAll('#results *, #detail *')]"
                                        + ".flatMap(e => [...e.attributes].map(a => e.tagName + ' ' + a.name))"
                                        + ".filter(a => !a.endsWith(' class'))"))
                        .as(user + ": the page's own markup has no attributes but class; a planted one has none at all")
                        .asInstanceOf(InstanceOfAssertFactories.LIST)
                        .isEmpty();
                assertThat(Chromium.script(
                                driver,
                                "return document.querySelectorAll('#results img, #results script,"
                                        + " #results b, #detail img, #detail b').length"))
                        .isEqualTo(0L);
                assertThat(Chromium.text(driver, ".result p"))
                        .as(user + ": the planted markup reads as text")
                        .contains("违法建设");
                assertThat(Chromium.text(driver, "#detail")).contains("<img src=x");
                if (user.equals("leader")) {
                    assertThat(Chromium.text(driver, "#results") + Chromium.text(driver, "#detail"))
                            .doesNotContain("拆迁", "</em>Z");
                }
            } finally {
                driver.quit();
            }
        }
    }

    private static void assertNoAlert(WebDriver driver, String user) {
        try {
            driver.switchTo().alert();
            throw new AssertionError(user + ": a planted alert() ran");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    @Test
    void aFormOnAnotherPortOfTheHostCannotUseAnAdminsSession() throws Exception {
        String target = "http://127.0.0.1:" + port;
        String forged = new String(
                EventCodec.strict()
                        .encode(enrolled(
                                "hostile:forged", "t.privacy.own", "p-forged", at("2046-06-01T09:00:00+08:00"))),
                StandardCharsets.UTF_8);
        // A text/plain form sends "name=value": with the JSON cut in two around the "=", the body is the event
        // {..."payload":{...,"pad":"="}}, as a page forges a JSON post. And a form that starts a rebuild.
        String name = forged.substring(0, forged.length() - 2) + ",\"pad\":\"";
        String page = "<!DOCTYPE html><html><body>"
                + "<form id=events method=post enctype=text/plain action='" + target + "/api/v1/events' target=one>"
                + "<input type=hidden name='" + name.replace("'", "&#39;") + "' value='\"}}'></form>"
                + "<form id=rebuild method=post action='" + target + "/api/v1/admin/rebuild' target=two></form>"
                + "<iframe name=one></iframe><iframe name=two></iframe>"
                + "<script>document.getElementById('events').submit();document.getElementById('rebuild').submit();"
                + "</script></body></html>";
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        evil.start();
        WebDriver driver = Chromium.start();
        try {
            logIn(driver, "admin");
            String before = JSON.readTree(get("/api/v1/admin/rebuild").body())
                    .path("startedAt")
                    .asString("");
            driver.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            // Both forms were sent once their frames hold the answers.
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(d -> d.findElements(By.tagName("iframe")).size() == 2
                            && Boolean.TRUE.equals(Chromium.script(
                                    d,
                                    "return [...document.querySelectorAll('iframe')].every(f => {"
                                            + " try { return f.contentWindow.location.href !== 'about:blank'; }"
                                            + " catch (e) { return true; } })")));
            send(enrolled("hostile:sentinel", "t.privacy.own", "p-sentinel", at("2046-06-01T09:00:00+08:00")));
            awaitStored("hostile:sentinel", 1);

            assertThat(stored("hostile:forged"))
                    .as("the forged event never reached the broker")
                    .isFalse();
            assertThat(JSON.readTree(get("/api/v1/admin/rebuild").body())
                            .path("startedAt")
                            .asString(""))
                    .as("no rebuild started")
                    .isEqualTo(before);
        } finally {
            driver.quit();
            evil.stop(0);
        }
    }
}
