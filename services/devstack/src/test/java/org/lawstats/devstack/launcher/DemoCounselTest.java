package org.lawstats.devstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload.CounselServed;
import org.lawstats.contract.Payload.CounselServed.CounselKind;
import org.lawstats.contract.Payload.CounselServed.Work;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The demo's counsel (公职律师、法律顾问) over the sample registry of Nankai. */
class DemoCounselTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZonedDateTime AFTER_2025 = ZonedDateTime.of(2026, 3, 1, 12, 0, 0, 0, SHANGHAI);

    /** The units the demo emits for: those of the sample registry below its root, in the registry's order. */
    private static List<String> sampleUnits() {
        // Surefire runs in services/devstack.
        JsonNode registry =
                new YAMLMapper().readTree(Path.of("../../config/units.yml").toFile());
        List<String> units = new ArrayList<>();
        for (JsonNode unit : registry.path("units")) {
            if (unit.hasNonNull("parent")) {
                units.add(unit.get("id").stringValue());
            }
        }
        return units;
    }

    private static CounselServed work(EventEnvelope event) {
        return (CounselServed) event.payload();
    }

    @Test
    void theRosterHasPublicLawyersAndAdvisersUnderOpaqueIdsAndOneAdviserServesTwoUnits() {
        List<DemoEmitter.Counsel> roster = DemoEmitter.counselRoster(sampleUnits());

        assertThat(roster)
                .filteredOn(c -> c.kind() == CounselKind.PUBLIC_LAWYER)
                .hasSize(9);
        assertThat(roster)
                .filteredOn(c -> c.kind() == CounselKind.LEGAL_ADVISER)
                .hasSize(6);
        assertThat(roster).extracting(DemoEmitter.Counsel::id).allMatch(id -> id.matches("counsel-nk-\\d{2}"));
        assertThat(roster).extracting(DemoEmitter.Counsel::id).doesNotHaveDuplicates();
        assertThat(roster)
                .filteredOn(c -> c.units().size() == 2)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(CounselKind.LEGAL_ADVISER);
                    assertThat(c.units()).containsExactly("nk.gov-office.affairs-open", "nk.justice");
                });
    }

    @Test
    void aWholeYearHasEveryKindOfWorkWithOpinionsAndContractReviewsTheMost() {
        List<EventEnvelope> year = DemoEmitter.counselWork(sampleUnits(), 2025, AFTER_2025);

        Map<Work, Long> byWork = new EnumMap<>(Work.class);
        year.forEach(e -> byWork.merge(work(e).work(), 1L, Long::sum));
        assertThat(byWork).containsOnlyKeys(Work.values());
        long leastOfTheTwo = Math.min(byWork.get(Work.OPINION), byWork.get(Work.CONTRACT_REVIEW));
        for (Work other : List.of(Work.LEGALITY_REVIEW, Work.MEETING, Work.LITIGATION, Work.TRAINING, Work.OTHER)) {
            assertThat(byWork.get(other)).as(other.name()).isLessThan(leastOfTheTwo);
        }
        assertThat(year).hasSizeBetween(16 * 8, 16 * 24);
        assertThat(year).allSatisfy(e -> assertThat(e.occurredAt().getYear()).isEqualTo(2025));
    }

    @Test
    void theAdviserOfTwoUnitsWorksForBothAndCountsOnceOverTheDistrict() {
        List<String> units = sampleUnits();
        List<EventEnvelope> year = DemoEmitter.counselWork(units, 2025, AFTER_2025);
        DemoEmitter.Counsel shared = DemoEmitter.counselRoster(units).stream()
                .filter(c -> c.units().size() == 2)
                .findFirst()
                .orElseThrow();

        assertThat(year)
                .filteredOn(e -> work(e).counselId().equals(shared.id()))
                .extracting(EventEnvelope::unitId)
                .containsOnly(shared.units().toArray(String[]::new))
                .contains(shared.units().toArray(String[]::new));
        Map<CounselKind, Set<String>> distinct = year.stream()
                .collect(Collectors.groupingBy(
                        e -> work(e).counselKind(), Collectors.mapping(e -> work(e).counselId(), Collectors.toSet())));
        assertThat(distinct.get(CounselKind.PUBLIC_LAWYER)).hasSize(9);
        assertThat(distinct.get(CounselKind.LEGAL_ADVISER)).hasSize(6);
    }

    @Test
    void everyEventIsValidOnTheWireWithAUniqueIdAndAShortMatter() {
        EventCodec codec = EventCodec.strict();
        List<EventEnvelope> year = DemoEmitter.counselWork(sampleUnits(), 2025, AFTER_2025);

        assertThat(year).extracting(EventEnvelope::eventId).doesNotHaveDuplicates();
        assertThat(year).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.COUNSEL_SERVED);
            assertThat(codec.decode(codec.encode(e))).isEqualTo(new EventCodec.Decoded.Valid(e));
        });
        assertThat(year).filteredOn(e -> work(e).ref() != null).isNotEmpty();
        assertThat(year).filteredOn(e -> work(e).ref() == null).isNotEmpty();
        assertThat(year)
                .filteredOn(e -> work(e).work() == Work.CONTRACT_REVIEW && work(e).ref() != null)
                .allSatisfy(e -> assertThat(work(e).ref()).matches("合同审查：.+（2025-\\d{3}）"));
    }

    @Test
    void theSameYearComesOutTheSameAndNothingAfterNow() {
        List<String> units = sampleUnits();
        ZonedDateTime midYear = ZonedDateTime.of(2025, 7, 1, 0, 0, 0, 0, SHANGHAI);

        assertThat(DemoEmitter.counselWork(units, 2025, AFTER_2025))
                .isEqualTo(DemoEmitter.counselWork(units, 2025, AFTER_2025));
        List<EventEnvelope> soFar = DemoEmitter.counselWork(units, 2025, midYear);
        assertThat(soFar)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.occurredAt().toInstant()).isBefore(midYear.toInstant()));
        assertThat(DemoEmitter.counselWork(units, 2025, AFTER_2025)).containsAll(soFar);
    }
}
