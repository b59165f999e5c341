package org.lawstats.aggregator.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.lawstats.aggregator.deadlines.DeadlineRule.Kind;
import org.lawstats.aggregator.deadlines.DeadlineRule.Stop;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * For random receipts across 2020-2026 with random extensions and suspensions, the reply deadline equals a plain
 * reference calculation made straight from the calendar's data (every working day listed in order, the n-th one
 * taken), and never falls on a rest day.
 */
class DeadlinePropertyTest {
    private static final DeadlineRule REPLY = DeadlineRuleTest.RULES.rule(Kind.DISCLOSURE_REPLY);
    private static final OfficialCalendar CALENDAR = OfficialCalendarTest.SHIPPED;
    private static final List<LocalDate> WORKING_DAYS = workingDaysFromTheData();
    private static final Set<LocalDate> REST_DAYS = restDaysFromTheData();

    record Request(LocalDate receivedOn, int extendedBy, List<Stop> stops) {}

    @Property(tries = 2000)
    void theDueDateIsTheReferenceCalculationAndAWorkingDay(@ForAll("requests") Request request) {
        LocalDate due = REPLY.dueOn(CALENDAR, request.receivedOn(), request.extendedBy(), request.stops())
                .orElse(null);

        assertThat(due).as(request.toString()).isEqualTo(reference(request));
        if (due != null) {
            assertThat(REST_DAYS).as("a rest day per the notices").doesNotContain(due);
            assertThat(CALENDAR.isWorkingDay(due)).isTrue();
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        // Receipts late enough in 2026 would run into 2027, which the calendar does not hold.
        Arbitrary<LocalDate> received = Arbitraries.longs()
                .between(
                        LocalDate.parse("2020-01-01").toEpochDay(),
                        LocalDate.parse("2026-07-31").toEpochDay())
                .map(LocalDate::ofEpochDay);
        Arbitrary<Integer> extension = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 20)));
        return Combinators.combine(received, extension, stopsShape()).as((on, ext, shape) -> {
            List<Stop> stops = new ArrayList<>();
            for (int[] s : shape) {
                LocalDate suspended = on.plusDays(s[0]);
                LocalDate resumed = s[2] < 0 ? null : suspended.plusDays(s[2]);
                stops.add(new Stop(suspended, s[1] == 0 ? "CORRECTION" : "THIRD_PARTY", resumed));
            }
            return new Request(on, ext, stops);
        });
    }

    /** Up to three stops: days after receipt, the reason, days until resumption (-1: not resumed). */
    private static Arbitrary<List<int[]>> stopsShape() {
        Arbitrary<int[]> stop = Combinators.combine(
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 20)),
                                net.jqwik.api.Tuple.of(1, Arbitraries.just(-1))))
                .as((after, reason, length) -> new int[] {after, reason, length});
        return stop.list().ofMaxSize(3);
    }

    /** The rule of api.md, counted on the list of working days: the n-th one after the clock's start not paused. */
    private static LocalDate reference(Request request) {
        int limit = 20 + Math.min(request.extendedBy(), 20);
        LocalDate start = request.receivedOn();
        List<Stop> pauses = new ArrayList<>();
        List<Stop> stops = new ArrayList<>(request.stops());
        stops.sort(Comparator.comparing(Stop::suspendedOn));
        LocalDate due = nth(start, limit, pauses);
        for (Stop stop : stops) {
            if (stop.suspendedOn().isAfter(due)) {
                continue;
            }
            if (stop.resumedOn() == null) {
                return null;
            }
            if (stop.reason().equals("CORRECTION")) {
                start = stop.resumedOn();
                pauses.clear();
            } else {
                pauses.add(stop);
            }
            due = nth(start, limit, pauses);
        }
        return due;
    }

    private static LocalDate nth(LocalDate start, int n, List<Stop> pauses) {
        List<LocalDate> counted = WORKING_DAYS.stream()
                .filter(day -> day.isAfter(start))
                .filter(day ->
                        pauses.stream().noneMatch(p -> day.isAfter(p.suspendedOn()) && !day.isAfter(p.resumedOn())))
                .limit(n)
                .toList();
        return counted.get(n - 1);
    }

    private static List<LocalDate> workingDaysFromTheData() {
        Set<LocalDate> rest = restDaysFromTheData();
        Set<LocalDate> workdays = new HashSet<>();
        calendarData()
                .path("years")
                .forEach(year -> year.path("workdays").forEach(day -> workdays.add(LocalDate.parse(day.asString()))));
        List<LocalDate> working = new ArrayList<>();
        for (LocalDate day = LocalDate.parse("2020-01-01");
                day.isBefore(LocalDate.parse("2027-01-01"));
                day = day.plusDays(1)) {
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (!rest.contains(day) && (!weekend || workdays.contains(day))) {
                working.add(day);
            }
        }
        return working;
    }

    /** Every holiday of the notices, and every weekend day that is not a make-up working day. */
    private static Set<LocalDate> restDaysFromTheData() {
        Set<LocalDate> rest = new HashSet<>();
        Set<LocalDate> workdays = new HashSet<>();
        calendarData().path("years").forEach(year -> {
            year.path("holidays").forEach(h -> {
                for (LocalDate day = LocalDate.parse(h.path("from").asString());
                        !day.isAfter(LocalDate.parse(h.path("to").asString()));
                        day = day.plusDays(1)) {
                    rest.add(day);
                }
            });
            year.path("workdays").forEach(day -> workdays.add(LocalDate.parse(day.asString())));
        });
        for (LocalDate day = LocalDate.parse("2020-01-01");
                day.isBefore(LocalDate.parse("2027-01-01"));
                day = day.plusDays(1)) {
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (weekend && !workdays.contains(day)) {
                rest.add(day);
            }
        }
        return rest;
    }

    private static JsonNode calendarData() {
        try (InputStream in = DeadlinePropertyTest.class.getClassLoader().getResourceAsStream("config/calendar.yml")) {
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
