package org.lawstats.aggregator.indicators;

import org.lawstats.aggregator.ConfigLocation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IndicatorConfiguration {

    @Bean
    IndicatorCatalogue indicatorCatalogue(CatalogueProperties properties) {
        return IndicatorCatalogue.load(new ConfigLocation(properties.file()));
    }
}
