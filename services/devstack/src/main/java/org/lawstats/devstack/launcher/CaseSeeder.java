package org.lawstats.devstack.launcher;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventPublisher;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code ./lawstats seed-cases N}: N administrative cases with realistic Chinese text for the units of the
 * registry (a filing each, a hearing for most lawsuits, a closing for most), to measure search on a realistic volume.
 */
final class CaseSeeder {
    private static final String[] ACTS = {
        "房屋拆迁补偿", "行政处罚", "工伤认定", "政府信息公开答复", "土地征收", "行政许可", "社会保险待遇核定", "城市管理执法", "食品安全监管", "税务稽查", "不动产登记", "最低生活保障"
    };
    private static final String[] VERBS = {"不服", "要求撤销", "要求确认违法", "要求履行", "请求变更"};
    private static final String[] SURNAMES = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛"};

    private CaseSeeder() {}

    static int seed(String bootstrap, Path unitsFile, int cases) throws Exception {
        List<String> units = new ArrayList<>();
        for (JsonNode unit : new YAMLMapper().readTree(unitsFile.toFile()).path("units")) {
            units.add(unit.path("id").asString());
        }
        Random random = new Random(42);
        long run = System.currentTimeMillis();
        int events = 0;
        try (EventPublisher publisher = EventPublisher.connect(bootstrap)) {
            for (int i = 0; i < cases; i++) {
                String unit = units.get(random.nextInt(units.size()));
                boolean litigation = random.nextInt(3) > 0;
                CaseKind kind = litigation ? CaseKind.LITIGATION : CaseKind.RECONSIDERATION;
                int year = 2020 + random.nextInt(6);
                String caseNo = "(" + year + ")津0104" + (litigation ? "行初" : "行复") + i + "号";
                OffsetDateTime filed = OffsetDateTime.of(year, 1, 1, 9, 0, 0, 0, ZoneOffset.ofHours(8))
                        .plusMinutes(random.nextInt(360 * 24 * 60));
                String act = ACTS[random.nextInt(ACTS.length)];
                String cause = VERBS[random.nextInt(VERBS.length)] + act + "决定";
                String claimant = SURNAMES[random.nextInt(SURNAMES.length)]
                        + GIVEN[random.nextInt(GIVEN.length)]
                        + GIVEN[random.nextInt(GIVEN.length)];
                String id = "seed:" + run + ":" + i;
                publisher.publish(EventEnvelope.of(
                        id + ":filed",
                        EventType.CASE_FILED,
                        unit,
                        filed,
                        new Payload.CaseFiled(
                                caseNo,
                                kind,
                                litigation ? "天津市南开区人民法院" : "天津市南开区人民政府",
                                claimant,
                                cause,
                                "申请人认为" + act + "程序违法，事实不清，请求依法处理。",
                                random.nextBoolean())));
                events++;
                if (litigation && random.nextInt(10) < 7) {
                    publisher.publish(EventEnvelope.of(
                            id + ":hearing",
                            EventType.CASE_HEARING,
                            unit,
                            filed.plusDays(40),
                            new Payload.CaseHearing(caseNo, kind, random.nextInt(4) > 0)));
                    events++;
                }
                if (random.nextInt(10) < 6) {
                    Payload.CaseClosed.Outcome[] outcomes = Payload.CaseClosed.Outcome.values();
                    publisher.publish(EventEnvelope.of(
                            id + ":closed",
                            EventType.CASE_CLOSED,
                            unit,
                            filed.plusDays(90),
                            new Payload.CaseClosed(caseNo, kind, outcomes[random.nextInt(outcomes.length)], null)));
                    events++;
                }
            }
            publisher.flush();
        }
        return events;
    }
}
