package org.lawstats.devstack.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventPublisher;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Demo mode: a year of plausible history for every unit of the registry, once per data dir, then a live trickle
 * of new events, so that the API shows figures that move. Includes the duplicates and corrections that real unit
 * services send, which must change nothing.
 */
final class DemoEmitter implements AutoCloseable {
    private static final String HISTORY_MARKER = "demo-history.done";

    private final EventPublisher publisher;
    private final List<String> units;
    private final ZoneId zone;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-emitter");
        thread.setDaemon(true);
        return thread;
    });
    private final Random random = new Random();
    private final List<String[]> liveEnrolled = new ArrayList<>();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private long sequence;
    private int sent;

    private DemoEmitter(EventPublisher publisher, List<String> units, ZoneId zone) {
        this.publisher = publisher;
        this.units = units;
        this.zone = zone;
    }

    /**
     * Starts the demo; with {@code api} (the demo users' API: its admin is {@code admin:admin-demo}), the first start
     * also locks the last whole quarter once the history is counted, and then reports late for it and corrects that
     * report, so that the 报送与锁定 page has a lock and changes since it to show.
     */
    static DemoEmitter start(String bootstrapServers, Path unitsFile, Path dataDir, Optional<URI> api) {
        JsonNode registry;
        try {
            registry = new YAMLMapper().readTree(unitsFile.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the unit registry " + unitsFile + " for the demo", e);
        }
        List<String> units = new ArrayList<>();
        for (JsonNode unit : registry.path("units")) {
            if (unit.hasNonNull("parent")) {
                units.add(unit.get("id").stringValue());
            }
        }
        if (units.isEmpty()) {
            registry.path("units").forEach(unit -> units.add(unit.get("id").stringValue()));
        }
        ZoneId zone = ZoneId.of(registry.path("zone").asString("Asia/Shanghai"));
        DemoEmitter demo = new DemoEmitter(EventPublisher.connect(bootstrapServers), units, zone);
        Path marker = dataDir.resolve(HISTORY_MARKER);
        if (!Files.exists(marker)) {
            int events = demo.emitHistory();
            List<String> all = new ArrayList<>();
            registry.path("units").forEach(unit -> all.add(unit.get("id").stringValue()));
            String root = registry.path("units")
                    .valueStream()
                    .filter(unit -> !unit.hasNonNull("parent"))
                    .map(unit -> unit.get("id").stringValue())
                    .findFirst()
                    .orElseThrow();
            api.map(uri -> new DemoLock(uri, zone, demo::send, demo.publisher::flush))
                    .ifPresent(lock -> demo.scheduler.schedule(
                            () -> lock.lockLastQuarter(root, all, demo.units.getFirst()), 5, TimeUnit.SECONDS));
            try {
                Files.writeString(marker, events + " events\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println(
                    "lawstats demo: emitted " + events + " events of history for " + units.size() + " units");
        }
        demo.scheduler.scheduleWithFixedDelay(demo::emitLive, 2, 3, TimeUnit.SECONDS);
        return demo;
    }

    /** Last year and this year so far; eventIds are stable, so a re-run would only produce duplicates. */
    private int emitHistory() {
        ZonedDateTime now = ZonedDateTime.now(zone);
        int before = sent;
        emitOpenRequests(now);
        for (int year : new int[] {now.getYear() - 1, now.getYear()}) {
            for (String unit : units) {
                Random r = new Random((unit + year).hashCode());
                String key = "demo:" + unit + ":" + year;
                emitTraining(r, unit, year, key, now);
                emitActivities(r, unit, year, key, now);
                emitDisclosures(r, unit, year, key, now);
                emitCases(r, unit, year, key, now);
            }
            counselWork(units, year, now).forEach(this::send);
        }
        publisher.flush();
        return sent - before;
    }

    private void emitTraining(Random r, String unit, int year, String key, ZonedDateTime now) {
        int persons = 4 + r.nextInt(30);
        for (int p = 1; p <= persons; p++) {
            String person = "p-" + Integer.toHexString((unit + p).hashCode() & 0xfffff);
            String id = key + ":person:" + p;
            OffsetDateTime enrolledAt = randomTime(r, year, now);
            if (enrolledAt == null) {
                continue;
            }
            String course = "law-" + year;
            send(EventEnvelope.of(
                    id + ":enrolled",
                    EventType.TRAINING_ENROLLED,
                    unit,
                    enrolledAt,
                    new Payload.TrainingEnrolled(person, course, year + "年度学法用法网上学习")));
            send(EventEnvelope.of(
                    id + ":assigned",
                    EventType.EXAM_ASSIGNED,
                    unit,
                    enrolledAt,
                    new Payload.ExamAssigned(person, "exam-" + year, "习近平法治思想专题考试")));
            OffsetDateTime later = enrolledAt.plusDays(20 + r.nextInt(40));
            if (later.isAfter(now.toOffsetDateTime())) {
                continue;
            }
            if (r.nextInt(100) < 92) {
                EventEnvelope completed = EventEnvelope.of(
                        id + ":completed",
                        EventType.TRAINING_COMPLETED,
                        unit,
                        later,
                        new Payload.TrainingCompleted(person, course, null, 20.0));
                send(completed);
                if (r.nextInt(100) < 5) { // a unit service corrects the hours it reported
                    send(completed.revised(2, later, new Payload.TrainingCompleted(person, course, null, 24.0)));
                }
                if (r.nextInt(100) < 5) { // and redelivers now and then
                    send(completed);
                }
            }
            if (r.nextInt(100) < 97) {
                send(EventEnvelope.of(
                        id + ":taken",
                        EventType.EXAM_TAKEN,
                        unit,
                        later,
                        new Payload.ExamTaken(person, "exam-" + year, 60.0 + r.nextInt(41), true)));
            }
        }
    }

    private void emitActivities(Random r, String unit, int year, String key, ZonedDateTime now) {
        Payload.StudyHeld.Kind[] studies = Payload.StudyHeld.Kind.values();
        for (int i = 0, n = 2 + r.nextInt(12); i < n; i++) {
            OffsetDateTime at = randomTime(r, year, now);
            if (at != null) {
                send(EventEnvelope.of(
                        key + ":study:" + i,
                        EventType.STUDY_HELD,
                        unit,
                        at,
                        new Payload.StudyHeld(
                                studies[r.nextInt(studies.length)],
                                TOPICS[r.nextInt(TOPICS.length)],
                                5L + r.nextInt(40))));
            }
        }
        for (int i = 0, n = 4 + r.nextInt(20); i < n; i++) {
            OffsetDateTime at = randomTime(r, year, now);
            if (at != null) {
                boolean executive = r.nextInt(3) == 0;
                send(EventEnvelope.of(
                        key + ":meeting:" + i,
                        EventType.MEETING_HELD,
                        unit,
                        at,
                        new Payload.MeetingHeld(
                                executive ? Payload.MeetingHeld.Kind.EXECUTIVE : Payload.MeetingHeld.Kind.PARTY_GROUP,
                                r.nextInt(3) == 0,
                                r.nextInt(6))));
            }
        }
        for (int i = 0, n = r.nextInt(25); i < n; i++) {
            OffsetDateTime at = randomTime(r, year, now);
            if (at != null) {
                send(EventEnvelope.of(
                        key + ":proposal:" + i,
                        EventType.PROPOSAL_HANDLED,
                        unit,
                        at,
                        new Payload.ProposalHandled(
                                key + ":p" + i,
                                r.nextInt(5) == 0
                                        ? Payload.ProposalHandled.Level.CITY
                                        : Payload.ProposalHandled.Level.DISTRICT,
                                r.nextInt(50) > 0,
                                true,
                                r.nextInt(30) > 0)));
            }
        }
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            OffsetDateTime at = randomTime(r, year, now);
            if (at != null) {
                send(EventEnvelope.of(
                        key + ":decision:" + i,
                        EventType.DECISION_LISTED,
                        unit,
                        at,
                        new Payload.DecisionListed(
                                key + ":d" + i,
                                DECISIONS[r.nextInt(DECISIONS.length)],
                                true,
                                true,
                                r.nextInt(6) > 0,
                                true,
                                true)));
            }
        }
        for (int i = 0, n = 2 + r.nextInt(8); i < n; i++) {
            OffsetDateTime at = randomTime(r, year, now);
            if (at != null) {
                send(EventEnvelope.of(
                        key + ":document:" + i,
                        EventType.DOCUMENT_PUBLISHED,
                        unit,
                        at,
                        new Payload.DocumentPublished(
                                key + ":doc" + i, "关于进一步规范行政执法工作的通知（第" + (i + 1) + "号）", r.nextInt(10) < 3)));
            }
        }
    }

    private void emitDisclosures(Random r, String unit, int year, String key, ZonedDateTime now) {
        Payload.DisclosureReceived.Channel[] channels = Payload.DisclosureReceived.Channel.values();
        for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) {
            OffsetDateTime at = randomTime(r, year, now);
            if (at == null) {
                continue;
            }
            String request = key + ":req" + i;
            send(EventEnvelope.of(
                    key + ":disclosure:" + i + ":received",
                    EventType.DISCLOSURE_RECEIVED,
                    unit,
                    at,
                    new Payload.DisclosureReceived(
                            request,
                            channels[r.nextInt(channels.length)],
                            r.nextInt(6) == 0
                                    ? Payload.DisclosureReceived.ApplicantType.ORGANIZATION
                                    : Payload.DisclosureReceived.ApplicantType.CITIZEN,
                            "关于" + SUBJECTS[r.nextInt(SUBJECTS.length)] + "的政府信息公开申请")));
            OffsetDateTime due = at.plusDays(20);
            OffsetDateTime repliedAt = at.plusDays(r.nextInt(20) < 19 ? 5 + r.nextInt(14) : 22);
            // The time limit's own events (events.md 1.1): some requests extended, some waiting for a third party.
            String id = key + ":disclosure:" + i;
            if (r.nextInt(8) == 0 && !at.plusDays(15).isAfter(now.toOffsetDateTime())) {
                send(EventEnvelope.of(
                        id + ":extended",
                        EventType.DISCLOSURE_EXTENDED,
                        unit,
                        at.plusDays(15),
                        new Payload.DisclosureExtended(request, 10 + r.nextInt(11))));
                repliedAt = repliedAt.plusDays(10);
            } else if (r.nextInt(10) == 0 && !at.plusDays(12).isAfter(now.toOffsetDateTime())) {
                send(EventEnvelope.of(
                        id + ":suspended",
                        EventType.DISCLOSURE_SUSPENDED,
                        unit,
                        at.plusDays(3),
                        new Payload.DisclosureSuspended(request, Payload.DisclosureSuspended.Reason.THIRD_PARTY)));
                send(EventEnvelope.of(
                        id + ":resumed",
                        EventType.DISCLOSURE_RESUMED,
                        unit,
                        at.plusDays(12),
                        new Payload.DisclosureResumed(request)));
                repliedAt = repliedAt.plusDays(9);
            }
            if (r.nextInt(10) > 0 && !repliedAt.isAfter(now.toOffsetDateTime())) {
                send(EventEnvelope.of(
                        key + ":disclosure:" + i + ":replied",
                        EventType.DISCLOSURE_REPLIED,
                        unit,
                        repliedAt,
                        new Payload.DisclosureReplied(
                                request,
                                r.nextInt(4) == 0
                                        ? Payload.DisclosureReplied.Outcome.PARTIALLY_DISCLOSED
                                        : Payload.DisclosureReplied.Outcome.DISCLOSED,
                                due,
                                r.nextInt(10) < 4)));
            }
        }
    }

    /**
     * Requests still waiting for their reply in a few units, so that the deadlines panel has something due soon (about
     * 17 working days into their 20) and something overdue (about 28). Their ids hold the day, so that each day's demo
     * adds its own and a re-run on the same day only repeats them.
     */
    private void emitOpenRequests(ZonedDateTime now) {
        String day = now.toLocalDate().toString();
        for (int u = 0; u < Math.min(4, units.size()); u++) {
            String unit = units.get(u);
            int[] daysAgo = {24, 25, 40};
            for (int i = 0; i < daysAgo.length; i++) {
                String request = "demo:" + unit + ":open:" + day + ":" + i;
                send(EventEnvelope.of(
                        request + ":received",
                        EventType.DISCLOSURE_RECEIVED,
                        unit,
                        now.minusDays(daysAgo[i]).withHour(10).toOffsetDateTime(),
                        new Payload.DisclosureReceived(
                                request,
                                Payload.DisclosureReceived.Channel.ONLINE,
                                Payload.DisclosureReceived.ApplicantType.CITIZEN,
                                "关于" + SUBJECTS[(u + i) % SUBJECTS.length] + "的政府信息公开申请")));
            }
        }
    }

    private void emitCases(Random r, String unit, int year, String key, ZonedDateTime now) {
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            OffsetDateTime at = randomTime(r, year, now);
            if (at == null) {
                continue;
            }
            boolean litigation = r.nextBoolean();
            CaseKind kind = litigation ? CaseKind.LITIGATION : CaseKind.RECONSIDERATION;
            String caseNo = "(" + year + ")津0104" + (litigation ? "行初" : "行复") + (100 + r.nextInt(900)) + "号";
            String cause = CAUSES[r.nextInt(CAUSES.length)];
            send(EventEnvelope.of(
                    key + ":case:" + i + ":filed",
                    EventType.CASE_FILED,
                    unit,
                    at,
                    new Payload.CaseFiled(
                            caseNo,
                            kind,
                            litigation ? "天津市南开区人民法院" : "天津市南开区人民政府",
                            SURNAMES[r.nextInt(SURNAMES.length)] + "某某",
                            cause,
                            "申请人" + cause + "，请求依法处理。",
                            r.nextInt(3) > 0,
                            at.plusDays(1 + r.nextInt(3)))));
            // The defence or answer, mostly in time (15 days, 10 working days), now and then late, for recent
            // cases not yet.
            OffsetDateTime answered = at.plusDays((litigation ? 8 : 6) + r.nextInt(r.nextInt(8) == 0 ? 20 : 6));
            if (!answered.isAfter(now.toOffsetDateTime())) {
                send(EventEnvelope.of(
                        key + ":case:" + i + ":answered",
                        EventType.CASE_ANSWERED,
                        unit,
                        answered,
                        new Payload.CaseAnswered(caseNo, kind)));
            }
            OffsetDateTime hearing = at.plusDays(30 + r.nextInt(60));
            if (litigation && !hearing.isAfter(now.toOffsetDateTime())) {
                send(EventEnvelope.of(
                        key + ":case:" + i + ":hearing",
                        EventType.CASE_HEARING,
                        unit,
                        hearing,
                        new Payload.CaseHearing(caseNo, kind, r.nextInt(4) > 0)));
            }
            OffsetDateTime closed = at.plusDays(60 + r.nextInt(90));
            if (r.nextInt(10) < 7 && !closed.isAfter(now.toOffsetDateTime())) {
                Payload.CaseClosed.Outcome[] outcomes = Payload.CaseClosed.Outcome.values();
                send(EventEnvelope.of(
                        key + ":case:" + i + ":closed",
                        EventType.CASE_CLOSED,
                        unit,
                        closed,
                        new Payload.CaseClosed(caseNo, kind, outcomes[r.nextInt(outcomes.length)], null)));
            }
        }
    }

    /**
     * A counsel of the demo (公职律师 or 法律顾问) and the units it serves: a retained adviser may serve two, and the
     * distinct counts above them must still count it once.
     *
     * @param id opaque, as events.md asks: a number, never a name
     */
    record Counsel(String id, Payload.CounselServed.CounselKind kind, List<String> units) {
        Counsel {
            units = List.copyOf(units);
        }
    }

    /**
     * A public lawyer in every third unit (two in the first, the government office, where most contracts and
     * documents pass), and an adviser retained by every fourth unit; the first adviser also serves the unit beside its
     * own. Numbered across the district, so that an id says nothing of the person or the kind.
     */
    static List<Counsel> counselRoster(List<String> units) {
        String district = units.getFirst().split("\\.", 2)[0];
        List<Counsel> roster = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            int publicLawyers = u == 0 ? 2 : u % 3 == 0 ? 1 : 0;
            for (int i = 0; i < publicLawyers; i++) {
                roster.add(new Counsel(
                        "counsel-%s-%02d".formatted(district, roster.size() + 1),
                        Payload.CounselServed.CounselKind.PUBLIC_LAWYER,
                        List.of(units.get(u))));
            }
            if (u % 4 == 1) {
                boolean sharedWithTheNext = u == 1 && u + 1 < units.size();
                roster.add(new Counsel(
                        "counsel-%s-%02d".formatted(district, roster.size() + 1),
                        Payload.CounselServed.CounselKind.LEGAL_ADVISER,
                        sharedWithTheNext ? List.of(units.get(u), units.get(u + 1)) : List.of(units.get(u))));
            }
        }
        return roster;
    }

    /**
     * A year of the roster's work up to {@code now}, opinions and contract reviews the most, as in the districts'
     * quarterly counsel statistics. Seeded by counsel, unit and year alone, apart from the units' own random
     * streams, so that adding counsel changed none of the events the demo emitted before it.
     */
    static List<EventEnvelope> counselWork(List<String> units, int year, ZonedDateTime now) {
        List<EventEnvelope> events = new ArrayList<>();
        for (Counsel counsel : counselRoster(units)) {
            for (String unit : counsel.units()) {
                Random r = new Random((counsel.id() + ":" + unit + ":" + year).hashCode());
                String key = "demo:" + unit + ":" + year + ":counsel:" + counsel.id();
                for (int i = 0, n = 8 + r.nextInt(17); i < n; i++) {
                    OffsetDateTime at = randomTime(r, year, now);
                    Payload.CounselServed.Work work = counselWorkKind(r.nextInt(100));
                    String ref = r.nextInt(10) < 4 ? counselRef(r, work, year) : null;
                    if (at != null) {
                        events.add(EventEnvelope.of(
                                key + ":" + i,
                                EventType.COUNSEL_SERVED,
                                unit,
                                at,
                                new Payload.CounselServed(counsel.id(), counsel.kind(), work, ref)));
                    }
                }
            }
        }
        return events;
    }

    private static Payload.CounselServed.Work counselWorkKind(int percent) {
        if (percent < 32) {
            return Payload.CounselServed.Work.OPINION;
        } else if (percent < 60) {
            return Payload.CounselServed.Work.CONTRACT_REVIEW;
        } else if (percent < 76) {
            return Payload.CounselServed.Work.LEGALITY_REVIEW;
        } else if (percent < 86) {
            return Payload.CounselServed.Work.MEETING;
        } else if (percent < 92) {
            return Payload.CounselServed.Work.LITIGATION;
        } else if (percent < 97) {
            return Payload.CounselServed.Work.TRAINING;
        }
        return Payload.CounselServed.Work.OTHER;
    }

    private static String counselRef(Random r, Payload.CounselServed.Work work, int year) {
        return switch (work) {
            case OPINION -> "法律意见：关于" + SUBJECTS[r.nextInt(SUBJECTS.length)] + "的法律意见书";
            case CONTRACT_REVIEW ->
                "合同审查：" + CONTRACTS[r.nextInt(CONTRACTS.length)] + "（%d-%03d）".formatted(year, 1 + r.nextInt(120));
            case LEGALITY_REVIEW -> "合法性审查：" + DECISIONS[r.nextInt(DECISIONS.length)];
            case MEETING -> "列席区政府常务会议";
            case LITIGATION -> "(" + year + ")津0104行初" + (100 + r.nextInt(900)) + "号";
            case TRAINING -> "法治讲座：" + TOPICS[r.nextInt(TOPICS.length)];
            case OTHER -> null;
        };
    }

    private static final String[] CONTRACTS = {"区政府采购合同", "老旧小区改造施工合同", "政府购买服务合同", "房屋租赁合同", "信息化系统运维合同"};
    private static final String[] TOPICS = {
        "习近平法治思想", "《中华人民共和国行政复议法》", "《优化营商环境条例》", "《中华人民共和国民法典》", "《重大行政决策程序暂行条例》", "《政府信息公开条例》"
    };
    private static final String[] DECISIONS = {
        "南开区第十二批区级非物质文化遗产代表性名录", "南开区老旧小区改造实施方案", "南开区养老服务设施布局专项规划", "南开区教育资源配置调整方案"
    };
    private static final String[] SUBJECTS = {"某小区规划许可信息", "征收补偿安置方案", "行政处罚决定书", "财政预算执行情况", "道路施工审批文件"};
    private static final String[] CAUSES = {"不服房屋拆迁补偿决定", "不服行政处罚决定", "要求履行法定职责", "不服政府信息公开答复", "不服工伤认定决定"};
    private static final String[] SURNAMES = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄"};

    private static OffsetDateTime randomTime(Random r, int year, ZonedDateTime now) {
        LocalDate day = LocalDate.of(year, 1, 1)
                .plusDays(r.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
        ZonedDateTime at = day.atTime(9 + r.nextInt(8), r.nextInt(60)).atZone(now.getZone());
        return at.isAfter(now) ? null : at.toOffsetDateTime();
    }

    private void emitLive() {
        try {
            String unit = units.get(random.nextInt(units.size()));
            OffsetDateTime now = OffsetDateTime.now(zone);
            String course = "law-" + now.getYear();
            String id = "demo:live:" + runId + ":" + (++sequence);
            int dice = random.nextInt(100);
            if (dice < 25) {
                emitActivities(
                        random, unit, now.getYear(), id, ZonedDateTime.now(zone).plusDays(1));
                return;
            }
            if (dice < 35) {
                emitDisclosures(
                        random, unit, now.getYear(), id, ZonedDateTime.now(zone).plusDays(1));
                return;
            }
            if (liveEnrolled.isEmpty() || dice < 70) {
                String person = "p-live-" + runId + "-" + sequence;
                liveEnrolled.add(new String[] {unit, person});
                send(EventEnvelope.of(
                        id + ":enrolled",
                        EventType.TRAINING_ENROLLED,
                        unit,
                        now,
                        new Payload.TrainingEnrolled(person, course, null)));
                send(EventEnvelope.of(
                        id + ":assigned",
                        EventType.EXAM_ASSIGNED,
                        unit,
                        now,
                        new Payload.ExamAssigned(person, "exam-" + now.getYear(), null)));
            } else {
                String[] enrolled = liveEnrolled.remove(random.nextInt(liveEnrolled.size()));
                send(EventEnvelope.of(
                        id + ":completed",
                        EventType.TRAINING_COMPLETED,
                        enrolled[0],
                        now,
                        new Payload.TrainingCompleted(enrolled[1], course, null, 16.0)));
                send(EventEnvelope.of(
                        id + ":taken",
                        EventType.EXAM_TAKEN,
                        enrolled[0],
                        now,
                        new Payload.ExamTaken(enrolled[1], "exam-" + now.getYear(), 90.0, true)));
            }
        } catch (RuntimeException e) {
            // The broker may be restarting; the next tick tries again. The demo must never stop the stack.
            System.err.println("lawstats demo: " + e.getMessage());
        }
    }

    private void send(EventEnvelope event) {
        if (silentThisQuarter(event)) {
            return;
        }
        publisher.publish(event);
        sent++;
    }

    /**
     * The registry's last unit says nothing this quarter: the office's completeness page (and the dashboard's count
     * of silent units) has a unit to find, as in any real quarter.
     */
    private boolean silentThisQuarter(EventEnvelope event) {
        if (units.size() < 2 || !event.unitId().equals(units.get(units.size() - 1))) {
            return false;
        }
        LocalDate today = LocalDate.now(zone);
        LocalDate quarterStart = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
        return !event.occurredAt().atZoneSameInstant(zone).toLocalDate().isBefore(quarterStart);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        publisher.close();
    }
}
