package org.lawstats.aggregator.registry;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lawstats.units-file} (env {@code LAWSTATS_UNITS_FILE}): the unit registry. */
@Validated
@ConfigurationProperties("lawstats")
record RegistryProperties(
        @NotBlank @DefaultValue("classpath:config/units.yml")
        String unitsFile) {}
