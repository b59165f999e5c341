package org.lawstats.contract;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.lawstats.contract.Payload.CaseAnswered;
import org.lawstats.contract.Payload.CaseClosed;
import org.lawstats.contract.Payload.CaseFiled;
import org.lawstats.contract.Payload.CaseHearing;
import org.lawstats.contract.Payload.CounselServed;
import org.lawstats.contract.Payload.DecisionListed;
import org.lawstats.contract.Payload.DisclosureExtended;
import org.lawstats.contract.Payload.DisclosureReceived;
import org.lawstats.contract.Payload.DisclosureReplied;
import org.lawstats.contract.Payload.DisclosureResumed;
import org.lawstats.contract.Payload.DisclosureSuspended;
import org.lawstats.contract.Payload.DocumentPublished;
import org.lawstats.contract.Payload.ExamAssigned;
import org.lawstats.contract.Payload.ExamTaken;
import org.lawstats.contract.Payload.MeetingHeld;
import org.lawstats.contract.Payload.ProposalHandled;
import org.lawstats.contract.Payload.StudyHeld;
import org.lawstats.contract.Payload.TrainingCompleted;
import org.lawstats.contract.Payload.TrainingEnrolled;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict JSON reading and writing of v1 events. Thread-safe; share one instance.
 *
 * <p>Reading never coerces and never throws for bad input: it returns a {@link Decoded.Invalid} carrying every
 * violation found. Writing produces exactly the contract's JSON (no Java type names, optional fields omitted).
 */
public final class EventCodec {
    /** The largest event the contract admits: 1 MiB of UTF-8. */
    public static final int MAX_EVENT_BYTES = 1024 * 1024;

    private static final EventCodec INSTANCE = new EventCodec();

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EventCodec() {}

    /** The shared codec. */
    public static EventCodec strict() {
        return INSTANCE;
    }

    /** The outcome of reading one record. */
    public sealed interface Decoded {
        /** A valid v1 event. */
        record Valid(EventEnvelope event) implements Decoded {}

        /**
         * Not a valid v1 event.
         *
         * @param rejection why
         * @param eventId the eventId when one could be read, for error reports; otherwise empty
         */
        record Invalid(Rejection rejection, Optional<String> eventId) implements Decoded {}
    }

