package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.poi.xssf.extractor.XSSFExcelExtractor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;

/**
 * Replays the year of a district government office as its 2024 report states it (南开区政府办公室2024年度法治政府建设
 * 情况报告), surrounded by what real unit services send: duplicates, corrections, retractions, events of other years
 * and units, all shuffled over partitions. Every figure of the report must come out exactly.
 */
class NankaiReportIT extends IntegrationTest {
    private static final String OFFICE = "t.office";
    private final List<EventEnvelope> stream = new ArrayList<>();
    private final Random random = new Random(2024);
    private int sequence;

    private OffsetDateTime in2024() {
        return OffsetDateTime.parse("2024-01-01T09:00:00+08:00").plusMinutes(random.nextInt(365 * 24 * 60 - 600));
    }

    private String id(String kind) {
        return "nankai:" + kind + ":" + (++sequence);
    }

    private EventEnvelope add(EventType type, Payload payload) {
        return add(type, OFFICE, in2024(), payload);
    }

    private EventEnvelope add(EventType type, String unit, OffsetDateTime at, Payload payload) {
        EventEnvelope event = EventEnvelope.of(id(type.wireName()), type, unit, at, payload);
        stream.add(event);
        return event;
    }

    private void study(Payload.StudyHeld.Kind kind, int times) {
        for (int i = 0; i < times; i++) {
            add(EventType.STUDY_HELD, new Payload.StudyHeld(kind, "习近平法治思想", 30L));
        }
    }

