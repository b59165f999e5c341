package org.lawstats.aggregator.access;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The users and their rights, as a web slice test needs them (the test users file). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsersProperties.class)
@Import({UserDirectory.class, UnitAccess.class})
public class AccessSlice {}
