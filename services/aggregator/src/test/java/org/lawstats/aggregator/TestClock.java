package org.lawstats.aggregator;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in the integration tests: the system's until a test sets a day, so that a test of "today"
 * (a status, the current period, the day of a digest) runs on a day it chooses and passes on any day it is run. The
 * base class puts it back after every test.
 */
public final class TestClock extends Clock {
    private final ZoneId zone;
    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    TestClock(ZoneId zone) {
        this.zone = zone;
    }

    /** Registered before the application's own clock: every rule of the shared context reads this one. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {
        @Bean
        @Primary
        TestClock testClock(UnitRegistry registry) {
            return new TestClock(registry.zone());
        }
    }

    /** Stops the clock at 10:00 of that day in the registry's zone (office hours, far from either midnight). */
    public void setToday(LocalDate day) {
        fixed.set(day.atTime(LocalTime.of(10, 0)).atZone(zone).toInstant());
    }

    /** Back to the system's clock. */
    public void reset() {
        fixed.set(null);
    }

    /** Today in the registry's zone. */
    public LocalDate today() {
        return LocalDate.ofInstant(instant(), zone);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : Clock.fixed(instant(), other);
    }

    @Override
    public Instant instant() {
        Instant at = fixed.get();
        return at == null ? Instant.now() : at;
    }
}