    private void theYearAsReported() {
        study(Payload.StudyHeld.Kind.LECTURE, 2); // 区领导开展法治专题讲座2次
        study(Payload.StudyHeld.Kind.STANDING_MEETING, 3); // 政府常务会议集体学法3次
        study(Payload.StudyHeld.Kind.CENTRAL_GROUP, 11); // 中心组专题法治学习11次
        study(Payload.StudyHeld.Kind.PARTY_GROUP, 10); // 机关党组理论学习中心组专题学法10次
        for (int p = 1; p <= 42; p++) { // 学法用法共42人参训并顺利结业，专题考试参考率为100%
            String person = "staff-" + p;
            add(EventType.TRAINING_ENROLLED, new Payload.TrainingEnrolled(person, "tj-online-2024", null));
            add(EventType.TRAINING_COMPLETED, new Payload.TrainingCompleted(person, "tj-online-2024", null, 50.0));
            add(EventType.EXAM_ASSIGNED, new Payload.ExamAssigned(person, "xi-law-2024", null));
            add(EventType.EXAM_TAKEN, new Payload.ExamTaken(person, "xi-law-2024", 95.0, true));
        }
        for (int i = 0; i < 10; i++) { // 召开10次政府常务会议，研究法治政府建设工作
            add(EventType.MEETING_HELD, new Payload.MeetingHeld(Payload.MeetingHeld.Kind.EXECUTIVE, true, 0));
        }
        for (int i = 0; i < 30; i++) { // 主持召开机关党组会30次，研究“三重一大”事项议题100个
            add(
                    EventType.MEETING_HELD,
                    new Payload.MeetingHeld(Payload.MeetingHeld.Kind.PARTY_GROUP, i % 3 == 0, i < 10 ? 4 : 3));
        }
        // 出庭应诉1次: one lawsuit heard with the head in court
        add(EventType.CASE_HEARING, new Payload.CaseHearing("(2024)津0104行初1号", CaseKind.LITIGATION, true));
        for (int i = 0; i < 47; i++) { // 承办市级建议提案47件
            add(
                    EventType.PROPOSAL_HANDLED,
                    new Payload.ProposalHandled("city-" + i, Payload.ProposalHandled.Level.CITY, true, true, true));
        }
        for (int i = 0; i < 237; i++) { // 区级建议提案237件，面商率、答复率、满意率均达到100%
            add(
                    EventType.PROPOSAL_HANDLED,
                    new Payload.ProposalHandled(
                            "district-" + i, Payload.ProposalHandled.Level.DISTRICT, true, true, true));
        }
        for (int i = 0; i < 4; i++) { // 4个项目为区政府年度重大决策事项, every procedure step followed
            add(
                    EventType.DECISION_LISTED,
                    new Payload.DecisionListed("decision-" + i, "南开区第十二批区级非物质文化遗产代表性名录", true, true, true, true, true));
        }
        for (int i = 0; i < 106; i++) { // 规范发布文件106条
            add(EventType.DOCUMENT_PUBLISHED, new Payload.DocumentPublished("doc-" + i, "南开区规范性文件" + i, i < 6));
        }
        for (int i = 0; i < 58; i++) { // 公职律师和法律顾问参与处理信息公开申请58件
            OffsetDateTime received =
                    OffsetDateTime.parse("2024-02-01T10:00:00+08:00").plusDays(i * 5L);
            add(
                    EventType.DISCLOSURE_RECEIVED,
                    OFFICE,
                    received,
                    new Payload.DisclosureReceived(
                            "req-" + i,
                            Payload.DisclosureReceived.Channel.ONLINE,
                            Payload.DisclosureReceived.ApplicantType.CITIZEN,
                            "规划许可信息"));
            OffsetDateTime due = received.plusDays(20);
            add(
                    EventType.DISCLOSURE_REPLIED,
                    OFFICE,
                    i < 56 ? received.plusDays(10) : due.plusDays(1),
                    new Payload.DisclosureReplied("req-" + i, Payload.DisclosureReplied.Outcome.DISCLOSED, due, true));
        }
        // Three more requests: one answered only in 2025 (not pending), two still open at the end of the year.
        for (int i = 58; i < 61; i++) {
            add(
                    EventType.DISCLOSURE_RECEIVED,
                    OFFICE,
                    OffsetDateTime.parse("2024-12-20T10:00:00+08:00"),
                    new Payload.DisclosureReceived(
                            "req-" + i,
                            Payload.DisclosureReceived.Channel.MAIL,
                            Payload.DisclosureReceived.ApplicantType.ORGANIZATION,
                            "预算执行情况"));
        }
        add(
                EventType.DISCLOSURE_REPLIED,
                OFFICE,
                OffsetDateTime.parse("2025-01-08T10:00:00+08:00"),
                new Payload.DisclosureReplied(
                        "req-58",
                        Payload.DisclosureReplied.Outcome.NOT_EXIST,
                        OffsetDateTime.parse("2025-01-09T10:00:00+08:00"),
                        false));
        for (int i = 0; i < 4; i++) { // 行政复议4件、行政诉讼4件, counsel involved in each
            add(
                    EventType.CASE_FILED,
                    new Payload.CaseFiled(
                            "(2024)津0104行初" + (10 + i) + "号",
                            CaseKind.LITIGATION,
                            "天津市南开区人民法院",
                            "张某某",
                            "不服行政处罚决定",
                            null,
                            true));
            add(
                    EventType.CASE_FILED,
                    new Payload.CaseFiled(
                            "(2024)南开复" + i + "号",
                            CaseKind.RECONSIDERATION,
                            "天津市南开区人民政府",
                            "李某某",
                            "不服政府信息公开答复",
                            null,
                            true));
        }
        add(
                EventType.CASE_CLOSED,
                new Payload.CaseClosed(
                        "(2024)津0104行初10号", CaseKind.LITIGATION, Payload.CaseClosed.Outcome.REVOKED, null));
        add(
                EventType.CASE_CLOSED,
                new Payload.CaseClosed(
                        "(2024)津0104行初11号", CaseKind.LITIGATION, Payload.CaseClosed.Outcome.UPHELD, null));
        add(
                EventType.CASE_CLOSED,
                new Payload.CaseClosed(
                        "(2024)南开复0号", CaseKind.RECONSIDERATION, Payload.CaseClosed.Outcome.UPHELD, null));
        counselOfTheYear();
    }

