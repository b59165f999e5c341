package org.lawstats.aggregator.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.lawstats.contract.CaseKind;

/**
 * The identity of a case record: (unitId, kind, caseNo). Its document id is a hash, because a caseNo is free text
 * (Chinese, brackets, up to 4,000 characters) and must never shape an Elasticsearch path.
 */
public record CaseKey(String unitId, CaseKind kind, String caseNo) {

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
