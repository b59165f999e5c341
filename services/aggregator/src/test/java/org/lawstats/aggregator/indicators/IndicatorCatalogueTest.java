package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.contract.EventType;

class IndicatorCatalogueTest {

    private static IndicatorCatalogue parse(String yaml) {
        return IndicatorCatalogue.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void theShippedCatalogueLoadsInItsOrder() {
        IndicatorCatalogue catalogue = IndicatorCatalogue.load(new ConfigLocation("classpath:config/indicators.yml"));

        assertThat(catalogue.all()).extracting(Indicator::id).startsWith("training.enrolled_persons");
        Indicator.Rate rate =
                (Indicator.Rate) catalogue.find("exam.participation_rate").orElseThrow();
        assertThat(rate.numerator()).isInstanceOf(Indicator.Matched.class);
        Indicator.Matched cohort = (Indicator.Matched) rate.numerator();
        assertThat(cohort.match().type()).isEqualTo(EventType.EXAM_TAKEN);
        assertThat(cohort.match().on()).containsExactly("unitId", "payload.personId", "payload.examId");
        assertThat(catalogue.bases())
                .extracting(Indicator::id)
                .contains("exam.participation_rate.numerator")
                .doesNotContain("exam.participation_rate");
    }

    @Test
    void aNewIndicatorOfAKnownKindNeedsOnlyData() {
        IndicatorCatalogue catalogue = parse("""
                indicators:
                  - id: exam.passed
                    name: 考试通过人次
                    nameEn: Exams passed
                    kind: count
                    type: exam.taken
                    where: {payload.passed: true}
                  - id: exam.pass_rate
                    name: 通过率
                    nameEn: Pass rate
                    kind: ratio
                    numerator: exam.passed
                    denominator: {count: exam.taken}
                """);

        Indicator.Rate rate = (Indicator.Rate) catalogue.find("exam.pass_rate").orElseThrow();
        assertThat(rate.apiKind()).isEqualTo("rate");
        assertThat(rate.denominator().type()).isEqualTo(EventType.EXAM_TAKEN);
        assertThat(((Indicator.Count) catalogue.find("exam.passed").orElseThrow()).where())
                .containsEntry("payload.passed", List.of("true"));
    }

    @Test
    void anOverdueCountNamesTheKindOfTimeLimitItCounts() {
        Indicator.Overdue overdue =
                (Indicator.Overdue) IndicatorCatalogue.load(new ConfigLocation("classpath:config/indicators.yml"))
                        .find("disclosure.overdue")
                        .orElseThrow();

        assertThat(overdue.apiKind()).isEqualTo("count");
        assertThat(overdue.deadline()).isEqualTo(DeadlineRule.Kind.DISCLOSURE_REPLY);
        assertThatThrownBy(() -> parse("""
                        indicators:
                          - id: late
                            name: 逾期
                            nameEn: Late
                            kind: overdue
                            type: disclosure.received
                            deadline: DISCLOSURE_ANSWER
                        """))
                .hasMessageContaining("late: deadline 'DISCLOSURE_ANSWER' is not one of [DISCLOSURE_REPLY,");
    }

    @Test
    void aMistakeInTheCatalogueStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> parse("""
                        indicators:
                          - {id: a, name: 甲, nameEn: A, kind: count, type: training.finished}
                        """)).hasMessageContaining("training.finished");
        assertThatThrownBy(() -> parse("""
                        indicators:
                          - {id: r, name: 率, nameEn: R, kind: ratio, numerator: missing, denominator: missing}
                        """)).hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("""
                        indicators:
                          - {id: d, name: 数, nameEn: D, kind: distinct, type: exam.taken, field: "x\\"; drop"}
                        """)).hasMessageContaining("not a document field");
    }
}
