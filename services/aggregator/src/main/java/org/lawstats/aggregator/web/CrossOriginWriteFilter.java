package org.lawstats.aggregator.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request that a browser sent on behalf of another origin, whatever credentials it
 * carries: a session cookie is covered by the CSRF token, but a browser also attaches Basic credentials it has
 * cached for this origin, and a form on another port of the same host is "same-site" for cookies. Browsers say
 * who started a request (Fetch Metadata's {@code Sec-Fetch-Site}, else {@code Origin}); programs that are not
 * browsers send neither and are not affected.
 */
final class CrossOriginWriteFilter extends OncePerRequestFilter {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    // "none": the user typed the address or used a bookmark; "same-origin": this application's own pages.
    private static final Set<String> OWN = Set.of("same-origin", "none");

    interface Refusal {
        void refuse(HttpServletResponse response, String message) throws IOException;
    }

    private final Refusal refusal;

    CrossOriginWriteFilter(Refusal refusal) {
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE_METHODS.contains(request.getMethod()) && fromAnotherOrigin(request)) {
            refusal.refuse(response, "a request from another web origin may not change anything here");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean fromAnotherOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !OWN.contains(site.strip().toLowerCase(Locale.ROOT));
        }
        String origin = request.getHeader("Origin");
        return origin != null && !sameOrigin(origin.strip(), request);
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = URI.create(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false; // "null" and other opaque origins are never this one
            }
            int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            return uri.getScheme().equalsIgnoreCase(request.getScheme())
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
