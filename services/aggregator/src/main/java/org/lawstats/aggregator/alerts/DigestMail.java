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
 * matters first. A matter's number comes from the unit's own systems: it is only ever quoted in the body, on its own
 * line, with control and format characters taken out (no forged line, no text reversed by U+202E, no invisible
 * characters) and at most {@link #QUOTED} characters long, so that a unit cannot write an official mail's content.
 */
record DigestMail(List<String> to, String subject, String text) {
    /**
     * The most characters of a unit's text the mail quotes: a request number or a case number (such as
     * "(2024)津0104行初123号") is far shorter; the rest of a longer one is cut with an ellipsis.
     */
    static final int QUOTED = 64;

    /**
     * How the digest names things it does not own: a kind of limit, a unit, the working days left on the day, and
     * whether what it says of a matter is provisional (counted over a year without its holiday notice).
     */
    record Names(
            Function<DeadlineRule.Kind, String> kind,
            Function<String, String> unit,
            Function<Deadline, Integer> workingDaysLeft,
            Function<Deadline, Boolean> provisional) {}

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
        boolean provisional = section(text, Deadline.Status.OVERDUE.label(), overdue, names)
                | section(text, Deadline.Status.DUE_SOON.label(), dueSoon, names);
        text.append('\n');
        if (provisional) {
            text.append("注：标“暂定”的到期日所在年份的国务院节假日安排通知尚未收录，暂按《全国年节及纪念日放假办法》规定的").append("法定节假日和周末推算（未计调休），收录通知后将重新计算。\n");
        }
        if (link != null && !link.isBlank()) {
            text.append("完整清单请登录法治政府建设统计系统查看：").append(link).append('\n');
        }
        text.append("本邮件由法治政府建设统计系统在每个工作日自动发送，请勿直接回复。\n");
        return new DigestMail(unit.contacts(), subject, text.toString());
    }

    /** Lists one status's matters; whether any of them is provisional. */
    private static boolean section(StringBuilder text, String title, DeadlineStore.Page page, Names names) {
        if (page.total() == 0) {
            return false;
        }
        boolean provisional = false;
        text.append("\n【").append(title).append("】").append(page.total()).append("件\n");
        int n = 0;
        for (Deadline deadline : page.items()) {
            Integer left = names.workingDaysLeft().apply(deadline);
            text.append(++n)
                    .append(". ")
                    .append(names.kind().apply(deadline.kind()))
                    .append("｜")
                    .append(quoted(names.unit().apply(deadline.unitId())))
                    .append("｜编号 ")
                    .append(quoted(deadline.ref()))
                    .append("｜")
                    .append(chinese(deadline.dueOn()))
                    .append("到期");
            if (names.provisional().apply(deadline)) {
                text.append("（暂定）");
                provisional = true;
            }
            if (left != null) {
                text.append(left < 0 ? "，已逾期" + -left + "个工作日" : left == 0 ? "，今日到期" : "，剩余" + left + "个工作日");
            }
            text.append('\n');
        }
        if (page.total() > page.items().size()) {
            text.append("另有").append(page.total() - page.items().size()).append("件未列出。\n");
        }
        return provisional;
    }

    /**
     * A unit's text as the mail quotes it: line breaks and other control characters (Cc, and the line and paragraph
     * separators) as spaces, format characters (Cf: bidirectional overrides, zero-width characters) removed, runs of
     * spaces as one, and at most {@link #QUOTED} characters.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.FORMAT) {
                return;
            }
            boolean space = type == Character.CONTROL
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || Character.isWhitespace(c);
            if (space) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        String clean = out.toString().strip();
        if (clean.codePointCount(0, clean.length()) <= QUOTED) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, QUOTED)) + "…";
    }

    private static String chinese(LocalDate day) {
        return day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
    }
}
