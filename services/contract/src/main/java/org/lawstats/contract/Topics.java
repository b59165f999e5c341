package org.lawstats.contract;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kafka topics of the v1 contract, and each unit's own topic. The record key should be the eventId (events.md 1.2;
 * the unitId, recommended before, is still accepted); correctness never depends on it.
 *
 * <p>The four contract topics carry events by type (events.md). In production only trusted writers may produce to
 * them (the aggregator's HTTP gateway, integrators an operator trusts); a unit service produces to its own topic,
 * {@link #ofUnit(String)}, the only one its Kafka credentials may write (ADR 11). The aggregator consumes both.
 */
public final class Topics {
    /** {@code training.*} and {@code exam.*} events. */
    public static final String TRAINING = "lawstats.training";
    /** {@code disclosure.*} events. */
    public static final String DISCLOSURE = "lawstats.disclosure";
    /** {@code case.*} events. */
    public static final String CASES = "lawstats.cases";
    /**
     * {@code study.held}, {@code meeting.held}, {@code proposal.handled}, {@code decision.listed},
     * {@code document.published}, {@code counsel.served}.
     */
    public static final String ACTIVITIES = "lawstats.activities";
    /** Invalid records: the original bytes with the reason headers of {@link DeadLetterHeaders}. */
    public static final String DLQ = "lawstats.dlq";

    /** The contract topics that carry events by type, in contract order (the dead-letter topic excluded). */
    public static final List<String> EVENT_TOPICS = List.of(TRAINING, DISCLOSURE, CASES, ACTIVITIES);

    /** What every unit's own topic begins with: {@code lawstats.unit.} and then the encoded unit id. */
    public static final String UNIT_PREFIX = "lawstats.unit.";

    /**
     * Every topic that carries events, as a regular expression: the contract topics and any topic under
     * {@link #UNIT_PREFIX} (whether such a topic names a unit of the registry is the consumer's check).
     */
    public static final String EVENT_TOPIC_REGEX =
            "lawstats\\.(training|disclosure|cases|activities)|lawstats\\.unit\\..+";

    /**
     * A header of a record on a contract topic: the unit over whose subtree its writer's right to emit holds (the
     * aggregator's gateway sets it for a {@code UNIT_EMITTER}). Absent: a trusted writer, over every unit. A unit's
     * own topic needs none: its name is the authority. The aggregator lets no writer take over an eventId claimed by a
     * unit outside the writer's authority.
     */
    public static final String AUTHORITY_HEADER = "lawstats.authority";

    /**
     * A header of a record on a contract topic: the user name of whoever wrote the event through the aggregator's API
     * (the gateway, an import, a form), as the aggregator authenticated it. It is what the record's writer says, so it
     * is worth what that writer is: only the aggregator and integrators an operator trusts with every unit may write the
     * contract topics (ADR 11). On a unit's own topic the writer is that unit's Kafka principal ({@code unit.<unitId>},
     * the only one allowed to write there), and this header is ignored: a unit service cannot name a user.
     */
    public static final String WRITER_HEADER = "lawstats.writer";

    /** Kafka's limit on the length of a topic name. */
    public static final int MAX_TOPIC_LENGTH = 249;

    private static final Pattern EVENT_TOPIC = Pattern.compile(EVENT_TOPIC_REGEX);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Topics() {}

    /** Whether records of this topic are events to consume: a contract topic or a unit's own topic. */
    public static boolean carriesEvents(String topic) {
        return EVENT_TOPIC.matcher(topic).matches();
    }

    /**
     * The unit's own topic: {@link #UNIT_PREFIX} followed by the unit id in which every character other than
     * {@code A-Z a-z 0-9 -} is written as {@code _} and its two lowercase hex digits ({@code .} as {@code _2e},
     * {@code _} as {@code _5f}, {@code :} as {@code _3a}). The mapping is one-to-one, the name is a legal topic name
     * whatever the id, and it never holds a {@code .} after the prefix, so that no two unit topics collide under
     * Kafka's rule that {@code .} and {@code _} are the same in metric names. {@code config/kafka/init-security.sh}
     * computes the same name in bash.
     *
     * @throws IllegalArgumentException when the id breaks the contract's id rule ({@code [A-Za-z0-9._:-]{1,128}}),
     *     or when its topic name would be longer than Kafka's 249 characters: such a unit cannot have a topic (shorten
     *     its id, or let it emit through the HTTP gateway)
     */
    public static String ofUnit(String unitId) {
        if (unitId == null || !FieldReader.ID.matcher(unitId).matches()) {
            throw new IllegalArgumentException(
                    "'" + unitId + "' is not a unit id: 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        StringBuilder topic = new StringBuilder(UNIT_PREFIX.length() + 3 * unitId.length());
        topic.append(UNIT_PREFIX);
        for (int i = 0; i < unitId.length(); i++) {
            char c = unitId.charAt(i);
            if (isLiteral(c)) {
                topic.append(c);
            } else {
                topic.append('_').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("unit " + unitId + " cannot have a Kafka topic: its name would be "
                    + topic.length() + " characters long, and Kafka allows " + MAX_TOPIC_LENGTH
                    + " (every character other than A-Z a-z 0-9 - takes three)");
        }
        return topic.toString();
    }

    /**
     * The unit whose own topic this is, or empty when the topic is no unit's topic (a contract topic, another
     * topic, or a name under {@link #UNIT_PREFIX} that {@link #ofUnit(String)} never produces).
     */
    public static Optional<String> unitOf(String topic) {
        if (topic == null || !topic.startsWith(UNIT_PREFIX)) {
            return Optional.empty();
        }
        StringBuilder unit = new StringBuilder();
        for (int i = UNIT_PREFIX.length(); i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '_' && i + 2 < topic.length()) {
                int high = Character.digit(topic.charAt(i + 1), 16);
                int low = Character.digit(topic.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                unit.append((char) (high << 4 | low));
                i += 2;
            } else {
                unit.append(c);
            }
        }
        // Only the canonical spelling names a unit (lowercase hex, no escaped literal, a valid id), so that one
        // unit never has two topics.
        try {
            return ofUnit(unit.toString()).equals(topic) ? Optional.of(unit.toString()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isLiteral(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
}
