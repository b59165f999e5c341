package org.lawstats.aggregator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class LoginGuardTest {
    private static final LoginProperties LIMITS = new LoginProperties(
            3, 5, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(5));

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger bcryptChecks = new AtomicInteger();
    private final LoginGuard guard = new LoginGuard(dao(), LIMITS, now::get);

    private DaoAuthenticationProvider dao() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        PasswordEncoder counting = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return bcrypt.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                bcryptChecks.incrementAndGet();
                return bcrypt.matches(raw, encoded);
            }
        };
        var users = new InMemoryUserDetailsManager(
                User.withUsername("leader")
                        .password(bcrypt.encode("right"))
                        .roles("LEADER")
                        .build(),
                User.withUsername("clerk")
                        .password(bcrypt.encode("right"))
                        .roles("UNIT_CLERK")
                        .build());
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(counting);
        return dao;
    }

    private Authentication login(String user, String password, String address) {
        var request = UsernamePasswordAuthenticationToken.unauthenticated(user, password);
        MockHttpServletRequest http = new MockHttpServletRequest();
        http.setRemoteAddr(address);
        request.setDetails(new WebAuthenticationDetails(http));
        return guard.authenticate(request);
    }

    @Test
    void aUsernameIsLockedOutAfterRepeatedFailuresAndNoPasswordIsCheckedWhileItIs() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("leader", "guess", "10.0.0.1")).isInstanceOf(BadCredentialsException.class);
        }
        int checks = bcryptChecks.get();

        for (int i = 0; i < 100; i++) {
            String guess = "guess" + i;
            assertThatThrownBy(() -> login("leader", guess, "10.0.0.2"))
                    .isInstanceOf(LoginGuard.LockedOutException.class);
        }
        assertThat(bcryptChecks.get()).as("no bcrypt check while locked out").isEqualTo(checks);
        assertThatThrownBy(() -> login("leader", "right", "10.0.0.3"))
                .as("the lock-out holds for a password not verified before")
                .isInstanceOf(LoginGuard.LockedOutException.class)
                .satisfies(e -> assertThat(((LoginGuard.LockedOutException) e).retryAfterSeconds())
                        .isBetween(1L, 60L));

        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(login("leader", "right", "10.0.0.3").isAuthenticated()).isTrue();
    }

    @Test
    void eachFailureWhileCountedDoublesTheLockOut() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("leader", "guess", "10.0.0.1")).isInstanceOf(BadCredentialsException.class);
        }
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThatThrownBy(() -> login("leader", "guess", "10.0.0.1")).isInstanceOf(BadCredentialsException.class);

        assertThatThrownBy(() -> login("leader", "right", "10.0.0.9"))
                .isInstanceOf(LoginGuard.LockedOutException.class)
                .satisfies(e -> assertThat(((LoginGuard.LockedOutException) e).retryAfterSeconds())
                        .isBetween(61L, 120L));
    }

    @Test
    void anAddressGuessingManyUsernamesIsLockedOut() {
        for (int i = 0; i < 5; i++) {
            String user = "nobody" + i;
            assertThatThrownBy(() -> login(user, "guess", "10.6.6.6")).isInstanceOf(BadCredentialsException.class);
        }
        int checks = bcryptChecks.get();

        assertThatThrownBy(() -> login("clerk", "guess", "10.6.6.6")).isInstanceOf(LoginGuard.LockedOutException.class);
        assertThat(bcryptChecks.get()).isEqualTo(checks);
        assertThat(login("clerk", "right", "10.0.0.7").isAuthenticated())
                .as("other addresses are not affected")
                .isTrue();
    }

    @Test
    void aVerifiedPasswordIsKnownWithoutABcryptCheckAndStillPassesALockOut() {
        assertThat(login("leader", "right", "10.0.0.1").isAuthenticated()).isTrue();
        int checks = bcryptChecks.get();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login("leader", "guess", "10.6.6.6")).isInstanceOf(BadCredentialsException.class);
        }

        assertThat(login("leader", "right", "10.0.0.1").isAuthenticated())
                .as("a stranger's guesses do not lock out a client already verified")
                .isTrue();
        assertThat(bcryptChecks.get()).isEqualTo(checks + 3);
    }
}
