package org.lawstats.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * The type-specific part of an event. One record per {@link EventType}; field names are the wire names.
 * Optional fields are {@code null} when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Payload {

    /** {@code training.enrolled}: a person enrolled in a law course. */
    record TrainingEnrolled(String personId, String courseId, String courseName) implements Payload {}

    /** {@code training.completed}: a person completed a law course (参训并结业). */
    record TrainingCompleted(String personId, String courseId, String courseName, Double hours) implements Payload {}

    /** {@code exam.assigned}: a person is due to sit a law exam. */
    record ExamAssigned(String personId, String examId, String examName) implements Payload {}

    /** {@code exam.taken}: a person sat a law exam (参考). */
    record ExamTaken(String personId, String examId, Double score, Boolean passed) implements Payload {}

    /** {@code disclosure.received}: a request for information disclosure (依申请公开). */
    record DisclosureReceived(String requestId, Channel channel, ApplicantType applicantType, String subject)
            implements Payload {
        /** How the request arrived. */
        public enum Channel {
            ONLINE,
            MAIL,
            IN_PERSON,
            OTHER
        }

        /** Who asked. */
        public enum ApplicantType {
            CITIZEN,
            ORGANIZATION,
            OTHER
        }
    }

    /**
     * {@code disclosure.extended}: the time limit of a request extended (延期答复, events.md 1.1).
     *
     * @param workingDays the extension approved, 1 to {@link #MAX_WORKING_DAYS}
     */
    record DisclosureExtended(String requestId, int workingDays) implements Payload {
        /** The longest extension the regulation allows (政府信息公开条例 第33条). */
        public static final int MAX_WORKING_DAYS = 20;
    }

    /** {@code disclosure.suspended}: the time limit of a request stopped, until {@code disclosure.resumed}. */
    record DisclosureSuspended(String requestId, Reason reason) implements Payload {
        /** Why it stopped. */
        public enum Reason {
            /** 补正: the applicant must correct the request; the limit starts afresh on resumption. */
            CORRECTION,
            /** 征求第三方意见: a third party is consulted; the days until resumption do not count. */
            THIRD_PARTY
        }
    }

    /** {@code disclosure.resumed}: the time limit of a suspended request runs again. */
    record DisclosureResumed(String requestId) implements Payload {}

    /** {@code disclosure.replied}: the answer to a disclosure request; on time when occurredAt <= dueAt. */
    record DisclosureReplied(String requestId, Outcome outcome, OffsetDateTime dueAt, boolean counselInvolved)
            implements Payload {
        /** What was disclosed. */
        public enum Outcome {
            DISCLOSED,
            PARTIALLY_DISCLOSED,
            NOT_DISCLOSED,
            NOT_EXIST,
            NOT_APPLICABLE,
            OTHER
        }
    }

    /**
     * {@code case.filed}: an administrative case was filed against the unit. {@code claimant} is personal data.
     *
     * @param servedAt when the unit received the complaint or application copy (optional, events.md 1.1): the defence
     *     or answer deadline runs from it
     */
    record CaseFiled(
            String caseNo,
            CaseKind kind,
            String forum,
            String claimant,
            String cause,
            String summary,
            boolean counselInvolved,
            OffsetDateTime servedAt)
            implements Payload {
        /** A case whose copy's service is not known (no deadline runs for it). */
        public CaseFiled(
                String caseNo,
                CaseKind kind,
                String forum,
                String claimant,
                String cause,
                String summary,
                boolean counselInvolved) {
            this(caseNo, kind, forum, claimant, cause, summary, counselInvolved, null);
        }
    }

    /** {@code case.answered}: the unit submitted its defence (答辩状) or its reconsideration answer (答复). */
    record CaseAnswered(String caseNo, CaseKind kind) implements Payload {}

    /** {@code case.hearing}: a hearing of a case; whether the agency head appeared (负责人出庭应诉). */
    record CaseHearing(String caseNo, CaseKind kind, boolean headAppeared) implements Payload {}

    /** {@code case.closed}: a case ended. */
    record CaseClosed(String caseNo, CaseKind kind, Outcome outcome, String summary) implements Payload {
        /** How it ended. */
        public enum Outcome {
            UPHELD,
            REVOKED,
            MODIFIED,
            DISMISSED,
            WITHDRAWN,
            SETTLED,
            OTHER
        }
    }

    /** {@code study.held}: a collective law study session. */
    record StudyHeld(Kind kind, String topic, Long attendees) implements Payload {
        /** The forum of the study. */
        public enum Kind {
            /** 政府常务会议集体学法. */
            STANDING_MEETING,
            /** 党组理论学习中心组专题法治学习. */
            CENTRAL_GROUP,
            /** 机关党组专题学法. */
            PARTY_GROUP,
            /** 领导干部法治专题讲座. */
            LECTURE
        }
    }

    /**
     * {@code meeting.held}: an executive or party-group meeting.
     *
     * @param keyMatters "三重一大" items decided, 0 to {@link #MAX_KEY_MATTERS}
     */
    record MeetingHeld(Kind kind, boolean ruleOfLawAgenda, long keyMatters) implements Payload {
        /** The most items a meeting can decide (events.md 1.1): any sum of them stays exact. */
        public static final long MAX_KEY_MATTERS = 10_000;

        /** The kind of meeting. */
        public enum Kind {
            /** 政府常务会议. */
            EXECUTIVE,
            /** 机关党组会. */
            PARTY_GROUP
        }
    }

    /** {@code proposal.handled}: a deputies' proposal handled (建议提案). */
    record ProposalHandled(String proposalId, Level level, boolean consulted, boolean replied, boolean satisfied)
            implements Payload {
        /** Whose deputies filed it. */
        public enum Level {
            CITY,
            DISTRICT
        }
    }

    /** {@code decision.listed}: an entry of the major administrative decisions catalogue and its procedure steps. */
    record DecisionListed(
            String decisionId,
            String title,
            boolean publicParticipation,
            boolean expertReview,
            boolean riskAssessment,
            boolean legalityReview,
            boolean collectiveDecision)
            implements Payload {}

    /** {@code document.published}: a document published; {@code normative} for a 规范性文件. */
    record DocumentPublished(String documentId, String title, boolean normative) implements Payload {}

    /**
     * {@code counsel.served}: a piece of work of a public-service lawyer or legal adviser (公职律师、法律顾问), for their
     * quarterly statistics and assessment (events.md 1.2).
     *
     * @param counselId an opaque pseudonymous id of the counsel, never a name
     * @param ref the file or matter, at most {@link #MAX_REF_LENGTH} characters (optional)
     */
    record CounselServed(String counselId, CounselKind counselKind, Work work, String ref) implements Payload {
        /** The longest {@code ref} events.md allows. */
        public static final int MAX_REF_LENGTH = 200;

        /** Which counsel. */
        public enum CounselKind {
            /** 公职律师. */
            PUBLIC_LAWYER,
            /** 法律顾问. */
            LEGAL_ADVISER
        }

        /** What the counsel did. */
        public enum Work {
            /** 出具法律意见. */
            OPINION,
            /** 合同审查. */
            CONTRACT_REVIEW,
            /** 合法性审查 of a document or a decision. */
            LEGALITY_REVIEW,
            /** 列席会议. */
            MEETING,
            /** 代理诉讼或复议. */
            LITIGATION,
            /** 法治讲座或培训. */
            TRAINING,
            OTHER
        }
    }
}
