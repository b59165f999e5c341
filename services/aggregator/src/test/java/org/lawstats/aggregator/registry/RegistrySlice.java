package org.lawstats.aggregator.registry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** The unit registry (the test registry) and the clock, as a web slice test needs them. */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
@Import(RegistryConfiguration.class)
public class RegistrySlice {}
