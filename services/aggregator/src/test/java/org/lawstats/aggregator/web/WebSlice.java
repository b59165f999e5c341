package org.lawstats.aggregator.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.lawstats.aggregator.access.AccessSlice;
import org.lawstats.aggregator.registry.RegistrySlice;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * What a {@code @WebMvcTest} of one controller needs besides it: the security of api.md's roles, the request limits,
 * the error format, the test registry and users. The controller's services are the test's mocks: a slice checks the
 * rights and the parameters, the integration tests the figures.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import({SecurityConfiguration.class, RequestLimits.class, SliceBeans.class, AccessSlice.class, RegistrySlice.class})
@EnableConfigurationProperties({LimitsProperties.class, LoginProperties.class})
@TestPropertySource(
        properties = {
            "lawstats.units-file=classpath:test-units.yml",
            "lawstats.users-file=classpath:test-users.yml",
            "lawstats.users-min-bcrypt-cost=4"
        })
public @interface WebSlice {}
