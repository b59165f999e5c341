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

    /** The published figures: compacted, the latest figure of each key is all a reader needs (created at start). */
    @Bean
    org.apache.kafka.clients.admin.NewTopic figuresTopic(FiguresProperties figures) {
        var topic = org.springframework.kafka.config.TopicBuilder.name(figures.topic())
                .partitions(figures.partitions())
                .compact();
        if (figures.replicas() > 0) {
            topic.replicas(figures.replicas());
        }
        return topic.build();
    }
}
