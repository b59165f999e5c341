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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;

/**
 * The web layer's guards on the real server: no state change on another origin's behalf (CSRF), each role with its
 * own scope, logins that cannot be guessed at, live streams bounded and told only of what their user may see.
 */
class WebSecurityIT extends IntegrationTest {
    private static final HttpClient PLAIN = HttpClient.newHttpClient();

    /** A browser with a session of this user, from the login form. */
    private SessionBrowser loggedInAs(String user) throws Exception {
        SessionBrowser browser = new SessionBrowser("http://127.0.0.1:" + port);
        HttpResponse<String> login = browser.logIn(user, PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        return browser;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static String json(EventEnvelope event) {
        return new String(EventCodec.strict().encode(event), StandardCharsets.UTF_8);
    }

    /** Posts an event as the emitter with Basic, as a program would, and waits until it is stored. */
    private void sentinel(String eventId, String unit) throws Exception {
        HttpResponse<String> response = PLAIN.send(
                request("/api/v1/events")
                        .header("Authorization", basic("emitter"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                json(enrolled(eventId, unit, "sentinel", at("2044-01-01T09:00:00+08:00")))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        awaitStored(eventId, 1);
    }

    @Test
    void aFormOnAnotherOriginCannotPostEventsOrStartARebuildWithTheUsersSession() throws Exception {
        SessionBrowser emitter = loggedInAs("emitter");
        String forged = json(enrolled("t.tree.a:csrf:forged", "t.tree.a", "p-csrf", at("2044-01-01T09:00:00+08:00")));
        // what a page on http://127.0.0.1:<another port> makes the browser send: same-site, so the cookie goes along
        HttpResponse<String> form = emitter.send(emitter.request("/api/v1/events")
                .header("Content-Type", "text/plain")
                .header("Origin", "http://127.0.0.1:1")
                .header("Sec-Fetch-Site", "same-site")
                .POST(HttpRequest.BodyPublishers.ofString(forged))
                .build());
        // an older browser without Fetch Metadata still says where the form was
        HttpResponse<String> oldBrowser = emitter.send(emitter.request("/api/v1/events")
                .header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:1")
                .POST(HttpRequest.BodyPublishers.ofString(forged))
                .build());
        // a page of this origin that forgot the token
        HttpResponse<String> noToken = emitter.send(emitter.request("/api/v1/events")
                .header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(forged))
                .build());

        assertThat(List.of(form.statusCode(), oldBrowser.statusCode(), noToken.statusCode()))
                .containsOnly(403);
        assertThat(noToken.body()).contains("security token");
        assertThat(form.body()).contains("another web origin").doesNotContain("Exception");
        sentinel("t.tree.a:csrf:sentinel", "t.tree.a");
        assertThat(stored("t.tree.a:csrf:forged"))
                .as("nothing of the forged posts reached the broker")
                .isFalse();

        SessionBrowser admin = loggedInAs("admin");
        HttpResponse<String> rebuild = admin.send(admin.request("/api/v1/admin/rebuild")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://localhost:1")
                .header("Sec-Fetch-Site", "same-site")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(rebuild.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(get("/api/v1/admin/rebuild").body())
                        .path("state")
                        .asString())
                .isNotEqualTo("RUNNING");
    }

    @Test
    void theSessionsOwnPagesPostWithTheirToken() throws Exception {
        SessionBrowser emitter = loggedInAs("emitter");

        HttpResponse<String> response = emitter.send(emitter.request("/api/v1/events")
                .header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:" + port)
                .header("Sec-Fetch-Site", "same-origin")
                .header("X-XSRF-TOKEN", emitter.csrf())
                .POST(HttpRequest.BodyPublishers.ofString(
                        json(enrolled("t.tree.a:csrf:own", "t.tree.a", "p-own", at("2044-01-01T09:00:00+08:00")))))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        awaitStored("t.tree.a:csrf:own", 1);
    }

    @Test
    void cachedBasicCredentialsDoNotLetAnotherOriginPost() throws Exception {
        HttpResponse<String> response = PLAIN.send(
                request("/api/v1/events")
                        .header("Authorization", basic("emitter"))
                        .header("Content-Type", "text/plain")
                        .header("Sec-Fetch-Site", "cross-site")
                        .POST(HttpRequest.BodyPublishers.ofString(json(
                                enrolled("t.tree.a:csrf:basic", "t.tree.a", "p", at("2044-01-01T09:00:00+08:00")))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void theGatewayTakesJsonOrNdjsonOnly() throws Exception {
        for (String type :
                List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            HttpResponse<String> response = PLAIN.send(
                    request("/api/v1/events")
                            .header("Authorization", basic("emitter"))
                            .header("Content-Type", type)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    json(enrolled("t.tree.a:ct:1", "t.tree.a", "p", at("2044-01-01T09:00:00+08:00")))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(JSON.readTree(response.body()).path("message").asString())
                    .contains("application/json");
        }
    }

    @Test
    void aLeaderWhoAlsoEmitsForAUnitEmitsForThatSubtreeOnly() throws Exception {
        HttpResponse<String> elsewhere = PLAIN.send(
                request("/api/v1/events")
                        .header("Authorization", basic("leading-emitter"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                json(enrolled("roles:elsewhere", "t.known", "p", at("2044-01-01T09:00:00+08:00")))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> own = PLAIN.send(
                request("/api/v1/events")
                        .header("Authorization", basic("leading-emitter"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(
                                enrolled("t.tree.a.x:roles:own", "t.tree.a.x", "p", at("2044-01-01T09:00:00+08:00")))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(own.statusCode()).isEqualTo(202);
        assertThat(getAs("leading-emitter", "/api/v1/stats?unit=t.known").statusCode())
                .as("the leader role still reads everything")
                .isEqualTo(200);
        awaitStored("t.tree.a.x:roles:own", 1);
        assertThat(stored("roles:elsewhere")).isFalse();
    }

    @Test
    void repeatedFailedLoginsLockTheAccountOutWithoutCheckingPasswords() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(basicAs("guessed", "guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = basicAs("guessed", PASSWORD);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(JSON.readTree(locked.body()).path("message").asString()).contains("too many failed logins");
        assertThat(getAs("leader", "/api/v1/indicators").statusCode())
                .as("other users are not affected")
                .isEqualTo(200);
    }

    private HttpResponse<String> basicAs(String user, String password) throws Exception {
        return PLAIN.send(
                request("/api/v1/indicators")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aUserMayHoldAFewLiveStreamsAtOnce() throws Exception {
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                HttpResponse<InputStream> stream = PLAIN.send(
                        request("/api/v1/stream")
                                .header("Authorization", basic("watcher"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                open.add(stream.body());
            }

            HttpResponse<String> sixth = PLAIN.send(
                    request("/api/v1/stream")
                            .header("Authorization", basic("watcher"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(sixth.body()).path("message").asString()).contains("live streams");
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    /** The notices of a live stream, as they arrive: the moment each "stored" notice was read. */
    private BlockingQueue<Instant> notices(String user, List<InputStream> open) throws Exception {
        HttpResponse<InputStream> stream = PLAIN.send(
                request("/api/v1/stream").header("Authorization", basic(user)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        open.add(stream.body());
        BlockingQueue<Instant> notices = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("event:stored")) {
                        notices.add(Instant.now());
                    }
                }
            } catch (IOException e) {
                // the stream was closed by the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        return notices;
    }

    @Test
    void aClerksLiveStreamHearsOfItsOwnSubtreeOnly() throws Exception {
        List<InputStream> open = new ArrayList<>();
        try {
            BlockingQueue<Instant> admin = notices("admin", open);
            BlockingQueue<Instant> clerk = notices("stream-clerk", open);

            send(enrolled("stream:elsewhere", "t.known", "p", at("2044-01-01T09:00:00+08:00")));
            Instant heard = admin.poll(60, TimeUnit.SECONDS);
            assertThat(heard).as("the admin hears of t.known").isNotNull();
            // No other test writes to t.stream, so any notice the clerk gets before its unit is written now is one
            // it should not have had (notices on one stream arrive in order).
            Instant ownWritten = Instant.now();
            send(enrolled("stream:own", "t.stream", "p", at("2044-01-01T09:00:00+08:00")));
            Instant first = clerk.poll(60, TimeUnit.SECONDS);

            assertThat(first).as("the clerk hears of its own subtree").isNotNull();
            assertThat(first).as("and heard nothing of t.known").isAfter(ownWritten);
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }
}
