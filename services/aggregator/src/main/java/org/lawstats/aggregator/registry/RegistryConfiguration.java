package org.lawstats.aggregator.registry;

import java.time.Clock;
import org.lawstats.aggregator.ConfigLocation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    UnitRegistry unitRegistry(RegistryProperties properties) {
        return UnitRegistry.load(new ConfigLocation(properties.unitsFile()));
    }

    /**
     * The one clock every rule reads "today" and "now" from (the current period, the status of a time limit, the day
     * of a digest), in the registry's zone: no rule reads the system's date itself, so that a test can set the day.
     */
    @Bean
    Clock clock(UnitRegistry registry) {
        return Clock.system(registry.zone());
    }
}
