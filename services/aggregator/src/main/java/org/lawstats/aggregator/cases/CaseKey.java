package org.lawstats.aggregator.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

/**
 * The identity of a case record: (unitId, kind, caseNo). Its document id is a hash, because a caseNo is free text
 * (Chinese, brackets, up to 4,000 characters) and must never shape an Elasticsearch path.
 */
public record CaseKey(String unitId, CaseKind kind, String caseNo) {

    /** The case an event is about, or empty for events of other types. */
    public static Optional<CaseKey> of(EventEnvelope event) {
        return switch (event.payload()) {
            case Payload.CaseFiled p -> Optional.of(new CaseKey(event.unitId(), p.kind(), p.caseNo()));
            case Payload.CaseAnswered p -> Optional.of(new CaseKey(event.unitId(), p.kind(), p.caseNo()));
            case Payload.CaseHearing p -> Optional.of(new CaseKey(event.unitId(), p.kind(), p.caseNo()));
            case Payload.CaseClosed p -> Optional.of(new CaseKey(event.unitId(), p.kind(), p.caseNo()));
            default -> Optional.empty();
        };
    }

    /** The case a stored event document (the contract's JSON) is about, or empty for documents of other types. */
    public static Optional<CaseKey> ofStored(JsonNode document) {
        JsonNode payload = document.path("payload");
        if (!document.path("type").asString("").startsWith("case.")
                || !payload.path("caseNo").isString()
                || !payload.path("kind").isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CaseKey(
                    document.path("unitId").asString(),
                    CaseKind.valueOf(payload.path("kind").asString()),
                    payload.path("caseNo").asString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String documentId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest =
                    sha.digest((unitId + '\u0000' + kind.name() + '\u0000' + caseNo).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
