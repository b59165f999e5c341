package org.lawstats.aggregator.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.lawstats.contract.Topics;

/**
 * Who wrote a revision of an event, as far as its record can tell: the stored document's field {@code writer}
 * ({@code kind}, {@code name}), so that a revision can be traced to a person or a unit's system (a withdrawal, the
 * revisions written since a reporting period was locked).
 *
 * <ul>
 *   <li>{@code user}: a user of the aggregator's API (the gateway, an import, a form), the name it authenticated with,
 *       from the header {@link Topics#WRITER_HEADER} of a record on a contract topic. Only the aggregator and writers
 *       trusted with every unit may write those topics (ADR 11), so the name is as good as they are; on the local
 *       stack's open broker, anyone's.
 *   <li>{@code unit}: a record of a unit's own topic, which only that unit's Kafka principal ({@code unit.<unitId>})
 *       may write: the name is the unit's id. A header there is ignored: a unit's system cannot name a user.
 * </ul>
 *
 * None (null) for a record of a contract topic without the header: a direct producer the operator trusts (an
 * integrator, the demo, {@code ./lawstats emit}), which names no one.
 *
 * @param kind {@value #USER} or {@value #UNIT}
 * @param name the user name, or the unit's id
 */
record Writer(String kind, String name) {
    static final String USER = "user";
    static final String UNIT = "unit";

    /** The longest name kept: user names are short; a longer header is someone else's and is cut. */
    static final int MAX_NAME = 128;

    /** Who wrote a record of this topic with these headers; null when nobody can tell. */
    static Writer of(String topic, Headers headers) {
        Optional<String> unit = Topics.unitOf(topic);
        if (unit.isPresent()) {
            return new Writer(UNIT, unit.get());
        }
        var header = headers.lastHeader(Topics.WRITER_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        // Shown on pages and in exports: no control characters, and bounded.
        String name = new String(header.value(), StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", "")
                .strip();
        if (name.isEmpty()) {
            return null;
        }
        return new Writer(
                USER,
                name.codePointCount(0, name.length()) > MAX_NAME
                        ? name.substring(0, name.offsetByCodePoints(0, MAX_NAME))
                        : name);
    }
}
