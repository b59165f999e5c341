package org.lawstats.aggregator.alerts;

import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Spring's scheduler runs the watch and the digest from the validated properties: the digest's cron in the
 * registry's zone, so that 08:30 is 08:30 in the district whatever the server's clock says.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AlertsConfiguration implements SchedulingConfigurer {
    private final DeadlineWatch watch;
    private final DeadlineDigest digest;
    private final AlertsProperties properties;
    private final UnitRegistry registry;

    AlertsConfiguration(
            DeadlineWatch watch, DeadlineDigest digest, AlertsProperties properties, UnitRegistry registry) {
        this.watch = watch;
        this.digest = digest;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(watch::look, properties.watchEvery());
        if (properties.digest().scheduled()) {
            tasks.addCronTask(new CronTask(
                    digest::sendToday, new CronTrigger(properties.digest().cron(), registry.zone())));
        }
    }
}
