package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.registry.UnitRegistry;

/** The view adds up each part's share of a figure, whatever order the shares come in and however often they change. */
class FiguresViewTest {
    private static final UnitRegistry REGISTRY =
            UnitRegistry.parse(new ByteArrayInputStream("""
                    zone: Asia/Shanghai
                    units:
                      - {id: v, name: 区}
                      - {id: v.a, name: 甲, parent: v}
                    """.getBytes(StandardCharsets.UTF_8)), "view test");
    private static final IndicatorCatalogue CATALOGUE =
            IndicatorCatalogue.load(new ConfigLocation("classpath:config/indicators.yml"));
    private static final String MONTHS = FigureStore.MONTHS.changelog("app");
    private static final String JOINS = FigureStore.JOINS.changelog("app");
    private static final String CELLS = FigureStore.CELLS.changelog("app");
    private static final Period MARCH = Period.parse("2024-03", REGISTRY.zone());
    private static final Period Q1 = Period.parse("2024-Q1", REGISTRY.zone());

    private final FiguresView view = new FiguresView(CATALOGUE, REGISTRY);

    @Test
    void sharesOfAUnitMonthFromSeveralPartsAndStoresAddUp() {
        String key = new FigureKey.UnitMonth("v.a", YearMonth.of(2024, 3)).encode();
        view.apply(MONTHS, 0, key, figures("study.standing_meeting", 2));
        view.apply(MONTHS, 2, key, figures("study.standing_meeting", 3));
        view.apply(JOINS, 1, key, figures("study.central_group", 1));

        assertThat(base(MARCH, "v.a", "study.standing_meeting")).isEqualTo(5);
        assertThat(base(MARCH, "v.a", "study.central_group")).isEqualTo(1);
        assertThat(base(Q1, "v.a", "study.standing_meeting")).isEqualTo(5);
    }

    @Test
    void aShareReplacedOrDeletedReplacesOnlyItselfInTheSum() {
        String key = new FigureKey.UnitMonth("v.a", YearMonth.of(2024, 3)).encode();
        view.apply(MONTHS, 0, key, figures("study.standing_meeting", 2));
        view.apply(MONTHS, 1, key, figures("study.standing_meeting", 3));
        view.apply(MONTHS, 0, key, figures("study.standing_meeting", 7)); // the part's latest share, not an addition
        assertThat(base(MARCH, "v.a", "study.standing_meeting")).isEqualTo(10);

        view.apply(MONTHS, 1, key, null);
        assertThat(base(MARCH, "v.a", "study.standing_meeting")).isEqualTo(7);
        view.apply(MONTHS, 1, key, null); // a tombstone read again (a compacted topic's history) changes nothing
        assertThat(base(MARCH, "v.a", "study.standing_meeting")).isEqualTo(7);
    }

    @Test
    void distinctCellsAddUpAcrossPartsPerPeriod() {
        String key = new FigureKey.CellYear("training.enrolled_persons", FiguresView.Scope.SUBTREE, "v", 2024).encode();
        view.apply(CELLS, 0, key, new Figures(Map.of("2024", 2L, "2024-Q1", 2L, "2024-03", 1L)).encode());
        view.apply(CELLS, 1, key, new Figures(Map.of("2024", 1L, "2024-Q1", 1L, "2024-03", 1L)).encode());

        FiguresView.Scope subtree = FiguresView.Scope.SUBTREE;
        assertThat(view.bases(MARCH, "v", subtree).orElseThrow()).containsEntry("training.enrolled_persons", 2L);
        assertThat(view.bases(Q1, "v", subtree).orElseThrow()).containsEntry("training.enrolled_persons", 3L);
        assertThat(view.bases(MARCH, "v", FiguresView.Scope.SELF).orElseThrow())
                .containsEntry("training.enrolled_persons", 0L);
    }

    @Test
    void aKeyIsParsedAsItWasEncodedAndNothingElseIsTaken() {
        FigureKey cell = new FigureKey.CellYear("exam.taken_persons", FiguresView.Scope.SELF, "v.a", 2025);
        FigureKey month = new FigureKey.UnitMonth("v.a", YearMonth.of(2025, 12));
        assertThat(FigureKey.parse(cell.encode())).isEqualTo(cell);
        assertThat(FigureKey.parse(month.encode())).isEqualTo(month);
        assertThatThrownBy(() -> FigureKey.parse("u|v.a|2025-13")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FigureKey.parse("c|x|all|v|2025")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> view.apply(MONTHS, 0, "x|v", figures("a", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyShareHoldsTheSameNameNotACopyOfItsOwn() {
        // Every instance holds every share: a copy of each name per share filled the heap in an hour's soak.
        Figures one = Figures.decode(figures("study.standing_meeting", 2));
        Figures other = Figures.decode(figures("study.standing_meeting", 7));

        assertThat(one.values().keySet().iterator().next())
                .isSameAs(other.values().keySet().iterator().next());
        assertThat(other.values()).isEqualTo(Map.of("study.standing_meeting", 7L));
    }

    private long base(Period period, String unit, String id) {
        return view.bases(period, unit, FiguresView.Scope.SELF).orElseThrow().get(id);
    }

    private static byte[] figures(String id, long value) {
        return new Figures(Map.of(id, value)).encode();
    }
}