    private static final String OFFICE_CHILD = "t.office.other";

    /**
     * 公职律师2名、法律顾问2名开展工作34件次: 12 opinions, 9 contract reviews, 5 legality reviews and 8 of the other
     * kinds. One adviser also serves the office's subordinate unit, which the office's figures cover: it works in both
     * and counts once.
     */
    private void counselOfTheYear() {
        List<Payload.CounselServed.Work> works = new ArrayList<>();
        works.addAll(Collections.nCopies(12, Payload.CounselServed.Work.OPINION));
        works.addAll(Collections.nCopies(9, Payload.CounselServed.Work.CONTRACT_REVIEW));
        works.addAll(Collections.nCopies(5, Payload.CounselServed.Work.LEGALITY_REVIEW));
        works.addAll(Collections.nCopies(3, Payload.CounselServed.Work.MEETING));
        works.addAll(Collections.nCopies(2, Payload.CounselServed.Work.LITIGATION));
        works.addAll(Collections.nCopies(2, Payload.CounselServed.Work.TRAINING));
        works.add(Payload.CounselServed.Work.OTHER);
        String[] counsel = {"counsel-of-01", "counsel-of-02", "counsel-of-03", "counsel-of-04"};
        for (int i = 0; i < works.size(); i++) {
            String id = counsel[i % counsel.length];
            boolean adviser = id.equals("counsel-of-03") || id.equals("counsel-of-04");
            // The shared adviser's every other piece of work is for the subordinate unit.
            String unit = id.equals("counsel-of-03") && i % 8 == 2 ? OFFICE_CHILD : OFFICE;
            Payload.CounselServed.Work work = works.get(i);
            add(
                    EventType.COUNSEL_SERVED,
                    unit,
                    in2024(),
                    new Payload.CounselServed(
                            id,
                            adviser
                                    ? Payload.CounselServed.CounselKind.LEGAL_ADVISER
                                    : Payload.CounselServed.CounselKind.PUBLIC_LAWYER,
                            work,
                            work == Payload.CounselServed.Work.CONTRACT_REVIEW
                                    ? "合同审查：区政府采购合同（2024-0" + (10 + i) + "）"
                                    : null));
        }
    }

