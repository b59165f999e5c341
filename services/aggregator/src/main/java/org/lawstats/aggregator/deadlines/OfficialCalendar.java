package org.lawstats.aggregator.deadlines;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.lawstats.aggregator.ConfigLocation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The official calendar of working days (api.md § Deadlines), from {@code config/calendar.yml}: the State Council's
 * yearly holiday notices, their holidays rest days whatever the weekday and their make-up working days (调休) working
 * days though they fall on a weekend; any other Monday to Friday works.
 *
 * <p>The year after the last notice (whose notice comes out in November or December, while limits started in the
 * autumn already run into it) is counted <em>provisionally</em> when the file has a {@code provisional} rule: the
 * statutory holidays of 全国年节及纪念日放假办法 on the almanac's dates, a working day off (补假) for each one that falls
 * on a weekend or on another holiday, and no make-up working days. {@link #isProvisional} says which dates are so
 * counted; the operator adds the notice, and every limit is counted again on it ({@link DeadlineRecount}). A date of
 * any other year is {@link OutsideCalendarException refused}: a time limit is never guessed from the weekdays alone.
 */
public final class OfficialCalendar {
    /** Asked about a date of a year the calendar neither holds nor counts provisionally. */
    public static final class OutsideCalendarException extends RuntimeException {
        private final int year;

        OutsideCalendarException(int year, String held) {
            super("the official calendar holds " + held + ", not " + year
                    + " (config/calendar.yml: add that year's notice)");
            this.year = year;
        }

        /** The year asked for. */
        public int year() {
            return year;
        }
    }

    /** The almanac's dates of one year: the lunar festivals and 清明, as the observatories publish them. */
    record AlmanacYear(LocalDate chuxi, LocalDate qingming, LocalDate duanwu, LocalDate zhongqiu) {
        LocalDate on(String name) {
            return switch (name) {
                case "chuxi" -> chuxi;
                case "qingming" -> qingming;
                case "duanwu" -> duanwu;
                case "zhongqiu" -> zhongqiu;
                default -> null;
            };
        }
    }

    private final NavigableSet<Integer> years;
    private final Map<LocalDate, String> holidays;
    private final Set<LocalDate> workdays;
    /** The year counted provisionally (the year after the last notice), or 0 when the file has no provisional rule. */
    private final int provisionalYear;

    private OfficialCalendar(
            NavigableSet<Integer> years,
            Map<LocalDate, String> holidays,
            Set<LocalDate> workdays,
            int provisionalYear) {
        this.years = years;
        this.holidays = holidays;
        this.workdays = workdays;
        this.provisionalYear = provisionalYear;
    }

    /** The calendar at this location, or a start-up failure that says what is wrong with it. */
    public static OfficialCalendar load(ConfigLocation location) {
        try (InputStream in = location.open()) {
            return parse(in, location.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the official calendar " + location + ": " + e.getMessage(), e);
        }
    }

    /** The calendar this YAML defines ({@code source} names it in errors), checked against the notices' own counts. */
    public static OfficialCalendar parse(InputStream yaml, String source) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw invalid(source, "not valid YAML: " + e.getOriginalMessage());
        }
        NavigableSet<Integer> years = new TreeSet<>();
        Map<LocalDate, String> holidays = new HashMap<>();
        Map<Integer, Map<String, List<LocalDate>>> noticed = new HashMap<>();
        Set<LocalDate> workdays = new HashSet<>();
        for (JsonNode entry : tree.path("years")) {
            int year = entry.path("year").asInt(0);
            if (year < 1949 || year > 2200) {
                throw invalid(source, "a year needs year: YYYY, not " + entry.path("year"));
            }
            if (!years.add(year)) {
                throw invalid(source, year + " is defined twice");
            }
            if (!entry.path("notices").isArray() || entry.path("notices").isEmpty()) {
                throw invalid(source, year + ": cite the notice it comes from (notices: [...])");
            }
            for (JsonNode holiday : entry.path("holidays")) {
                String name = holiday.path("name").asString("");
                LocalDate from = date(holiday.path("from"), source, year + " " + name + ".from");
                LocalDate to = date(holiday.path("to"), source, year + " " + name + ".to");
                long days = ChronoUnit.DAYS.between(from, to) + 1;
                if (name.isBlank() || days < 1 || days != holiday.path("days").asLong(-1)) {
                    throw invalid(
                            source,
                            year + " " + name + ": " + from + " to " + to + " is " + days
                                    + " days, the notice says days: " + holiday.path("days"));
                }
                for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                    if (holidays.put(day, name) != null) {
                        throw invalid(source, day + " is in two holidays");
                    }
                    noticed.computeIfAbsent(year, y -> new HashMap<>())
                            .computeIfAbsent(name, n -> new ArrayList<>())
                            .add(day);
                }
            }
            for (JsonNode workday : entry.path("workdays")) {
                LocalDate day = date(workday, source, year + " workdays");
                if (!weekend(day)) {
                    throw invalid(source, day + " is a " + day.getDayOfWeek() + ": a make-up working day is a weekend");
                }
                workdays.add(day);
            }
        }
        if (years.isEmpty()) {
            throw invalid(source, "it holds no year");
        }
        for (LocalDate day : workdays) {
            if (holidays.containsKey(day)) {
                throw invalid(source, day + " is both a holiday and a make-up working day");
            }
        }
        Map<Integer, AlmanacYear> almanac = almanac(tree.path("almanac"), source);
        almanac.forEach((year, dates) -> agreesWithNotice(year, dates, noticed.get(year), source));
        int provisionalYear = 0;
        if (!tree.path("provisional").isMissingNode()) {
            provisionalYear = years.last() + 1;
            AlmanacYear dates = almanac.get(provisionalYear);
            if (dates == null) {
                throw invalid(
                        source,
                        "the almanac must hold " + provisionalYear
                                + " (the year after the last notice) to count it provisionally");
            }
            holidays.putAll(provisionalRestDays(tree.path("provisional"), provisionalYear, dates, source));
        }
        return new OfficialCalendar(years, Map.copyOf(holidays), Set.copyOf(workdays), provisionalYear);
    }

    /** Whether the office works on that day. */
    public boolean isWorkingDay(LocalDate day) {
        int year = day.getYear();
        if (!years.contains(year) && year != provisionalYear) {
            throw new OutsideCalendarException(year, held());
        }
        if (holidays.containsKey(day)) {
            return false;
        }
        return workdays.contains(day) || !weekend(day);
    }

    /** The holiday that day falls in (of the notice, or of the provisional count), or null. */
    public String holidayOn(LocalDate day) {
        return holidays.get(day);
    }

    /** The years whose notices it holds, in order. */
    public NavigableSet<Integer> years() {
        return Collections.unmodifiableNavigableSet(years);
    }

    /**
     * Whether the next year's notice is due and not here: from October of the last year with a notice (the State
     * Council publishes the next one in November or December), until an operator adds it.
     */
    public boolean nextNoticeMissing(LocalDate today) {
        return !today.isBefore(LocalDate.of(years().last(), 10, 1));
    }

    /** The year it counts provisionally (the one after the last notice), or 0 when it counts none. */
    public int provisionalYear() {
        return provisionalYear;
    }

    /** The last day it can count on: the end of the provisional year, or of the last notice's year. */
    public LocalDate lastDay() {
        return LocalDate.of(Math.max(years.last(), provisionalYear), 12, 31);
    }

    /**
     * Whether a date is counted provisionally: it lies after the last notice, so a count that reaches it (a due date, the
     * working days up to it) may change once the operator adds that year's notice.
     */
    public boolean isProvisional(LocalDate day) {
        return day != null && day.getYear() > years.last();
    }

    /** The day itself if the office works on it, else the next working day. */
    public LocalDate workingDayFrom(LocalDate day) {
        LocalDate next = day;
        while (!isWorkingDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    /**
     * The n-th day after {@code start}, or the first working day after it when it is a rest day (a limit of n calendar
     * days whose last day is not a working day ends on the next one).
     */
    public LocalDate afterCalendarDays(LocalDate start, int n) {
        return workingDayFrom(start.plusDays(n));
    }

    /** The n-th working day after {@code start} (a limit of n working days that starts the day after). */
    public LocalDate afterWorkingDays(LocalDate start, int n) {
        return afterWorkingDays(start, n, day -> false);
    }

    /** The n-th working day after {@code start} that is not {@code leftOut} (a paused limit's days). */
    public LocalDate afterWorkingDays(LocalDate start, int n, Predicate<LocalDate> leftOut) {
        if (n < 1) {
            throw new IllegalArgumentException("a limit of " + n + " working days");
        }
        LocalDate day = start;
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day) && !leftOut.test(day)) {
                counted++;
            }
        }
        return day;
    }

    /**
     * The working days after {@code from} up to and including {@code to}: how many are left from today to a due date
     * (0 when it is due today), negative (the working days since) when {@code to} is before {@code from}.
     */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    private String held() {
        return "the years " + years.first() + " to " + years.last()
                + (provisionalYear == 0 ? "" : " and " + provisionalYear + " provisionally");
    }

    /**
     * The rest days of the provisional year: each statutory holiday of the rule on its date (a month-day, or a date of
     * the almanac), then, in date order, a working day off (补假) after each holiday day that falls on a Saturday or a
     * Sunday (第六条), or on a day another holiday already takes (the notices give that day too: 2020's 国庆节、中秋节
     * were 8 days).
     */
    private static Map<LocalDate, String> provisionalRestDays(
            JsonNode rule, int year, AlmanacYear dates, String source) {
        if (rule.path("basis").asString("").isBlank()) {
            throw invalid(source, "provisional: cite the rule it follows (basis: ...)");
        }
        TreeMap<LocalDate, String> statutory = new TreeMap<>();
        List<LocalDate> owed = new ArrayList<>();
        for (JsonNode holiday : rule.path("holidays")) {
            String name = holiday.path("name").asString("");
            String from = holiday.path("from").asString("");
            int days = holiday.path("days").asInt(0);
            LocalDate first = dates.on(from);
            if (first == null) {
                try {
                    first = MonthDay.parse("--" + from).atYear(year);
                } catch (DateTimeException e) {
                    throw invalid(
                            source,
                            "provisional " + name
                                    + ": from must be MM-DD or one of chuxi, qingming, duanwu, zhongqiu, not '" + from
                                    + "'");
                }
            }
            if (name.isBlank() || days < 1 || days > 7) {
                throw invalid(source, "provisional " + name + ": a holiday needs a name and 1 to 7 days");
            }
            for (int i = 0; i < days; i++) {
                LocalDate day = first.plusDays(i);
                if (statutory.putIfAbsent(day, name) != null || weekend(day)) {
                    owed.add(day);
                }
            }
        }
        if (statutory.isEmpty()) {
            throw invalid(source, "provisional: list the statutory holidays (holidays: [...])");
        }
        Map<LocalDate, String> rest = new HashMap<>(statutory);
        if (rule.path("makeUpForWeekends").asBoolean(false)) {
            owed.sort(null);
            for (LocalDate day : owed) {
                LocalDate off = day.plusDays(1);
                while (weekend(off) || rest.containsKey(off)) {
                    off = off.plusDays(1);
                }
                rest.put(off, statutory.get(day) + "补假");
            }
        }
        return rest;
    }

    private static Map<Integer, AlmanacYear> almanac(JsonNode almanac, String source) {
        Map<Integer, AlmanacYear> years = new HashMap<>();
        if (almanac.isMissingNode()) {
            return years;
        }
        if (almanac.path("source").asString("").isBlank()) {
            throw invalid(source, "almanac: cite the tables it copies (source: ...)");
        }
        for (JsonNode entry : almanac.path("years")) {
            int year = entry.path("year").asInt(0);
            AlmanacYear dates = new AlmanacYear(
                    date(entry.path("chuxi"), source, "almanac " + year + " chuxi"),
                    date(entry.path("qingming"), source, "almanac " + year + " qingming"),
                    date(entry.path("duanwu"), source, "almanac " + year + " duanwu"),
                    date(entry.path("zhongqiu"), source, "almanac " + year + " zhongqiu"));
            // The festivals' possible spans: a date outside them is a typo, not astronomy.
            within(dates.chuxi(), year, "01-20", "02-19", source, "chuxi");
            within(dates.qingming(), year, "04-03", "04-06", source, "qingming");
            within(dates.duanwu(), year, "05-27", "06-26", source, "duanwu");
            within(dates.zhongqiu(), year, "09-06", "10-09", source, "zhongqiu");
            if (years.put(year, dates) != null) {
                throw invalid(source, "almanac: " + year + " is defined twice");
            }
        }
        return years;
    }

    private static void within(LocalDate day, int year, String from, String to, String source, String name) {
        if (day.isBefore(MonthDay.parse("--" + from).atYear(year))
                || day.isAfter(MonthDay.parse("--" + to).atYear(year))) {
            throw invalid(
                    source, "almanac " + year + " " + name + ": " + day + " is not between " + from + " and " + to);
        }
    }

    /**
     * Where a year has both a notice and almanac dates, each festival lies in the notice's holiday of that name (春节
     * from 正月初一: before 2025 除夕 was not always a holiday): two authorities that must agree.
     */
    private static void agreesWithNotice(
            int year, AlmanacYear dates, Map<String, List<LocalDate>> notice, String source) {
        if (notice == null) {
            return;
        }
        Map<String, LocalDate> festivals = Map.of(
                "春节", dates.chuxi().plusDays(1),
                "清明", dates.qingming(),
                "端午", dates.duanwu(),
                "中秋", dates.zhongqiu());
        festivals.forEach((festival, day) -> {
            List<List<LocalDate>> named = notice.entrySet().stream()
                    .filter(h -> h.getKey().contains(festival))
                    .map(Map.Entry::getValue)
                    .toList();
            if (!named.isEmpty() && named.stream().noneMatch(days -> days.contains(day))) {
                throw invalid(
                        source,
                        "almanac " + year + ": " + festival + " on " + day + " is not in the notice's " + festival
                                + " holiday");
            }
        });
    }

    private static boolean weekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static LocalDate date(JsonNode node, String source, String where) {
        try {
            return LocalDate.parse(node.asString(""));
        } catch (DateTimeException e) {
            throw invalid(source, where + ": '" + node.asString("") + "' is not a date YYYY-MM-DD");
        }
    }

    private static IllegalStateException invalid(String source, String problem) {
        return new IllegalStateException("the official calendar " + source + " is invalid: " + problem);
    }
}