    /** Reads one event from its UTF-8 bytes. */
    public Decoded decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return invalid(Rejection.of(Rejection.Reason.MALFORMED_JSON, "", "the record is empty"), null);
        }
        if (bytes.length > MAX_EVENT_BYTES) {
            return invalid(
                    Rejection.of(
                            Rejection.Reason.OVERSIZE,
                            "",
                            "the event has " + bytes.length + " bytes, more than the limit of " + MAX_EVENT_BYTES),
                    null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JacksonException e) {
            return invalid(Rejection.of(Rejection.Reason.MALFORMED_JSON, "", "the record is not valid JSON"), null);
        }
        return decode(tree);
    }

    /** Reads one event from an already parsed JSON value (used by the HTTP gateway for arrays and NDJSON). */
    public Decoded decode(JsonNode tree) {
        if (tree == null || tree.isMissingNode()) {
            return invalid(Rejection.of(Rejection.Reason.MALFORMED_JSON, "", "the record is empty"), null);
        }
        if (!tree.isObject()) {
            return invalid(Rejection.of(Rejection.Reason.NOT_AN_OBJECT, "", "the event must be a JSON object"), null);
        }
        List<Violation> violations = FieldReader.newViolations();
        FieldReader envelope = new FieldReader(tree, "", violations);
        String eventId = envelope.identifier("eventId");
        Long revision = envelope.optionalInteger("revision", 1);
        String typeName = envelope.string("type");
        String unitId = envelope.identifier("unitId");
        OffsetDateTime occurredAt = envelope.instant("occurredAt");
        Boolean retracted = envelope.optionalBool("retracted");
        FieldReader payloadFields = envelope.nested("payload");

        Optional<EventType> type = Optional.ofNullable(typeName).flatMap(EventType::fromWireName);
        if (typeName != null && type.isEmpty()) {
            return invalid(
                    new Rejection(
                            Rejection.Reason.UNKNOWN_TYPE,
                            prepend(
                                    new Violation(
                                            "type", "'" + abbreviate(typeName) + "' is not a type of the contract"),
                                    violations)),
                    eventId);
        }
        Payload payload = type.isPresent() && payloadFields != null ? readPayload(type.get(), payloadFields) : null;
        if (!violations.isEmpty() || payload == null) {
            return invalid(new Rejection(Rejection.Reason.INVALID_FIELD, violations), eventId);
        }
        return new Decoded.Valid(new EventEnvelope(
                eventId,
                revision == null ? 1 : revision,
                type.get(),
                unitId,
                occurredAt,
                Boolean.TRUE.equals(retracted),
                payload));
    }

    private static Payload readPayload(EventType type, FieldReader f) {
        Payload payload = switch (type) {
            case TRAINING_ENROLLED ->
                new TrainingEnrolled(f.string("personId"), f.string("courseId"), f.optionalString("courseName"));
            case TRAINING_COMPLETED ->
                new TrainingCompleted(
                        f.string("personId"),
                        f.string("courseId"),
                        f.optionalString("courseName"),
                        f.optionalNumber("hours", 0, 100_000));
            case EXAM_ASSIGNED ->
                new ExamAssigned(f.string("personId"), f.string("examId"), f.optionalString("examName"));
            case EXAM_TAKEN ->
                new ExamTaken(
                        f.string("personId"),
                        f.string("examId"),
                        f.optionalNumber("score", 0, 100),
                        f.optionalBool("passed"));
            case DISCLOSURE_RECEIVED ->
                new DisclosureReceived(
                        f.string("requestId"),
                        f.enumeration("channel", DisclosureReceived.Channel.class),
                        f.enumeration("applicantType", DisclosureReceived.ApplicantType.class),
                        f.string("subject"));
            case DISCLOSURE_EXTENDED ->
                new DisclosureExtended(f.string("requestId"), (int)
                        unboxedLong(f.integer("workingDays", 1, DisclosureExtended.MAX_WORKING_DAYS)));
            case DISCLOSURE_SUSPENDED ->
                new DisclosureSuspended(
                        f.string("requestId"), f.enumeration("reason", DisclosureSuspended.Reason.class));
            case DISCLOSURE_RESUMED -> new DisclosureResumed(f.string("requestId"));
            case DISCLOSURE_REPLIED ->
                new DisclosureReplied(
                        f.string("requestId"),
                        f.enumeration("outcome", DisclosureReplied.Outcome.class),
                        f.instant("dueAt"),
                        unboxed(f.bool("counselInvolved")));
            case CASE_FILED ->
                new CaseFiled(
                        f.string("caseNo"),
                        f.enumeration("kind", CaseKind.class),
                        f.string("forum"),
                        f.string("claimant"),
                        f.string("cause"),
                        f.optionalString("summary"),
                        unboxed(f.bool("counselInvolved")),
                        f.optionalInstant("servedAt"));
            case CASE_ANSWERED -> new CaseAnswered(f.string("caseNo"), f.enumeration("kind", CaseKind.class));
            case CASE_HEARING ->
                new CaseHearing(
                        f.string("caseNo"), f.enumeration("kind", CaseKind.class), unboxed(f.bool("headAppeared")));
            case CASE_CLOSED ->
                new CaseClosed(
                        f.string("caseNo"),
                        f.enumeration("kind", CaseKind.class),
                        f.enumeration("outcome", CaseClosed.Outcome.class),
                        f.optionalString("summary"));
            case STUDY_HELD ->
                new StudyHeld(
                        f.enumeration("kind", StudyHeld.Kind.class),
                        f.string("topic"),
                        f.optionalInteger("attendees", 0));
            case MEETING_HELD ->
                new MeetingHeld(
                        f.enumeration("kind", MeetingHeld.Kind.class),
                        unboxed(f.bool("ruleOfLawAgenda")),
                        // events.md 1.1: a real meeting decides at most 10,000 items, and sums stay exact
                        unboxedLong(f.integer("keyMatters", 0, MeetingHeld.MAX_KEY_MATTERS)));
            case PROPOSAL_HANDLED ->
                new ProposalHandled(
                        f.string("proposalId"),
                        f.enumeration("level", ProposalHandled.Level.class),
                        unboxed(f.bool("consulted")),
                        unboxed(f.bool("replied")),
                        unboxed(f.bool("satisfied")));
            case DECISION_LISTED ->
                new DecisionListed(
                        f.string("decisionId"),
                        f.string("title"),
                        unboxed(f.bool("publicParticipation")),
                        unboxed(f.bool("expertReview")),
                        unboxed(f.bool("riskAssessment")),
                        unboxed(f.bool("legalityReview")),
                        unboxed(f.bool("collectiveDecision")));
            case DOCUMENT_PUBLISHED ->
                new DocumentPublished(f.string("documentId"), f.string("title"), unboxed(f.bool("normative")));
            case COUNSEL_SERVED ->
                new CounselServed(
                        f.string("counselId"),
                        f.enumeration("counselKind", CounselServed.CounselKind.class),
                        f.enumeration("work", CounselServed.Work.class),
                        f.optionalString("ref", CounselServed.MAX_REF_LENGTH));
        };
        return f.violations().isEmpty() ? payload : null;
    }

    // A violation has been recorded when the value is null; the event is discarded, so false is never seen.
    private static boolean unboxed(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static long unboxedLong(Long value) {
        return value == null ? 0 : value;
    }

    /** Writes an event as the contract's JSON, UTF-8. Does not validate: {@link EventPublisher} does. */
    public byte[] encode(EventEnvelope event) {
        return mapper.writeValueAsBytes(toTree(event));
    }

    /** The contract's JSON of an event as a tree. */
    public ObjectNode toTree(EventEnvelope event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", event.eventId());
        node.put("revision", event.revision());
        node.put("type", event.type().wireName());
        node.put("unitId", event.unitId());
        node.put(
                "occurredAt",
                event.occurredAt() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.occurredAt()));
        node.put("retracted", event.retracted());
        node.set("payload", mapper.valueToTree(event.payload()));
        return node;
    }

    /** The mapper configured for the contract (strict duplicate detection, no trailing tokens). */
    public JsonMapper mapper() {
        return mapper;
    }

    private static Decoded invalid(Rejection rejection, String eventId) {
        return new Decoded.Invalid(rejection, Optional.ofNullable(eventId));
    }

    private static List<Violation> prepend(Violation first, List<Violation> rest) {
        List<Violation> all = FieldReader.newViolations();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
