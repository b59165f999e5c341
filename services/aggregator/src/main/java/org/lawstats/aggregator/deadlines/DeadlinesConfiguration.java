package org.lawstats.aggregator.deadlines;

import org.lawstats.aggregator.ConfigLocation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The official calendar and the deadline rules, read and checked at start: a broken file stops the start. */
@Configuration(proxyBeanMethods = false)
class DeadlinesConfiguration {

    @Bean
    OfficialCalendar officialCalendar(DeadlinesProperties properties) {
        return OfficialCalendar.load(new ConfigLocation(properties.calendarFile()));
    }

    @Bean
    DeadlineRules deadlineRules(DeadlinesProperties properties) {
        return DeadlineRules.load(new ConfigLocation(properties.file()));
    }
}
