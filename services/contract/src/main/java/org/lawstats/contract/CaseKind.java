package org.lawstats.contract;

/** The two kinds of administrative case; part of a case record's identity (unitId, kind, caseNo). */
public enum CaseKind {
    /** 行政诉讼. */
    LITIGATION,
    /** 行政复议. */
    RECONSIDERATION
}
