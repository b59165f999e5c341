package org.lawstats.aggregator.alerts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lawstats.alerts.*}: who learns of the time limits that run out, and when (ADR 17).
 *
 * @param watchEvery how often an instance looks for matters that turned DUE_SOON or OVERDUE (its live notices)
 * @param watchLookbackDays how far back a due date may lie for its matter to be announced as turned OVERDUE: a
 *     ledger of old matters imported at once is not a burst of news
 * @param digest the e-mail digest to the units' contacts
 */
@Validated
@ConfigurationProperties("lawstats.alerts")
public record AlertsProperties(
        @NotNull @DefaultValue("30s") Duration watchEvery,
        @Min(0) @Max(366) @DefaultValue("31") int watchLookbackDays,
        @Valid @DefaultValue Digest digest) {

    /**
     * The daily digest (it goes out only on working days of the official calendar, and only through an SMTP server
     * configured with Boot's {@code spring.mail.*}).
     *
     * @param cron when, in the registry's zone (Spring's six-field cron; {@code -} turns it off)
     * @param from the sender's address
     * @param link the dashboard's address, quoted in the mail so that a contact can open the list (none if blank)
     * @param listed how many matters of each status a mail lists (the rest are counted)
     */
    public record Digest(
            @NotBlank @DefaultValue("0 30 8 * * *") String cron,
            @NotBlank @DefaultValue("lawstats@localhost") String from,
            @DefaultValue("") String link,
            @Min(1) @Max(500) @DefaultValue("50") int listed) {

        /** Whether the digest is scheduled at all. */
        public boolean scheduled() {
            return !"-".equals(cron);
        }

        @AssertTrue(message = "must be a six-field cron expression (second minute hour day month weekday) or -")
        boolean isCronValid() {
            return !scheduled() || CronExpression.isValidExpression(cron);
        }
    }
}
