package org.lawstats.aggregator.audit;

import java.util.List;
import java.util.Map;

/**
 * One entry of the audit trail: who did what, when, from where.
 *
 * @param at the instant (ISO-8601)
 * @param user the username
 * @param roles the user's roles
 * @param address the client's address as the server saw it
 * @param action what was done, e.g. {@code case.read}, {@code cases.search}, {@code export.breakdown}
 * @param unitId the unit (subtree) it concerned
 * @param subjects what was read in full: case records as {@code unitId/kind/caseNo}, or a file's name
 * @param detail the request's parameters
 */
public record AuditEntry(
        String at,
        String user,
        List<String> roles,
        String address,
        String action,
        String unitId,
        List<String> subjects,
        Map<String, String> detail) {}
