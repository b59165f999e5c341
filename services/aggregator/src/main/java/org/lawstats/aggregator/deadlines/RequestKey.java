package org.lawstats.aggregator.deadlines;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;

/**
 * The identity of a disclosure request: (unitId, requestId), whose events the aggregation gathers as one request
 * record. Its document id is a hash, because a requestId is free text and must never shape an Elasticsearch path.
 */
public record RequestKey(String unitId, String requestId) {

    /** The request an event is about, or empty for events of other types. */
    public static Optional<RequestKey> of(EventEnvelope event) {
        String requestId = switch (event.payload()) {
            case Payload.DisclosureReceived p -> p.requestId();
            case Payload.DisclosureExtended p -> p.requestId();
            case Payload.DisclosureSuspended p -> p.requestId();
            case Payload.DisclosureResumed p -> p.requestId();
            case Payload.DisclosureReplied p -> p.requestId();
            default -> null;
        };
        return Optional.ofNullable(requestId).map(id -> new RequestKey(event.unitId(), id));
    }

    /** Its document id: never equal to a case record's, whose hash covers a case kind in the same place. */
    public String documentId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest =
                    sha.digest((unitId + '\u0000' + "REQUEST" + '\u0000' + requestId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
