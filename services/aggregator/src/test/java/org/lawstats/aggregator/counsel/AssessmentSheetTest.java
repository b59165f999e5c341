package org.lawstats.aggregator.counsel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.contract.Payload.CounselServed.Work;

/** The office's assessment: scores from its weights, grades from its thresholds, a year four quarters. */
class AssessmentSheetTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static Map<String, BigDecimal> weights(int each) {
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        for (Work work : Work.values()) {
            weights.put(work.name(), BigDecimal.valueOf(each));
        }
        return weights;
    }

    private static List<CounselProperties.Grade> grades(int... mins) {
        String[] names = {"优秀", "合格", "基本合格", "不合格"};
        return java.util.stream.IntStream.range(0, mins.length)
                .mapToObj(i -> new CounselProperties.Grade(names[i], BigDecimal.valueOf(mins[i])))
                .toList();
    }

    private static AssessmentSheet sheet(Map<String, BigDecimal> weights, List<CounselProperties.Grade> grades) {
        return new AssessmentSheet(new CounselProperties(100, new CounselProperties.Assessment(weights, grades)));
    }

    private static CounselTable.Row row(long opinions, long meetings) {
        Map<String, Long> work = new LinkedHashMap<>();
        for (Work kind : Work.values()) {
            work.put(kind.name(), 0L);
        }
        work.put("OPINION", opinions);
        work.put("MEETING", meetings);
        return new CounselTable.Row("c1", "PUBLIC_LAWYER", "t", work, opinions + meetings);
    }

    @Test
    void aScoreIsTheWeightedCountsAndTheGradeTheHighestItReaches() {
        Map<String, BigDecimal> weights = weights(1);
        weights.put("OPINION", new BigDecimal("2.5"));
        AssessmentSheet sheet = sheet(weights, grades(40, 20, 10, 0));
        Period quarter = Period.parse("2024-Q2", ZONE);

        var assessed = sheet.assess(List.of(row(6, 5), row(4, 0), row(0, 0), row(8, 0)), quarter);

        assertThat(assessed)
                .extracting(a -> a.score().toPlainString() + " " + a.grade())
                .containsExactly("20 合格", "10 基本合格", "0 不合格", "20 合格");
    }

    @Test
    void aYearIsAssessedAgainstFourQuartersAndAMonthAgainstAThird() {
        AssessmentSheet sheet = sheet(weights(1), grades(40, 20, 10, 0));

        assertThat(sheet.thresholds(Period.parse("2024", ZONE)))
                .extracting(t -> t.name() + " " + t.min().toPlainString())
                .containsExactly("优秀 160", "合格 80", "基本合格 40", "不合格 0");
        assertThat(sheet.thresholds(Period.parse("2024-05", ZONE)))
                .extracting(t -> t.min().toPlainString())
                .containsExactly("13.34", "6.67", "3.34", "0");
        // 40 in a year is a quarter's 10: 基本合格, exactly at the threshold
        assertThat(sheet.assess(List.of(row(40, 0)), Period.parse("2024", ZONE)))
                .extracting(AssessmentSheet.Assessed::grade)
                .containsExactly("基本合格");
        // 13 pieces in a month are short of 40 / 3 = 13.33
        assertThat(sheet.assess(List.of(row(13, 0)), Period.parse("2024-05", ZONE)))
                .extracting(AssessmentSheet.Assessed::grade)
                .containsExactly("合格");
    }

    @Test
    void aSheetWithoutAWeightForEveryWorkKindOrWithGradesOutOfOrderDoesNotStart() {
        Map<String, BigDecimal> missing = weights(1);
        missing.remove("OTHER");
        assertThatThrownBy(() -> sheet(missing, grades(40, 20, 10, 0)))
                .hasMessageContaining("config/counsel.yml")
                .hasMessageContaining("every work kind");
        Map<String, BigDecimal> unknown = weights(1);
        unknown.put("SINGING", BigDecimal.ONE);
        assertThatThrownBy(() -> sheet(unknown, grades(40, 20, 10, 0))).hasMessageContaining("SINGING");
        assertThatThrownBy(() -> sheet(weights(1), grades(20, 40, 0))).hasMessageContaining("from the highest down");
        assertThatThrownBy(() -> sheet(weights(1), grades(40, 20, 10))).hasMessageContaining("must start at 0");
    }
}
