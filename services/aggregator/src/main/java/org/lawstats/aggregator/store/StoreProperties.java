package org.lawstats.aggregator.store;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Elasticsearch layout.
 *
 * @param alias the alias every read and write goes through; a rebuild points it at a new index
 * @param template the index template (versioned data under {@code config/elasticsearch/})
 */
@Validated
@ConfigurationProperties("lawstats.store")
public record StoreProperties(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]*") @DefaultValue("lawstats-events")
        String alias,

        @NotBlank @DefaultValue("classpath:config/elasticsearch/events-template.json")
        String template) {

    /** The first concrete index behind the alias; its name matches the template's pattern. */
    String firstIndex() {
        return alias + "-v1";
    }
}
