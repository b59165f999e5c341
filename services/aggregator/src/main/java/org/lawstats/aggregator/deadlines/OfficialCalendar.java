package org.lawstats.aggregator.deadlines;

import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.lawstats.aggregator.ConfigLocation;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The official calendar of working days (api.md § Deadlines), from {@code config/calendar.yml}: the State Council's
 * yearly holiday notices, their holidays rest days whatever the weekday and their make-up working days (调休) working
 * days though they fall on a weekend; any other Monday to Friday works. A date in a year the calendar does not hold
 * is {@link OutsideCalendarException refused}: a time limit is never guessed from the weekdays.
 */
public final class OfficialCalendar {
    /** Asked about a date of a year whose notice the calendar does not hold. */
    public static final class OutsideCalendarException extends RuntimeException {
        private final int year;

        OutsideCalendarException(int year, NavigableSet<Integer> held) {
            super("the official calendar holds the years " + held.first() + " to " + held.last() + ", not " + year
                    + " (config/calendar.yml: add that year's notice)");
            this.year = year;
        }

        /** The year asked for. */
        public int year() {
            return year;
        }
    }

    private final NavigableSet<Integer> years;
    private final Map<LocalDate, String> holidays;
    private final Set<LocalDate> workdays;

    private OfficialCalendar(NavigableSet<Integer> years, Map<LocalDate, String> holidays, Set<LocalDate> workdays) {
        this.years = years;
        this.holidays = holidays;
        this.workdays = workdays;
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
        Set<LocalDate> workdays = new java.util.HashSet<>();
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
        return new OfficialCalendar(years, Map.copyOf(holidays), Set.copyOf(workdays));
    }

    /** Whether the office works on that day. */
    public boolean isWorkingDay(LocalDate day) {
        if (!years.contains(day.getYear())) {
            throw new OutsideCalendarException(day.getYear(), years);
        }
        if (holidays.containsKey(day)) {
            return false;
        }
        return workdays.contains(day) || !weekend(day);
    }

    /** The holiday of the notice that day falls in, or null. */
    public String holidayOn(LocalDate day) {
        return holidays.get(day);
    }

    /** The years whose notices it holds, in order. */
    public NavigableSet<Integer> years() {
        return java.util.Collections.unmodifiableNavigableSet(years);
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
