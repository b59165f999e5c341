package org.lawstats.aggregator.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Every username and password check, guarded: a pair verified lately is known without a bcrypt check (HTTP Basic
 * sends it with every call, and bcrypt would dominate every statistic's latency); a username or an address with too
 * many recent failures is locked out for a while, and while it is, no bcrypt check is made at all, so that guessing
 * neither succeeds nor costs the server its CPU. The correct password, once verified, still passes a lock-out: a
 * stranger's guesses must not lock the real user out of integrations that already work.
 */
final class LoginGuard implements AuthenticationProvider {
    private final AuthenticationProvider delegate;
    private final LoginProperties limits;
    private final Cache<String, Authentication> verified;
    private final Cache<String, Failures> failures;
    private final Ticker ticker;

    /** Failed logins of one username or address: how many, the latest (ticker nanos), and any lock-out's end. */
    private record Failures(int count, long latest, boolean locked, long lockedUntil) {}

    /** Thrown while a username or address is locked out: a 429 with Retry-After, never a password check. */
    static final class LockedOutException extends AuthenticationException {
        private final long retryAfterSeconds;

        LockedOutException(long retryAfterSeconds) {
            super("too many failed logins; try again in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    LoginGuard(AuthenticationProvider delegate, LoginProperties limits) {
        this(delegate, limits, Ticker.systemTicker());
    }

    LoginGuard(AuthenticationProvider delegate, LoginProperties limits, Ticker ticker) {
        this.delegate = delegate;
        this.limits = limits;
        this.ticker = ticker;
        this.verified = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(limits.rememberSuccess())
                .ticker(ticker)
                .build();
        // Bounded: a flood of distinct usernames or addresses evicts old counters instead of growing the heap.
        this.failures = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(limits.window().plus(limits.maxLockout()))
                .ticker(ticker)
                .build();
    }

    @Override
    public Authentication authenticate(Authentication request) {
        if (!(request.getCredentials() instanceof String password)) {
            return delegate.authenticate(request);
        }
        String remembered = key(request.getName(), password);
        Authentication known = verified.getIfPresent(remembered);
        if (known != null) {
            return known;
        }
        String user = "user:" + request.getName();
        Optional<String> address = address(request).map(a -> "address:" + a);
        long now = ticker.read();
        long waitNanos = Math.max(
                lockedFor(user, now), address.map(a -> lockedFor(a, now)).orElse(0L));
        if (waitNanos > 0) {
            throw new LockedOutException(Math.max(1, Duration.ofNanos(waitNanos).toSeconds()));
        }
        Authentication authenticated;
        try {
            authenticated = delegate.authenticate(request);
        } catch (BadCredentialsException e) {
            failed(user, limits.maxFailuresPerUser(), now);
            address.ifPresent(a -> failed(a, limits.maxFailuresPerAddress(), now));
            throw e;
        }
        if (authenticated != null && authenticated.isAuthenticated()) {
            failures.invalidate(user);
            verified.put(remembered, authenticated);
        }
        return authenticated;
    }

    private long lockedFor(String key, long now) {
        Failures counted = failures.getIfPresent(key);
        return counted == null || !counted.locked() ? 0 : Math.max(0, counted.lockedUntil() - now);
    }

    private void failed(String key, int limit, long now) {
        failures.asMap().compute(key, (k, counted) -> {
            int count =
                    counted == null || now - counted.latest() > limits.window().toNanos() ? 1 : counted.count() + 1;
            if (count < limit) {
                return new Failures(count, now, false, now);
            }
            long lock = Math.min(
                    limits.lockout().toNanos() << Math.min(20, count - limit),
                    limits.maxLockout().toNanos());
            return new Failures(count, now, true, now + lock);
        });
    }

    private static Optional<String> address(Authentication request) {
        return request.getDetails() instanceof WebAuthenticationDetails details
                ? Optional.ofNullable(details.getRemoteAddress())
                : Optional.empty();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    // A hash of username and password, so that no password is held in memory.
    private static String key(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
