package org.lawstats.aggregator.web;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How logins (HTTP Basic and the login page alike) are guarded against guessing.
 *
 * @param maxFailuresPerUser failed logins of one username within {@code window} before it is locked out
 * @param maxFailuresPerAddress failed logins from one address within {@code window} before it is locked out
 * @param window how long a failure is remembered (counted from the latest)
 * @param lockout the first lock-out; each further failure while counted doubles it, up to {@code maxLockout}
 * @param maxLockout the longest lock-out
 * @param rememberSuccess how long a verified username and password are known without a bcrypt check
 */
@Validated
@ConfigurationProperties("lawstats.login")
record LoginProperties(
        @Min(1) @DefaultValue("5") int maxFailuresPerUser,
        @Min(1) @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window,
        @DefaultValue("1m") Duration lockout,
        @DefaultValue("15m") Duration maxLockout,
        @DefaultValue("5m") Duration rememberSuccess) {}
