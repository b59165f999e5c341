package org.lawstats.aggregator.web;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

/**
 * What the shared web needs besides itself in a slice: Spring Security's web setup (the security auto-configuration
 * is not part of the slice), and the uploads' limits (the imports' in the application).
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableWebSecurity
class SliceBeans {
    @Bean
    MultipartConfigElement multipartConfigElement() {
        return new MultipartConfigElement("", 10_000_000, 10_000_000, 0);
    }
}
