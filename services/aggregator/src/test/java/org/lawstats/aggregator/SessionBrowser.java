package org.lawstats.aggregator;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * What a browser does for the pages, without the pages: a cookie jar, the login form with its CSRF token, and the
 * token sent back with a form or a POST, as the pages' scripts do.
 */
final class SessionBrowser {
    private final String base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    SessionBrowser(String base) {
        this(base, null);
    }

    SessionBrowser(String base, SSLContext trust) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(cookies);
        if (trust != null) {
            builder.sslContext(trust);
        }
        this.http = builder.build();
    }

    /** Opens the login page, then sends the form with its token; returns the form's answer (302 either way). */
    HttpResponse<String> logIn(String user, String password) throws Exception {
        get("/login.html");
        HttpResponse<String> answer = form("/login", "username=" + encode(user) + "&password=" + encode(password));
        // signing in replaces the token; the next page brings the new one, as the redirect would
        get("/login.html");
        return answer;
    }

    /** Posts a form of the pages (the CSRF token added, as common.js adds it). */
    HttpResponse<String> form(String path, String fields) throws Exception {
        String body = fields.isEmpty() ? "_csrf=" + encode(csrf()) : fields + "&_csrf=" + encode(csrf());
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).build());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The token of the XSRF-TOKEN cookie, or empty when the server has set none. */
    String csrf() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse("");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