    /** Corrections, retractions, other years and units, duplicates: none may change a figure. */
    private List<EventEnvelope> withNoise() {
        List<EventEnvelope> noisy = new ArrayList<>(stream);
        // A lecture first reported in the wrong year, then corrected into 2024, and a study reported by mistake.
        EventEnvelope lecture = stream.stream()
                .filter(e -> e.type() == EventType.STUDY_HELD)
                .findFirst()
                .orElseThrow();
        noisy.set(
                noisy.indexOf(lecture),
                lecture.revised(1, OffsetDateTime.parse("2023-06-01T09:00:00+08:00"), lecture.payload()));
        noisy.add(lecture.revised(2, lecture.occurredAt(), lecture.payload()));
        EventEnvelope mistaken = EventEnvelope.of(
                "nankai:mistake:1",
                EventType.STUDY_HELD,
                OFFICE,
                in2024(),
                new Payload.StudyHeld(Payload.StudyHeld.Kind.CENTRAL_GROUP, "误报", null));
        noisy.add(mistaken);
        noisy.add(mistaken.retractedAt(2));
        // A proposal first reported unsatisfied, then corrected.
        EventEnvelope proposal = stream.stream()
                .filter(e -> e.type() == EventType.PROPOSAL_HANDLED)
                .findFirst()
                .orElseThrow();
        var p = (Payload.ProposalHandled) proposal.payload();
        noisy.set(
                noisy.indexOf(proposal),
                proposal.revised(
                        1,
                        proposal.occurredAt(),
                        new Payload.ProposalHandled(p.proposalId(), p.level(), false, true, false)));
        noisy.add(proposal.revised(3, proposal.occurredAt(), p));
        // A reply sent by mistake and withdrawn at once: its request stays pending.
        noisy.add(EventEnvelope.of(
                        "nankai:reply:withdrawn",
                        EventType.DISCLOSURE_REPLIED,
                        OFFICE,
                        OffsetDateTime.parse("2024-03-01T10:00:00+08:00"),
                        new Payload.DisclosureReplied(
                                "req-59",
                                Payload.DisclosureReplied.Outcome.DISCLOSED,
                                OffsetDateTime.parse("2024-03-05T10:00:00+08:00"),
                                true))
                .retractedAt(2));
        // Other years and another unit of the registry.
        noisy.add(EventEnvelope.of(
                "nankai:other:1",
                EventType.STUDY_HELD,
                OFFICE,
                OffsetDateTime.parse("2024-12-31T16:00:00Z"),
                new Payload.StudyHeld(Payload.StudyHeld.Kind.LECTURE, "2025年第一讲", null)));
        noisy.add(EventEnvelope.of(
                "nankai:other:2",
                EventType.DOCUMENT_PUBLISHED,
                "t.known",
                in2024(),
                new Payload.DocumentPublished("x", "别的单位", true)));
        // Counsel: an opinion first reported as other work and corrected; a public lawyer's work of 2023; an adviser's
        // work reported by mistake and retracted; another unit's lawyer. None is a counsel or a piece of work of 2024.
        EventEnvelope opinion = stream.stream()
                .filter(e -> e.payload() instanceof Payload.CounselServed c
                        && c.work() == Payload.CounselServed.Work.OPINION)
                .findFirst()
                .orElseThrow();
        var o = (Payload.CounselServed) opinion.payload();
        noisy.set(
                noisy.indexOf(opinion),
                opinion.revised(
                        1,
                        opinion.occurredAt(),
                        new Payload.CounselServed(
                                o.counselId(), o.counselKind(), Payload.CounselServed.Work.OTHER, o.ref())));
        noisy.add(opinion.revised(2, opinion.occurredAt(), o));
        noisy.add(EventEnvelope.of(
                "nankai:counsel:2023",
                EventType.COUNSEL_SERVED,
                OFFICE,
                OffsetDateTime.parse("2023-12-31T15:59:00Z"),
                new Payload.CounselServed(
                        "counsel-of-05",
                        Payload.CounselServed.CounselKind.PUBLIC_LAWYER,
                        Payload.CounselServed.Work.OPINION,
                        null)));
        EventEnvelope mistakenWork = EventEnvelope.of(
                "nankai:counsel:mistake",
                EventType.COUNSEL_SERVED,
                OFFICE,
                in2024(),
                new Payload.CounselServed(
                        "counsel-of-06",
                        Payload.CounselServed.CounselKind.LEGAL_ADVISER,
                        Payload.CounselServed.Work.CONTRACT_REVIEW,
                        "误报"));
        noisy.add(mistakenWork);
        noisy.add(mistakenWork.retractedAt(2));
        noisy.add(EventEnvelope.of(
                "nankai:counsel:other-unit",
                EventType.COUNSEL_SERVED,
                "t.known",
                in2024(),
                new Payload.CounselServed(
                        "counsel-of-07",
                        Payload.CounselServed.CounselKind.PUBLIC_LAWYER,
                        Payload.CounselServed.Work.LEGALITY_REVIEW,
                        null)));
        // Redeliveries.
        for (int i = 0; i < 150; i++) {
            noisy.add(stream.get(random.nextInt(stream.size())));
        }
        Collections.shuffle(noisy, random);
        return noisy;
    }

    private static boolean replayed;

    @BeforeEach
    void replayTheYearOnce() {
        if (replayed) {
            return;
        }
        theYearAsReported();
        for (EventEnvelope event : withNoise()) {
            sendTo(event, random.nextInt(3));
        }
        awaitAllConsumed();
        replayed = true;
    }

