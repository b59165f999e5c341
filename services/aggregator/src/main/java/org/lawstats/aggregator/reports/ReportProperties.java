package org.lawstats.aggregator.reports;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lawstats.reports.annual-template}: the wording of the annual report, a file a district may edit. */
@Validated
@ConfigurationProperties("lawstats.reports")
record ReportProperties(
        @NotBlank @DefaultValue("classpath:config/reports/annual.zh-CN.md")
        String annualTemplate) {}
