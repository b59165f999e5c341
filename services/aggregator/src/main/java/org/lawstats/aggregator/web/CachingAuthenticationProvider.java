package org.lawstats.aggregator.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Remembers successful HTTP Basic authentications for a short while. Without it every API call pays a full
 * bcrypt check (tens of milliseconds of CPU at cost 10), which would dominate the latency of every statistic.
 * The cache key is a SHA-256 of username and password, so no password is held; failures are never cached.
 */
final class CachingAuthenticationProvider implements AuthenticationProvider {
    private static final int MAX_ENTRIES = 10_000;

    private final AuthenticationProvider delegate;
    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(Authentication authentication, long expiresAt) {}

    CachingAuthenticationProvider(AuthenticationProvider delegate, Duration ttl) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public Authentication authenticate(Authentication request) {
        if (!(request.getCredentials() instanceof String password)) {
            return delegate.authenticate(request);
        }
        String key = key(request.getName(), password);
        long now = System.nanoTime();
        Entry hit = cache.get(key);
        if (hit != null && hit.expiresAt() - now > 0) {
            return hit.authentication();
        }
        Authentication authenticated = delegate.authenticate(request);
        if (authenticated != null && authenticated.isAuthenticated()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear(); // crude, but bounded: a flood of distinct credentials cannot grow the heap
            }
            cache.put(key, new Entry(authenticated, now + ttlNanos));
        }
        return authenticated;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

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
