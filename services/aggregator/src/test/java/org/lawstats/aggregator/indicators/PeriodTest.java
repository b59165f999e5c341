package org.lawstats.aggregator.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @ParameterizedTest
    @CsvSource({
        "2024,    2024-01-01T00:00+08:00, 2025-01-01T00:00+08:00",
        "2024-Q1, 2024-01-01T00:00+08:00, 2024-04-01T00:00+08:00",
        "2024-Q4, 2024-10-01T00:00+08:00, 2025-01-01T00:00+08:00",
        "2024-02, 2024-02-01T00:00+08:00, 2024-03-01T00:00+08:00",
        "2024-12, 2024-12-01T00:00+08:00, 2025-01-01T00:00+08:00"
    })
    void aPeriodIsAHalfOpenIntervalInTheRegistrysZone(String label, String from, String to) {
        Period period = Period.parse(label, SHANGHAI);

        assertThat(period.from().toOffsetDateTime())
                .isEqualTo(ZonedDateTime.parse(from).toOffsetDateTime());
        assertThat(period.to().toOffsetDateTime())
                .isEqualTo(ZonedDateTime.parse(to).toOffsetDateTime());
    }

    @ParameterizedTest
    @CsvSource({
        "2026,    2026-11-27, 2026-01-01T00:00+08:00, 2026-11-28T00:00+08:00",
        "2025,    2026-11-27, 2025-01-01T00:00+08:00, 2025-11-28T00:00+08:00",
        "2025,    2024-02-29, 2025-01-01T00:00+08:00, 2025-03-01T00:00+08:00",
        "2024,    2024-02-29, 2024-01-01T00:00+08:00, 2024-03-01T00:00+08:00",
        "2025,    2026-12-31, 2025-01-01T00:00+08:00, 2026-01-01T00:00+08:00",
        "2026-Q4, 2026-11-27, 2026-10-01T00:00+08:00, 2026-11-28T00:00+08:00",
        "2025-Q4, 2026-11-27, 2025-10-01T00:00+08:00, 2025-11-28T00:00+08:00",
        "2026-Q1, 2026-11-27, 2026-01-01T00:00+08:00, 2026-04-01T00:00+08:00",
        "2026-12, 2026-11-27, 2026-12-01T00:00+08:00, 2026-12-01T00:00+08:00"
    })
    void toDateCutsAPeriodAtTodaysMonthAndDayInItsOwnYear(String label, String today, String from, String to) {
        Period period = Period.parse(label, SHANGHAI).toDate(LocalDate.parse(today));

        assertThat(period.from().toOffsetDateTime())
                .isEqualTo(ZonedDateTime.parse(from).toOffsetDateTime());
        assertThat(period.to().toOffsetDateTime())
                .isEqualTo(ZonedDateTime.parse(to).toOffsetDateTime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24", "2024-13", "2024-00", "2024-Q0", "2024-Q5", "2024-1", "2024/01", "２０２４"})
    void anythingElseIsRejectedWithTheAcceptedForms(String label) {
        assertThatThrownBy(() -> Period.parse(label, SHANGHAI))
                .isInstanceOf(Period.InvalidPeriodException.class)
                .hasMessageContaining("YYYY-Qn");
    }

    @Test
    void todaysQuarterIsTheQuarterItsMonthFallsIn() {
        assertThat(Period.quarterOf(LocalDate.of(2024, 3, 31), SHANGHAI).label())
                .isEqualTo("2024-Q1");
        assertThat(Period.quarterOf(LocalDate.of(2024, 4, 1), SHANGHAI).label()).isEqualTo("2024-Q2");
        assertThat(Period.quarterOf(LocalDate.of(2024, 12, 31), SHANGHAI).label())
                .isEqualTo("2024-Q4");
    }
}
