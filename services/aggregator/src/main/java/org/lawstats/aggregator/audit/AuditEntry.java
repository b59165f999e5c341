package org.lawstats.aggregator.audit;

import java.util.List;
import java.util.Map;

/**
 * One entry of the audit trail: who read or wrote what, how much of it, when, from where.
 *
 * @param at the instant (ISO-8601)
 * @param user the username
 * @param roles the user's roles
 * @param address the client's address as the server saw it
 * @param action what was done: a read such as {@code case.read}, {@code cases.search}, {@code records.read},
 *     {@code entries.read}; an export such as {@code export.records}, {@code export.completeness}; a write such as
 *     {@code events.write}, {@code import.write}, {@code entry.write}, {@code entry.correct}, {@code entry.withdraw};
 *     {@code rebuild.start}, {@code audit.read}
 * @param unitId the unit it concerned
 * @param scope {@code subtree} (the unit and every unit below it) or {@code unit} (that unit alone); null in entries
 *     written before it was recorded
 * @param count how many records were read, exported or written (events, persons, requests, cases, rows)
 * @param subjects which ones: case records as {@code unitId/kind/caseNo}, events as their eventId ({@code @revision}
 *     for a write), time limits as {@code unitId/kind/ref}, or a file's name; an entry holds at most
 *     {@value AuditTrail#SUBJECTS_PER_ENTRY} of them, and a read or write of more is recorded in several entries
 *     (detail {@code part} {@code i/n})
 * @param detail the request's parameters
 */
public record AuditEntry(
        String at,
        String user,
        List<String> roles,
        String address,
        String action,
        String unitId,
        String scope,
        long count,
        List<String> subjects,
        Map<String, String> detail) {}
