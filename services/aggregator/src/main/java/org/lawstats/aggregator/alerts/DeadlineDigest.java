package org.lawstats.aggregator.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.deadlines.DeadlineRules;
import org.lawstats.aggregator.deadlines.DeadlineStore;
import org.lawstats.aggregator.deadlines.Deadlines;
import org.lawstats.aggregator.deadlines.OfficialCalendar;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The daily e-mail digest (ADR 17): on a working day of the official calendar, each unit that has contacts in the
 * registry receives the list of its subtree's matters overdue and due soon, through the SMTP server of Boot's
 * {@code spring.mail.*}. A unit with nothing to report receives nothing. Before a mail goes out its digest document is
 * created in Elasticsearch with op_type create: of several instances, and of a restart on the same day, exactly one
 * sends it, and the document then records whether the server took it.
 */
@Component
public class DeadlineDigest {
    private static final Logger log = LoggerFactory.getLogger(DeadlineDigest.class);

    /** What became of one unit's digest. */
    public enum Outcome {
        SENT,
        FAILED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DigestDocument(
            String day,
            String unitId,
            List<String> recipients,
            long dueSoon,
            long overdue,
            String status,
            String claimedAt,
            String sentAt,
            String error) {}

    private final DeadlineStore store;
    private final Deadlines deadlines;
    private final DeadlineRules rules;
    private final OfficialCalendar calendar;
    private final UnitRegistry registry;
    private final ObjectProvider<JavaMailSender> mail;
    private final ElasticsearchClient client;
    private final String alias;
    private final AlertsProperties.Digest properties;
    private final MeterRegistry meters;

    DeadlineDigest(
            DeadlineStore store,
            Deadlines deadlines,
            DeadlineRules rules,
            OfficialCalendar calendar,
            UnitRegistry registry,
            ObjectProvider<JavaMailSender> mail,
            ElasticsearchClient client,
            EventIndexInitializer index,
            AlertsProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.deadlines = deadlines;
        this.rules = rules;
        this.calendar = calendar;
        this.registry = registry;
        this.mail = mail;
        this.client = client;
        this.alias = index.digestsAlias();
        this.properties = properties.digest();
        this.meters = meters;
    }

    /** The scheduled run: today's digests, if today is a working day. */
    void sendToday() {
        try {
            sendFor(deadlines.today());
        } catch (RuntimeException e) {
            log.warn("the deadline digest failed: {}", e.getMessage());
        }
    }

    /**
     * The digests of {@code day}, as on that day: nothing on a rest day, nor on a day the official calendar does not
     * hold (the calendar's health says which year is missing). Returns the units whose digest this call sent.
     */
    public List<String> sendFor(LocalDate day) {
        try {
            if (!calendar.isWorkingDay(day)) {
                log.info("{} is a rest day ({}): no deadline digest", day, calendar.holidayOn(day));
                return List.of();
            }
        } catch (OfficialCalendar.OutsideCalendarException e) {
            log.warn("no deadline digest on {}: the official calendar does not hold {}", day, e.year());
            return List.of();
        }
        JavaMailSender sender = mail.getIfAvailable();
        // Compose passes SPRING_MAIL_HOST through even when the operator gave none: an empty host is no server.
        if (sender instanceof JavaMailSenderImpl impl
                && (impl.getHost() == null || impl.getHost().isBlank())) {
            sender = null;
        }
        if (sender == null) {
            log.warn("no deadline digest on {}: no mail server is configured (spring.mail.host)", day);
            return List.of();
        }
        LocalDate soonUntil = deadlines.soonUntil(day);
        List<String> sent = new ArrayList<>();
        for (UnitRegistry.Unit unit : registry.units()) {
            if (unit.contacts().isEmpty()) {
                continue;
            }
            DeadlineStore.Page overdue = page(unit, Deadline.Status.OVERDUE, day, soonUntil);
            DeadlineStore.Page dueSoon = page(unit, Deadline.Status.DUE_SOON, day, soonUntil);
            if (overdue.total() == 0 && dueSoon.total() == 0) {
                continue;
            }
            DigestMail digest = DigestMail.of(
                    unit,
                    day,
                    overdue,
                    dueSoon,
                    deadlines.dueSoon(),
                    new DigestMail.Names(
                            kind -> rules.rule(kind).name(),
                            id -> registry.find(id).map(UnitRegistry.Unit::name).orElse(id),
                            deadline -> deadlines.workingDaysLeft(deadline, day),
                            deadline -> deadlines.provisional(deadline, day)),
                    properties.link());
            DigestDocument claim = new DigestDocument(
                    day.toString(),
                    unit.id(),
                    unit.contacts(),
                    dueSoon.total(),
                    overdue.total(),
                    "CLAIMED",
                    Instant.now().toString(),
                    null,
                    null);
            if (!claim(claim)) {
                continue; // another instance sends it, or sent it earlier today
            }
            if (send(sender, digest, claim) == Outcome.SENT) {
                sent.add(unit.id());
            }
        }
        return sent;
    }

    private DeadlineStore.Page page(
            UnitRegistry.Unit unit, Deadline.Status status, LocalDate day, LocalDate soonUntil) {
        return store.search(new DeadlineStore.Query(
                registry.subtree(unit.id()), null, status, null, null, day, soonUntil, 0, properties.listed()));
    }

    private Outcome send(JavaMailSender sender, DigestMail digest, DigestDocument claim) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(digest.to().toArray(String[]::new));
        message.setSubject(digest.subject());
        message.setText(digest.text());
        Outcome outcome;
        String error = null;
        try {
            sender.send(message);
            outcome = Outcome.SENT;
        } catch (MailException e) {
            outcome = Outcome.FAILED;
            error = e.getMessage();
            log.warn("the deadline digest of {} for {} was not sent: {}", claim.unitId(), claim.day(), error);
        }
        meters.counter("lawstats.deadlines.digests", "outcome", outcome.name().toLowerCase(Locale.ROOT))
                .increment();
        record(new DigestDocument(
                claim.day(),
                claim.unitId(),
                claim.recipients(),
                claim.dueSoon(),
                claim.overdue(),
                outcome.name(),
                claim.claimedAt(),
                outcome == Outcome.SENT ? Instant.now().toString() : null,
                error));
        return outcome;
    }

    /** Creates the day's digest document of the unit: false when it exists (sent by another instance, or earlier). */
    private boolean claim(DigestDocument claim) {
        try {
            client.create(c -> c.index(alias).id(id(claim)).document(claim));
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(DigestDocument outcome) {
        try {
            client.index(i -> i.index(alias).id(id(outcome)).document(outcome));
        } catch (IOException | ElasticsearchException e) {
            log.warn("the outcome of the digest {} was not recorded: {}", id(outcome), e.getMessage());
        }
    }

    private static String id(DigestDocument document) {
        return document.day() + ":" + document.unitId();
    }
}
