package org.lawstats.aggregator.indicators;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code figures}: whether this instance's view has caught up (until then the figures answer 503), and how far it
 * has read each partition of the published figures.
 */
@Component("figures")
class FiguresHealthIndicator implements HealthIndicator {
    private final FiguresFollower follower;

    FiguresHealthIndicator(FiguresFollower follower) {
        this.follower = follower;
    }

    @Override
    public Health health() {
        Health.Builder health = follower.caughtUp() ? Health.up() : Health.outOfService();
        return health.withDetail("caughtUp", follower.caughtUp())
                .withDetail("positions", follower.positions())
                .build();
    }
}
