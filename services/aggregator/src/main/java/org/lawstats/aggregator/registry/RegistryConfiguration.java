package org.lawstats.aggregator.registry;

import org.lawstats.aggregator.ConfigLocation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    UnitRegistry unitRegistry(RegistryProperties properties) {
        return UnitRegistry.load(new ConfigLocation(properties.unitsFile()));
    }
}
