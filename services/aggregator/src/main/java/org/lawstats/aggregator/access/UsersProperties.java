package org.lawstats.aggregator.access;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lawstats.users-file} (env {@code LAWSTATS_USERS_FILE}): who may do what. */
@Validated
@ConfigurationProperties("lawstats")
record UsersProperties(
        @NotBlank @DefaultValue("classpath:config/users.yml")
        String usersFile) {}
