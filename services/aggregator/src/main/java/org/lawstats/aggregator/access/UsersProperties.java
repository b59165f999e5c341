package org.lawstats.aggregator.access;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may do what.
 *
 * @param usersFile {@code lawstats.users-file} (env {@code LAWSTATS_USERS_FILE}, api.md): required, because the
 *     jar holds no users; the local stack hands it the demo file explicitly
 * @param usersMinBcryptCost the lowest bcrypt cost accepted in the users file (each step doubles an attacker's work)
 */
@Validated
@ConfigurationProperties("lawstats")
record UsersProperties(
        @NotBlank(message = "set LAWSTATS_USERS_FILE (lawstats.users-file) to a users file: the application holds none")
        String usersFile,

        @Min(4) @Max(31) @DefaultValue("10") int usersMinBcryptCost) {}
