package org.lawstats.aggregator.periods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.ingest.AggregationCut;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.BadRequestException;

/** Which units' figures the changes since a lock compare: those a revision or a running time limit may have moved. */
class PeriodsTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Period Q = Period.parse("2024-Q2", ZONE);
    private static final PeriodStore.Lock LOCK = new PeriodStore.Lock(
            "lock",
            "2024-Q2",
            "r",
            1,
            "2024-07-03T02:00:00Z",
            "admin",
            false,
            null,
            "2024-07-03",
            new PeriodStore.Lock.Made("events-copy", "deadlines-copy", Map.of()),
            null);

    private final StatsService stats = mock(StatsService.class);
    private UnitRegistry registry;

    @BeforeEach
    void registryOfTwoBranches() throws Exception {
        registry = UnitRegistry.parse(new ByteArrayInputStream("""
                        zone: Asia/Shanghai
                        units:
                          - {id: r, name: 区}
                          - {id: r.a, name: 甲, parent: r}
                          - {id: r.a.x, name: 甲一, parent: r.a}
                          - {id: r.b, name: 乙, parent: r}
                        """.getBytes(StandardCharsets.UTF_8)), "test");
        try (var catalogue = getClass().getResourceAsStream("/config/indicators.yml")) {
            when(stats.catalogue()).thenReturn(IndicatorCatalogue.parse(catalogue, "indicators.yml"));
        }
        when(stats.computeOver(any(), any(), anyList())).thenReturn(Map.of("meeting.executive", 1L));
        when(stats.compute(any(), any(), eq(FiguresView.Scope.SUBTREE))).thenReturn(Map.of("meeting.executive", 2L));
    }

    private Periods periods(int changesMaxUnits) {
        return new Periods(
                mock(PeriodStore.class),
                mock(Copies.class),
                mock(AggregationCut.class),
                stats,
                registry,
                mock(UnitAccess.class),
                new PeriodsProperties(changesMaxUnits),
                Clock.systemUTC());
    }

    @Test
    void onlyTheUnitsAboveAMoveAreCompared() {
        var differences = periods(10).differences(Q, LOCK, "r", Set.of("r.a.x"));

        assertThat(differences).containsOnlyKeys("r", "r.a", "r.a.x");
        verify(stats, never()).compute(any(), eq("r.b"), any());
    }

    @Test
    void nothingMovedComparesNothing() {
        assertThat(periods(10).differences(Q, LOCK, "r", Set.of())).isEmpty();
        verify(stats, never()).computeOver(any(), any(), anyList());
    }

    @Test
    void moreUnitsThanTheBoundAreRefusedBeforeAnyIsEvaluated() {
        assertThatThrownBy(() -> periods(2).differences(Q, LOCK, "r", Set.of("r.a.x", "r.b")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("lawstats.periods.changes-max-units");
        verify(stats, never()).computeOver(any(), any(), anyList());
        assertThat(periods(2).differences(Q, LOCK, "r.a", Set.of("r.a.x", "r.b")))
                .containsOnlyKeys("r.a", "r.a.x");
    }
}