    @Test
    void theAnnualReportWritesTheFiguresInTheReportsOwnWords() throws Exception {
        var markdown = get("/api/v1/reports/annual?year=2024&unit=" + OFFICE + "&format=md");

        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
        assertThat(markdown.body())
                .contains("# 区政府办公室2024年度法治政府建设情况报告")
                .contains("领导干部开展法治专题讲座2次")
                .contains("共开展政府常务会议集体学法3次，党组理论学习中心组专题法治学习11次，机关党组专题学法10次")
                .contains("学法用法共42人参训并顺利结业")
                .contains("专题考试参考率为100%")
                .contains("召开政府常务会议10次，其中研究法治政府建设工作10次")
                .contains("召开机关党组会30次，研究“三重一大”事项议题100个")
                .contains("行政机关负责人出庭应诉1次")
                .contains("承办市级建议提案47件，区级建议提案237件，建议提案面商率为100%，答复率为100%，满意率为100%")
                .contains("确定4个项目为年度重大行政决策事项")
                .contains("规范发布文件106条")
                .contains("按时答复率为96.55%，尚未答复2件，超过法定答复期限2件")
                .contains("公职律师和法律顾问全年参与处理信息公开申请58件、行政复议4件、行政诉讼4件。"
                        + "全年共有公职律师2名、法律顾问2名开展工作34件次，其中出具法律意见12件、审查合同9件、开展合法性审查5件。")
                .doesNotContain("{", "}");

        var docx = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + "/api/v1/reports/annual?year=2024&unit=" + OFFICE + "&format=docx"))
                                .header("Authorization", basic("leader"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(docx.statusCode()).isEqualTo(200);
        try (var document = new XWPFDocument(new ByteArrayInputStream(docx.body()));
                var extractor = new XWPFWordExtractor(document)) {
            assertThat(extractor.getText()).contains("学法用法共42人参训并顺利结业，培训结业率为100%，专题考试参考率为100%");
            assertThat(document.getParagraphs().get(0).getAlignment()).isEqualTo(ParagraphAlignment.CENTER);
        }
        assertThat(libreOfficeText(docx.body()))
                .as("LibreOffice opens the Word file and reads the same sentence")
                .contains("学法用法共42人参训并顺利结业，培训结业率为100%，专题考试参考率为100%");
        assertThat(getAs("clerk", "/api/v1/reports/annual?year=2024&unit=" + OFFICE)
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/reports/annual?year=24&unit=" + OFFICE).statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/reports/annual?year=2024&unit=" + OFFICE + "&format=pdf")
                        .statusCode())
                .isEqualTo(400);
    }

    /**
     * Converts the Word file with Debian's LibreOffice (installed by .ci/run) to PDF, as issue 5 asks, and to plain
     * text, whose content proves that LibreOffice read the document rather than an empty page.
     */
    private static String libreOfficeText(byte[] docx) throws Exception {
        Path dir = Files.createTempDirectory("lawstats-report");
        Path file = Files.write(dir.resolve("report.docx"), docx);
        for (String target : List.of("pdf", "txt:Text (encoded):UTF8")) {
            Process office = new ProcessBuilder(
                            "soffice",
                            "-env:UserInstallation=" + dir.resolve("profile").toUri(),
                            "--headless",
                            "--convert-to",
                            target,
                            "--outdir",
                            dir.toString(),
                            file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("soffice.log").toFile())
                    .start();
            assertThat(office.waitFor(3, TimeUnit.MINUTES))
                    .as("soffice finished")
                    .isTrue();
            assertThat(office.exitValue())
                    .as(Files.readString(dir.resolve("soffice.log")))
                    .isZero();
        }
        byte[] pdf = Files.readAllBytes(dir.resolve("report.pdf"));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.length).isGreaterThan(5_000);
        return Files.readString(dir.resolve("report.txt"));
    }

    @Test
    void everyFigureOfTheReportComesOutExactlyThroughDuplicatesCorrectionsAndRetractions() {

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("training.enrolled_persons", 42L);
        expected.put("training.completed_persons", 42L);
        expected.put("training.completion_rate", 1.0);
        expected.put("exam.assigned_persons", 42L);
        expected.put("exam.taken_persons", 42L);
        expected.put("exam.participation_rate", 1.0);
        expected.put("study.standing_meeting", 3L);
        expected.put("study.central_group", 11L);
        expected.put("study.party_group", 10L);
        expected.put("study.lecture", 2L);
        expected.put("meeting.executive", 10L);
        expected.put("meeting.executive_rule_of_law", 10L);
        expected.put("meeting.party_group", 30L);
        expected.put("meeting.key_matters", 100L);
        expected.put("proposal.city", 47L);
        expected.put("proposal.district", 237L);
        expected.put("proposal.consultation_rate", 1.0);
        expected.put("proposal.reply_rate", 1.0);
        expected.put("proposal.satisfaction_rate", 1.0);
        expected.put("decision.listed", 4L);
        expected.put("decision.procedure_complete_rate", 1.0);
        expected.put("document.published", 106L);
        expected.put("document.normative", 6L);
        expected.put("disclosure.received", 61L);
        expected.put("disclosure.replied", 58L);
        expected.put("disclosure.on_time_rate", 0.9655); // 56 of 58 before their due date
        expected.put("disclosure.counsel_involved", 58L);
        expected.put("disclosure.pending", 2L); // req-58 was answered in 2025; req-59 and req-60 never
        expected.put("case.litigation.filed", 4L);
        expected.put("case.reconsideration.filed", 4L);
        expected.put("case.litigation.counsel_involved", 4L);
        expected.put("case.reconsideration.counsel_involved", 4L);
        expected.put("case.hearings", 1L);
        expected.put("case.head_appearances", 1L);
        expected.put("case.head_appearance_rate", 1.0);
        expected.put("case.closed", 3L);
        expected.put("case.adverse_rate", 0.3333);
        // Legal reply deadlines (20 working days): every reply came within its own; req-59 and req-60, received on
        // 2024-12-20, were due on 2025-01-20 (the 2025 notice: 1 January off) and are still unanswered.
        expected.put("disclosure.overdue", 2L);
        // The adviser of the office and its subordinate unit counts once; 2023, a retraction, another unit: not at all.
        expected.put("counsel.public_lawyers", 2L);
        expected.put("counsel.legal_advisers", 2L);
        expected.put("counsel.opinions", 12L);
        expected.put("counsel.contract_reviews", 9L);
        expected.put("counsel.legality_reviews", 5L);
        expected.put("counsel.served", 34L);

        JsonNode values = values("2024", OFFICE);
        Map<String, Object> actual = new LinkedHashMap<>();
        values.properties()
                .forEach(e -> actual.put(
                        e.getKey(),
                        e.getValue().isIntegralNumber()
                                ? (Object) e.getValue().asLong()
                                : e.getValue().asDouble()));
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    private JsonNode records(String user, String indicator, String part) {
        var response = getAs(
                user,
                "/api/v1/stats/records?period=2024&size=1000&unit=" + OFFICE + "&indicator=" + indicator
                        + (part == null ? "" : "&part=" + part));
        assertThat(response.statusCode()).as(indicator + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void theRecordsBehindEveryFigureNumberExactlyTheFigure() {
        JsonNode values = values("2024", OFFICE);
        JsonNode catalogue = JSON.readTree(get("/api/v1/indicators").body());
        for (JsonNode indicator : catalogue) {
            String id = indicator.path("id").asString();
            if (indicator.path("kind").asString().equals("rate")) {
                JsonNode numerator = records("adviser", id, "numerator");
                JsonNode denominator = records("adviser", id, "denominator");
                assertThat(numerator.path("items"))
                        .as(id)
                        .hasSize(numerator.path("total").asInt());
                assertThat(denominator.path("items"))
                        .as(id)
                        .hasSize(denominator.path("total").asInt());
                double rate = BigDecimal.valueOf(numerator.path("total").asLong())
                        .divide(BigDecimal.valueOf(denominator.path("total").asLong()), 4, RoundingMode.HALF_UP)
                        .doubleValue();
                assertThat(rate).as(id).isEqualTo(values.path(id).asDouble());
            } else if (indicator.path("kind").asString().equals("sum")) {
                // api.md: a sum's records are its counted events (total: their number); their amounts add up to it.
                JsonNode list = records("adviser", id, null);
                assertThat(list.path("items")).as(id).hasSize(list.path("total").asInt());
                String field = Map.of("meeting.key_matters", "keyMatters").get(id);
                assertThat(field).as("the amount field of the sum " + id).isNotNull();
                long sum = 0;
                for (JsonNode item : list.path("items")) {
                    sum += item.path("payload").path(field).asLong();
                }
                assertThat(sum).as(id).isEqualTo(values.path(id).asLong());
            } else {
                JsonNode list = records("adviser", id, null);
                assertThat(list.path("total").asLong())
                        .as(id)
                        .isEqualTo(values.path(id).asLong());
                assertThat(list.path("items")).as(id).hasSize(list.path("total").asInt());
                assertThat(list.path("indicator").asString()).isEqualTo(id);
            }
        }
        JsonNode persons = records("adviser", "training.completed_persons", null);
        assertThat(persons.path("items").get(0).path("personId").asString()).isNotBlank();
        assertThat(persons.path("items")
                        .get(0)
                        .path("events")
                        .get(0)
                        .path("type")
                        .asString())
                .isEqualTo("training.completed");
        JsonNode overdue = records("adviser", "disclosure.overdue", null);
        assertThat(overdue.path("items"))
                .extracting(i -> i.path("ref").asString())
                .containsExactlyInAnyOrder("req-59", "req-60");
    }

    @Test
    void aLeadersExportOfTheRecordsHidesTheClaimantsAndAClerkCannotListAnotherUnits() throws Exception {
        JsonNode asLeader = records("leader", "case.litigation.filed", null);
        assertThat(asLeader.path("items"))
                .allSatisfy(e -> assertThat(e.path("payload").path("claimant").asString())
                        .isEqualTo("张**"));
        JsonNode asAdviser = records("adviser", "case.litigation.filed", null);
        assertThat(asAdviser.path("items"))
                .allSatisfy(e -> assertThat(e.path("payload").path("claimant").asString())
                        .isEqualTo("张某某"));

        var csv = getAs(
                "leader",
                "/api/v1/stats/records?period=2024&unit=" + OFFICE + "&indicator=case.litigation.filed&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFeventId,").contains("张**").doesNotContain("张某某");
        assertThat(csv.body().lines().count()).isEqualTo(5); // the header and the 4 lawsuits

        var xlsx = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + "/api/v1/stats/records?period=2024&unit=" + OFFICE
                                        + "&indicator=case.reconsideration.filed&format=xlsx"))
                                .header("Authorization", basic("leader"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(4);
            String text = new XSSFExcelExtractor(workbook).getText();
            assertThat(text).contains("李**").doesNotContain("李某某");
        }

        assertThat(getAs("clerk", "/api/v1/stats/records?indicator=disclosure.received&unit=" + OFFICE)
                        .statusCode())
                .isEqualTo(403);
        var rate = getAs("adviser", "/api/v1/stats/records?indicator=disclosure.on_time_rate&unit=" + OFFICE);
        assertThat(rate.statusCode()).isEqualTo(400);
        assertThat(rate.body()).contains("part must be numerator or denominator");
        assertThat(getAs("adviser", "/api/v1/stats/records?indicator=no.such&unit=" + OFFICE)
                        .statusCode())
                .isEqualTo(400);
    }
}
