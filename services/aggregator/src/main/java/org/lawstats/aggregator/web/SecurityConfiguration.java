package org.lawstats.aggregator.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.lawstats.aggregator.access.UserDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP Basic on /api/** (and a session login for the pages), the role rules of api.md by path, and the JSON
 * error format for 401 and 403.
 * The finer rules (a clerk's own subtree, an emitter's own events) are checked where the unit is known.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] READERS = {"ADMIN", "LEADER", "ADVISER", "UNIT_CLERK"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationManager authenticationManager(UserDirectory users, PasswordEncoder passwordEncoder) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(passwordEncoder);
        return new ProviderManager(new CachingAuthenticationProvider(dao, Duration.ofMinutes(5)));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        AuthenticationEntryPoint json401 = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"lawstats\"");
            write(response, HttpStatus.UNAUTHORIZED, "authentication required (HTTP Basic)");
        };
        // The API answers JSON; pages send a person to the login page.
        RequestMatcher machines = new OrRequestMatcher(
                PathPatternRequestMatcher.pathPattern("/api/**"),
                PathPatternRequestMatcher.pathPattern("/actuator/**"));
        http.authenticationManager(authenticationManager)
                // No CSRF token: the API is stateless HTTP Basic, and the dashboard's session cookie is SameSite=Strict
                // (application.yml), which browsers never send with a request started from another site.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(
                                "/login.html", "/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error")
                        .permitAll()
                        .requestMatchers("/actuator/**", "/api/v1/admin/**")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/v1/events")
                        .hasAnyRole("ADMIN", "UNIT_EMITTER")
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyRole(READERS)
                        .requestMatchers(HttpMethod.GET, "/", "/*.html")
                        .hasAnyRole(READERS)
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> basic.realmName("lawstats").authenticationEntryPoint(json401))
                .formLogin(form -> form.loginPage("/login.html")
                        .loginProcessingUrl("/login")
                        .defaultSuccessUrl("/", true)
                        .failureUrl("/login.html?error"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login.html?logout"))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(json401, machines)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login.html"), AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler((request, response, e) ->
                                write(response, HttpStatus.FORBIDDEN, "not allowed for your role or unit")));
        return http.build();
    }

    private static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), new ApiError(status.value(), status.getReasonPhrase(), message));
    }
}
