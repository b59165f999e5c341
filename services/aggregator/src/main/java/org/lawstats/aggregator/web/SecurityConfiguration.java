package org.lawstats.aggregator.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.lawstats.aggregator.access.UserDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP Basic on /api/** (and a session login for the pages), guarded logins, CSRF protection for the pages and no
 * state change on behalf of another origin, the role rules of api.md by path, and the JSON error format for 401,
 * 403 and 429.
 * The finer rules (a clerk's own subtree, an emitter's own events) are checked where the unit is known.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] READERS = {"ADMIN", "LEADER", "ADVISER", "UNIT_CLERK", "REVIEWER"};

    /** bcrypt only: the users file accepts nothing weaker, so neither does the check ({noop} never matches). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder()));
    }

    @Bean
    AuthenticationManager authenticationManager(
            UserDirectory users, PasswordEncoder passwordEncoder, LoginProperties login) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(passwordEncoder);
        return new ProviderManager(new LoginGuard(dao, login));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        AuthenticationEntryPoint json401 = (request, response, e) -> {
            if (e instanceof LoginGuard.LockedOutException locked) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(locked.retryAfterSeconds()));
                write(response, HttpStatus.TOO_MANY_REQUESTS, locked.getMessage());
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"lawstats\"");
            write(response, HttpStatus.UNAUTHORIZED, "authentication required (HTTP Basic)");
        };
        // The API answers JSON; pages send a person to the login page.
        RequestMatcher machines = new OrRequestMatcher(
                PathPatternRequestMatcher.pathPattern("/api/**"),
                PathPatternRequestMatcher.pathPattern("/actuator/**"));
        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        http.authenticationManager(authenticationManager)
                // The pages send the token of the XSRF-TOKEN cookie back in a header or form field (it is never in a
                // response body, so it needs no BREACH masking). Only what a session authenticates needs it, and the
                // login form (a forged login would sign a victim in as someone else): callers with credentials in
                // every request (HTTP Basic: unit services, scripts) need none, callers without any get their 401,
                // and a browser that attaches cached Basic credentials for another origin is refused by the filter.
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(request -> !SAFE_METHODS.contains(request.getMethod())
                                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                                && (request.getRequestedSessionId() != null
                                        || "/login".equals(request.getServletPath()))))
                .addFilterBefore(
                        new CrossOriginWriteFilter(
                                (response, message) -> write(response, HttpStatus.FORBIDDEN, message)),
                        CsrfFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(
                                "/login.html", "/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/actuator/**", "/api/v1/admin/**")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/v1/events", "/api/v1/imports", "/api/v1/entries")
                        .hasAnyRole("ADMIN", "UNIT_EMITTER")
                        .requestMatchers(HttpMethod.GET, "/api/v1/entries", "/api/v1/entries/**")
                        .hasAnyRole("ADMIN", "UNIT_EMITTER")
                        // The templates are for whoever fills a ledger in, and for those who read what it holds.
                        .requestMatchers(HttpMethod.GET, "/api/v1/imports/templates/**")
                        .hasAnyRole("ADMIN", "LEADER", "ADVISER", "UNIT_CLERK", "REVIEWER", "UNIT_EMITTER")
                        // The day the server counts on: every page needs it, whoever opens it (no figure, no record).
                        .requestMatchers(HttpMethod.GET, "/api/v1/calendar/today")
                        .authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyRole(READERS)
                        // The entry and import pages are for those who emit; the others for those who read.
                        .requestMatchers(HttpMethod.GET, "/entry.html", "/import.html")
                        .hasAnyRole("ADMIN", "UNIT_EMITTER")
                        .requestMatchers(HttpMethod.GET, "/", "/*.html")
                        .hasAnyRole(READERS)
                        // Reporting periods (api.md): clerks submit, reviewers return and lock, admins alone unlock;
                        // each
                        // within its unit subtree, which the controller checks.
                        .requestMatchers(HttpMethod.POST, "/api/v1/periods/*/submissions")
                        .hasAnyRole("ADMIN", "UNIT_CLERK")
                        .requestMatchers(HttpMethod.POST, "/api/v1/periods/*/returns", "/api/v1/periods/*/locks")
                        .hasAnyRole("ADMIN", "REVIEWER")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/periods/*/locks/*")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/logout")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> basic.realmName("lawstats").authenticationEntryPoint(json401))
                .formLogin(form -> form.loginPage("/login.html")
                        .loginProcessingUrl("/login")
                        // Readers land on the dashboard; those who only enter data, on the entry form.
                        .successHandler((request, response, authentication) -> response.sendRedirect(
                                authentication.getAuthorities().stream()
                                                .anyMatch(a -> Arrays.asList(READERS)
                                                        .contains(
                                                                a.getAuthority().replaceFirst("^ROLE_", "")))
                                        ? "/"
                                        : "/entry.html"))
                        .failureHandler((request, response, e) -> response.sendRedirect(
                                e instanceof LoginGuard.LockedOutException
                                        ? "/login.html?locked"
                                        : "/login.html?error")))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login.html?logout"))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(json401, machines)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login.html"), AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler((request, response, e) -> {
                            if (!(e instanceof CsrfException)
                                    && HttpMethod.GET.matches(request.getMethod())
                                    && !machines.matches(request)) {
                                // A person who opened a page their role may not: a page saying so, in Chinese.
                                page(response, HttpStatus.FORBIDDEN, FORBIDDEN_PAGE);
                                return;
                            }
                            write(
                                    response,
                                    HttpStatus.FORBIDDEN,
                                    e instanceof CsrfException
                                            ? "the page's security token is missing or out of date: reload the page"
                                            : "not allowed for your role or unit");
                        }));
        return http.build();
    }

    private static final byte[] FORBIDDEN_PAGE = resource("pages/forbidden.html");

    private static byte[] resource(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void page(HttpServletResponse response, HttpStatus status, byte[] html) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(html);
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /**
     * Loads the deferred CSRF token on every request, so that the XSRF-TOKEN cookie reaches the pages before their
     * first form or POST (the token itself is never in a page, where another origin could read it).
     */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    private static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), new ApiError(status.value(), status.getReasonPhrase(), message));
    }
}
