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
 * @param casesAlias the alias of the case records
 * @param casesTemplate their index template
 * @param deadlinesAlias the alias of the legal time limits (ADR 16)
 * @param deadlinesTemplate their index template
 * @param digestsAlias the alias of the deadline digests sent (ADR 17)
 * @param digestsTemplate their index template
 * @param periodsAlias the alias of the reporting periods' submissions and locks
 * @param periodsTemplate their index template
 */
@Validated
@ConfigurationProperties("lawstats.store")
public record StoreProperties(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]*") @DefaultValue("lawstats-events")
        String alias,

        @NotBlank @DefaultValue("classpath:config/elasticsearch/events-template.json")
        String template,

        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]*") @DefaultValue("lawstats-cases")
        String casesAlias,

        @NotBlank @DefaultValue("classpath:config/elasticsearch/cases-template.json")
        String casesTemplate,

        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]*") @DefaultValue("lawstats-deadlines")
        String deadlinesAlias,

        @NotBlank @DefaultValue("classpath:config/elasticsearch/deadlines-template.json")
        String deadlinesTemplate,

        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]*") @DefaultValue("lawstats-digests")
        String digestsAlias,

        @NotBlank @DefaultValue("classpath:config/elasticsearch/digests-template.json")
        String digestsTemplate,

        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]*") @DefaultValue("lawstats-periods")
        String periodsAlias,

        @NotBlank @DefaultValue("classpath:config/elasticsearch/periods-template.json")
        String periodsTemplate) {

    /** The first concrete index behind an alias; its name matches the template's pattern. */
    static String firstIndex(String alias) {
        return alias + "-v1";
    }
}
