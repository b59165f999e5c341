package org.lawstats.aggregator.access;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The users and their rights, as a web slice test needs them (the test users file); a test configuration, so that the
 * whole application's tests never pick it up by scanning.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsersProperties.class)
@Import({UserDirectory.class, UnitAccess.class})
public class AccessSlice {}
