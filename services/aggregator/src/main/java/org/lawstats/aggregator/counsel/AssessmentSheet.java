package org.lawstats.aggregator.counsel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.contract.Payload.CounselServed;
import org.springframework.stereotype.Component;

/**
 * The office's assessment of its counsel (季度考核): a score per counsel from the weights of {@code config/counsel.yml}
 * and the grade it reaches. The counts it weighs are the counsel table's, never the office's.
 */
@Component
class AssessmentSheet {
    private static final BigDecimal MONTHS_OF_A_QUARTER = BigDecimal.valueOf(3);

    private final Map<String, BigDecimal> weights;
    private final List<CounselProperties.Grade> grades;

    AssessmentSheet(CounselProperties properties) {
        Map<String, BigDecimal> given = properties.assessment().weights();
        Set<String> kinds =
                Arrays.stream(CounselServed.Work.values()).map(Enum::name).collect(Collectors.toSet());
        if (!given.keySet().equals(kinds)) {
            throw invalid("weights must name every work kind of events.md, " + kinds + ", and no other: it names "
                    + given.keySet());
        }
        this.weights = new LinkedHashMap<>();
        Arrays.stream(CounselServed.Work.values()).forEach(kind -> weights.put(kind.name(), given.get(kind.name())));
        this.grades = List.copyOf(properties.assessment().grades());
        for (int i = 1; i < grades.size(); i++) {
            if (grades.get(i).min().compareTo(grades.get(i - 1).min()) >= 0) {
                throw invalid("grades must go from the highest down: "
                        + grades.get(i).name() + " starts at " + grades.get(i).min() + ", not below "
                        + grades.get(i - 1).name());
            }
        }
        if (grades.getLast().min().signum() != 0) {
            throw invalid("the last grade, " + grades.getLast().name() + ", must start at 0, so that every counsel has"
                    + " one");
        }
    }

    private static IllegalStateException invalid(String why) {
        return new IllegalStateException("config/counsel.yml (lawstats.counsel.assessment): " + why);
    }

    /** A counsel's row of the table with its score and grade. */
    record Assessed(CounselTable.Row row, BigDecimal score, String grade) {}

    /** A grade with the least score that earns it over the period asked. */
    record Threshold(String name, BigDecimal min) {}

    Map<String, BigDecimal> weights() {
        return weights;
    }

    /** The grades' thresholds over a period: a quarter's as configured, a year's four times, a month's a third. */
    List<Threshold> thresholds(Period period) {
        BigDecimal months = BigDecimal.valueOf(months(period));
        return grades.stream()
                .map(g -> new Threshold(
                        g.name(), plain(g.min().multiply(months).divide(MONTHS_OF_A_QUARTER, 2, RoundingMode.CEILING))))
                .toList();
    }

    List<Assessed> assess(List<CounselTable.Row> rows, Period period) {
        BigDecimal months = BigDecimal.valueOf(months(period));
        List<Assessed> assessed = new ArrayList<>(rows.size());
        for (CounselTable.Row row : rows) {
            BigDecimal score = BigDecimal.ZERO;
            for (var work : row.work().entrySet()) {
                score = score.add(weights.get(work.getKey()).multiply(BigDecimal.valueOf(work.getValue())));
            }
            // score >= min * months / 3, compared without dividing: exact for any weights and period
            BigDecimal scaled = score.multiply(MONTHS_OF_A_QUARTER);
            String grade = grades.stream()
                    .filter(g -> scaled.compareTo(g.min().multiply(months)) >= 0)
                    .findFirst()
                    .orElseThrow()
                    .name();
            assessed.add(new Assessed(row, plain(score), grade));
        }
        return assessed;
    }

    // 30, not 3E+1 nor 30.00: as a clerk writes it, on the wire and in a spreadsheet
    private static BigDecimal plain(BigDecimal value) {
        return new BigDecimal(value.stripTrailingZeros().toPlainString());
    }

    private static long months(Period period) {
        return ChronoUnit.MONTHS.between(period.from(), period.to());
    }
}
