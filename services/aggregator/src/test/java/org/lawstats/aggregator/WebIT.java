package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pages' plumbing: session login and logout, the live stream, and nothing fetched from outside. */
class WebIT extends IntegrationTest {

    private SessionBrowser browser() {
        return new SessionBrowser("http://127.0.0.1:" + port);
    }

    @Test
    void aPersonLogsInWithASessionAndTheApiAnswersWithIt() throws Exception {
        SessionBrowser browser = browser();

        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        HttpResponse<String> wrong = browser.logIn("leader", "nope");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login.html?error");

        HttpResponse<String> ok = browser.logIn("leader", PASSWORD);
        assertThat(ok.statusCode()).isEqualTo(302);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(ok.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(browser.get("/").body()).contains("领导驾驶舱");
        assertThat(browser.get("/api/v1/stats?unit=t.known").statusCode()).isEqualTo(200);

        HttpResponse<String> logout = browser.form("/logout", "");
        assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/login.html?logout");
        assertThat(browser.get("/api/v1/stats").statusCode()).isEqualTo(401);
    }

    @Test
    void aClerkSessionKeepsTheClerksRights() throws Exception {
        SessionBrowser browser = browser();
        browser.logIn("clerk", PASSWORD);

        assertThat(browser.get("/api/v1/stats?unit=t.tree.a").statusCode()).isEqualTo(200);
        assertThat(browser.get("/api/v1/stats?unit=t.known").statusCode()).isEqualTo(403);
    }

    @Test
    void aPageTheRoleMayNotOpenSaysSoInChineseWhileTheApiAnswersJson() throws Exception {
        SessionBrowser clerk = browser();
        clerk.logIn("clerk", PASSWORD);
        var page = clerk.get("/entry.html");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("您的账号无权打开这个页面").doesNotContain("Exception");

        var emitter = getAs("emitter", "/");
        assertThat(emitter.statusCode()).isEqualTo(403);
        assertThat(emitter.body()).contains("无权打开");
        var api = getAs("emitter", "/api/v1/stats");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void pagesFetchNothingFromOutsideThisServer() throws Exception {
        SessionBrowser browser = browser();
        browser.logIn("leader", PASSWORD);
        for (String path : List.of(
                "/login.html",
                "/",
                "/stats.html",
                "/cases.html",
                "/js/dashboard.js",
                "/js/login.js",
                "/js/common.js",
                "/js/stats.js",
                "/js/cases.js",
                "/completeness.html",
                "/js/completeness.js",
                "/css/app.css")) {
            String body = browser.get(path).body();
            assertThat(body).as(path).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//");
            assertThat(body).as(path).doesNotContainPattern("(?i)url\\((https?:)?//");
        }
        assertThat(browser.get("/webjars/echarts/5.3.1/dist/echarts.min.js").statusCode())
                .isEqualTo(200);
    }

    @Test
    void theUnitPickerListsOnlyWhatTheUserMaySee() throws Exception {
        var all = JSON.readTree(getAs("leader", "/api/v1/units").body());
        var own = JSON.readTree(getAs("clerk", "/api/v1/units").body());

        assertThat(all.valueStream().map(u -> u.path("id").asString())).contains("t", "t.known", "t.tree.a.x");
        assertThat(own.valueStream().map(u -> u.path("id").asString()))
                .containsExactlyInAnyOrder("t.tree", "t.tree.a", "t.tree.a.x", "t.tree.b");
        assertThat(own.get(0).path("name").asString()).isEqualTo("上级单位");
    }

    @Test
    void theStreamAnnouncesStoredEventsSoThatDashboardsRefresh() throws Exception {
        HttpResponse<InputStream> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stream"))
                                .header("Authorization", basic("leader"))
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<Boolean> announced = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.equals("event:stored")) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    return false;
                }
            });
            send(enrolled("web:live:1", "t.api", "p-live", at("2046-01-01T09:00:00+08:00")));

            assertThat(announced.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
        }
    }
}
