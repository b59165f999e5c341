package org.lawstats.aggregator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The aggregator: consumes unit events from Kafka into Elasticsearch and serves the statistics API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LawstatsApplication {
    public static void main(String[] args) {
        SpringApplication.run(LawstatsApplication.class, args);
    }
}
