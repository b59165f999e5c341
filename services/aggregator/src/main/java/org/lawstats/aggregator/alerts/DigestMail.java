package org.lawstats.aggregator.alerts;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.lawstats.aggregator.deadlines.Deadline;
import org.lawstats.aggregator.deadlines.DeadlineRule;
import org.lawstats.aggregator.deadlines.DeadlineStore;
import org.lawstats.aggregator.registry.UnitRegistry;

/**
 * The deadline digest of one unit for one working day, as its contacts read it: plain text in Chinese, overdue
 * matters first. A matter's number comes from the unit's own systems and is only ever quoted in the body, on its
 * own line, with control characters taken out, so that no text can forge a header or another line.
 */
record DigestMail(List<String> to, String subject, String text) {

    /** How the digest names things it does not own: a kind of limit, a unit, the working days left on the day. */
    record Names(
            Function<DeadlineRule.Kind, String> kind,
            Function<String, String> unit,
            Function<Deadline, Integer> workingDaysLeft) {}

    static DigestMail of(
            UnitRegistry.Unit unit,
            LocalDate day,
            DeadlineStore.Page overdue,
            DeadlineStore.Page dueSoon,
            int dueSoonDays,
            Names names,
            String link) {
        String date = chinese(day);
        String subject =
                "【法定期限提醒】" + unit.name() + " " + date + "：已逾期" + overdue.total() + "件，即将到期" + dueSoon.total() + "件";
        StringBuilder text = new StringBuilder();
        text.append(unit.name()).append("：\n\n");
        text.append(date)
                .append("（工作日），本单位及下属单位的法定期限事项中，已逾期")
                .append(overdue.total())
                .append("件，")
                .append(dueSoonDays)
                .append("个工作日内即将到期")
                .append(dueSoon.total())
                .append("件。\n");
        section(text, "已逾期", overdue, names);
        section(text, "即将到期", dueSoon, names);
        text.append('\n');
        if (link != null && !link.isBlank()) {
            text.append("完整清单请登录法治政府建设统计系统查看：").append(link).append('\n');
        }
        text.append("本邮件由法治政府建设统计系统在每个工作日自动发送，请勿直接回复。\n");
        return new DigestMail(unit.contacts(), subject, text.toString());
    }

    private static void section(StringBuilder text, String title, DeadlineStore.Page page, Names names) {
        if (page.total() == 0) {
            return;
        }
        text.append("\n【").append(title).append("】").append(page.total()).append("件\n");
        int n = 0;
        for (Deadline deadline : page.items()) {
            Integer left = names.workingDaysLeft().apply(deadline);
            text.append(++n)
                    .append(". ")
                    .append(names.kind().apply(deadline.kind()))
                    .append("｜")
                    .append(names.unit().apply(deadline.unitId()))
                    .append("｜编号 ")
                    .append(quoted(deadline.ref()))
                    .append("｜")
                    .append(chinese(deadline.dueOn()))
                    .append("到期");
            if (left != null) {
                text.append(left < 0 ? "，已逾期" + -left + "个工作日" : left == 0 ? "，今日到期" : "，剩余" + left + "个工作日");
            }
            text.append('\n');
        }
        if (page.total() > page.items().size()) {
            text.append("另有").append(page.total() - page.items().size()).append("件未列出。\n");
        }
    }

    private static String quoted(String ref) {
        return ref.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
    }

    private static String chinese(LocalDate day) {
        return day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
    }
}
