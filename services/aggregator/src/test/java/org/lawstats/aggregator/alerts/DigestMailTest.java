package org.lawstats.aggregator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.aggregator.deadlines.DeadlineStore;
import org.lawstats.aggregator.registry.UnitRegistry;

class DigestMailTest {
    private static final UnitRegistry.Unit OFFICE =
            new UnitRegistry.Unit("nk.gov-office", "南开区人民政府办公室", "nk", List.of("fzb@example.gov.cn"));
    private static final DigestMail.Names NAMES = new DigestMail.Names(
            kind -> kind == DeadlineRule.Kind.DISCLOSURE_REPLY ? "依申请公开答复期限" : "行政诉讼答辩期限",
            unit -> "办公室",
            deadline -> deadline.dueOn().isBefore(LocalDate.of(2024, 10, 12)) ? -3 : 2,
            deadline -> deadline.dueOn().getYear() > 2026);

    private static Deadline request(String ref, LocalDate dueOn) {
        return new Deadline(
                DeadlineRule.Kind.DISCLOSURE_REPLY,
                "nk.gov-office",
                ref,
                dueOn.minusDays(28),
                dueOn,
                0,
                List.of(),
                null,
                0,
                dueOn.getYear() > 2026);
    }

    @Test
    void theDigestCountsListsOverdueFirstAndSaysWhatIsLeftOut() {
        DigestMail mail = DigestMail.of(
                OFFICE,
                LocalDate.of(2024, 10, 12),
                new DeadlineStore.Page(3, List.of(request("req-1", LocalDate.of(2024, 10, 9)))),
                new DeadlineStore.Page(1, List.of(request("req-2", LocalDate.of(2024, 10, 15)))),
                5,
                NAMES,
                "http://lawstats.example.gov.cn/");

        assertThat(mail.to()).containsExactly("fzb@example.gov.cn");
        assertThat(mail.subject()).isEqualTo("【法定期限提醒】南开区人民政府办公室 2024年10月12日：已逾期3件，即将到期1件");
        assertThat(mail.text())
                .contains("2024年10月12日（工作日），本单位及下属单位的法定期限事项中，已逾期3件，5个工作日内即将到期1件。")
                .contains("1. 依申请公开答复期限｜办公室｜编号 req-1｜2024年10月9日到期，已逾期3个工作日\n")
                .contains("另有2件未列出。")
                .contains("1. 依申请公开答复期限｜办公室｜编号 req-2｜2024年10月15日到期，剩余2个工作日\n")
                .contains("http://lawstats.example.gov.cn/");
        assertThat(mail.text().indexOf("【已逾期】3件")).isLessThan(mail.text().indexOf("【即将到期】1件"));
    }

    @Test
    void aNumberFromAUnitCannotAddLinesToTheMail() {
        DigestMail mail = DigestMail.of(
                OFFICE,
                LocalDate.of(2024, 10, 12),
                new DeadlineStore.Page(1, List.of(request("req-9\r\n2. 伪造的一行\u2028", LocalDate.of(2024, 10, 9)))),
                new DeadlineStore.Page(0, List.of()),
                5,
                NAMES,
                "");

        assertThat(mail.text())
                .contains("编号 req-9 2. 伪造的一行｜")
                .doesNotContain("【即将到期】")
                .doesNotContain("完整清单");
    }

    @Test
    void aUnitsTextIsQuotedWithoutFormatOrControlCharactersAndCut() {
        String reversed = "\u202Egnp.exe" + "码".repeat(3_990) + "\u200B\u0007";

        String quoted = DigestMail.quoted(reversed);

        assertThat(quoted).startsWith("gnp.exe码").endsWith("…").doesNotContain("\u202E", "\u200B", "\u0007");
        assertThat(quoted.codePointCount(0, quoted.length())).isEqualTo(DigestMail.QUOTED + 1);
        assertThat(DigestMail.quoted("𠀀".repeat(100)))
                .as("cut between characters, never inside a surrogate pair")
                .isEqualTo("𠀀".repeat(DigestMail.QUOTED) + "…");
        DigestMail mail = DigestMail.of(
                OFFICE,
                LocalDate.of(2024, 10, 12),
                new DeadlineStore.Page(1, List.of(request(reversed, LocalDate.of(2024, 10, 9)))),
                new DeadlineStore.Page(0, List.of()),
                5,
                NAMES,
                "");
        assertThat(mail.text())
                .contains("编号 " + quoted + "｜")
                .doesNotContain("\u202E")
                .hasSizeLessThan(1_000);
    }

    @Test
    void aDueDateCountedWithoutItsYearsNoticeIsMarkedAndExplained() {
        DigestMail mail = DigestMail.of(
                OFFICE,
                LocalDate.of(2026, 12, 28),
                new DeadlineStore.Page(0, List.of()),
                new DeadlineStore.Page(
                        2,
                        List.of(
                                request("req-2026", LocalDate.of(2026, 12, 31)),
                                request("req-2027", LocalDate.of(2027, 1, 4)))),
                5,
                NAMES,
                "");

        assertThat(mail.text())
                .contains("编号 req-2026｜2026年12月31日到期，剩余2个工作日\n")
                .contains("编号 req-2027｜2027年1月4日到期（暂定），剩余2个工作日\n")
                .contains("注：标“暂定”的到期日所在年份的国务院节假日安排通知尚未收录");
        assertThat(DigestMail.of(
                                OFFICE,
                                LocalDate.of(2024, 10, 12),
                                new DeadlineStore.Page(1, List.of(request("req-1", LocalDate.of(2024, 10, 9)))),
                                new DeadlineStore.Page(0, List.of()),
                                5,
                                NAMES,
                                "")
                        .text())
                .doesNotContain("暂定");
    }
}
