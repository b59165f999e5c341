package org.lawstats.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event types of the v1 contract, each with its wire name and the one topic it travels on. */
public enum EventType {
    TRAINING_ENROLLED("training.enrolled", Topics.TRAINING),
    TRAINING_COMPLETED("training.completed", Topics.TRAINING),
    EXAM_ASSIGNED("exam.assigned", Topics.TRAINING),
    EXAM_TAKEN("exam.taken", Topics.TRAINING),
    DISCLOSURE_RECEIVED("disclosure.received", Topics.DISCLOSURE),
    DISCLOSURE_EXTENDED("disclosure.extended", Topics.DISCLOSURE),
    DISCLOSURE_SUSPENDED("disclosure.suspended", Topics.DISCLOSURE),
    DISCLOSURE_RESUMED("disclosure.resumed", Topics.DISCLOSURE),
    DISCLOSURE_REPLIED("disclosure.replied", Topics.DISCLOSURE),
    CASE_FILED("case.filed", Topics.CASES),
    CASE_ANSWERED("case.answered", Topics.CASES),
    CASE_HEARING("case.hearing", Topics.CASES),
    CASE_CLOSED("case.closed", Topics.CASES),
    STUDY_HELD("study.held", Topics.ACTIVITIES),
    MEETING_HELD("meeting.held", Topics.ACTIVITIES),
    PROPOSAL_HANDLED("proposal.handled", Topics.ACTIVITIES),
    DECISION_LISTED("decision.listed", Topics.ACTIVITIES),
    DOCUMENT_PUBLISHED("document.published", Topics.ACTIVITIES),
    COUNSEL_SERVED("counsel.served", Topics.ACTIVITIES);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final String topic;

    EventType(String wireName, String topic) {
        this.wireName = wireName;
        this.topic = topic;
    }

    /** The name on the wire, e.g. {@code training.completed}. */
    public String wireName() {
        return wireName;
    }

    /** The topic this type must be produced to. */
    public String topic() {
        return topic;
    }

    /**
     * The family the type belongs to, as {@code /api/v1/completeness} groups a unit's reports: {@code training},
     * {@code disclosure}, {@code cases} or {@code activities}, the last part of its topic.
     */
    public String family() {
        return topic.substring(topic.lastIndexOf('.') + 1);
    }

    /** The families in the order of the topics: training, disclosure, cases, activities. */
    public static List<String> families() {
        return Topics.EVENT_TOPICS.stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1))
                .toList();
    }

    /** The type of a wire name, if the contract knows it (exact, case-sensitive). */
    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
