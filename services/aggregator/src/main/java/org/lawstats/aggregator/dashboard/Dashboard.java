package org.lawstats.aggregator.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.lawstats.aggregator.completeness.Completeness;
import org.lawstats.aggregator.deadlines.DeadlinePanel;
import org.lawstats.aggregator.indicators.AsReported;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.stereotype.Service;

/**
 * Everything the leaders' dashboard shows for a period and a subtree, in one answer: a dashboard that asked for each
 * card, month and count on its own sent two dozen requests on every load and every live notice.
 */
@Service
class Dashboard {
    private final StatsService stats;
    private final DeadlinePanel deadlines;
    private final Completeness completeness;
    private final UnitRegistry registry;
    private final AsReported reported;
    private final Clock clock;
    private final DashboardProperties properties;

    Dashboard(
            StatsService stats,
            DeadlinePanel deadlines,
            Completeness completeness,
            UnitRegistry registry,
            AsReported reported,
            Clock clock,
            DashboardProperties properties) {
        this.stats = stats;
        this.reported = reported;
        this.deadlines = deadlines;
        this.completeness = completeness;
        this.registry = registry;
        this.clock = clock;
        this.properties = properties;
        IndicatorCatalogue catalogue = stats.catalogue();
        Stream.concat(
                        Stream.of(properties.rankBy()),
                        Stream.concat(properties.cards().stream(), properties.trend().stream()))
                .filter(id -> catalogue.find(id).isEmpty())
                .findFirst()
                .ifPresent(id -> {
                    throw new IllegalStateException(
                            "config/dashboard.yml names " + id + ", which is not an indicator of the catalogue");
                });
    }

    /** One card: the figure and last year's over the same span (null: a rate over zero). */
    record Card(String indicator, String name, String kind, Number value, Number previous) {}

    /** One line of the trend: a value per month, null for the months that have not begun. */
    record Series(String indicator, String name, List<Number> values) {}

    /** One child unit's subtree figures, for the ranking (every indicator, so any may rank them). */
    record Ranked(String unitId, String unitName, Map<String, Number> values) {}

    /** An indicator the ranking may be by. */
    record Choice(String indicator, String name) {}

    /**
     * @param toDate whether the period (this year's) and last year's are cut at today's month and day
     * @param quarter the quarter {@code silentUnits} counts: today's
     * @param silentUnits units of the subtree with no counted event of any family in that quarter
     * @param lockVersion as reported: the lock the cards, trend and ranking come from (null: live)
     * @param reportedAt as reported: when that lock was made
     * @param previousReportedAt as reported: when last year's lock that the cards compare with was made (null: last
     *     year has no lock, and the comparison is with its live figures)
     */
    record View(
            String period,
            String previousPeriod,
            boolean toDate,
            String unit,
            String unitName,
            String today,
            List<Card> cards,
            List<String> months,
            List<Series> trend,
            String rankBy,
            List<Choice> rankings,
            List<Ranked> ranking,
            DeadlinePanel.Panel deadlines,
            String quarter,
            long silentUnits,
            String asOf,
            Integer lockVersion,
            String reportedAt,
            String previousReportedAt) {}

    /**
     * The dashboard of {@code whole} (a year, quarter or month, as parsed) for the unit's subtree; {@code asReported}: its cards, trend and ranking from the
     * lock over that period (404 without one), compared with last year's lock when there is one. The time limits and
     * the silent units are today's work and stay live.
     */
    View of(Period whole, String unitId, boolean asReported) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), registry.zone());
        int year = Integer.parseInt(whole.label().substring(0, 4));
        Optional<AsReported.Report> report =
                asReported ? Optional.of(reported.require(whole, unitId, null)) : Optional.empty();
        // The current year (or a part of it) is cut at today on both sides, so that a year to date compares with the
        // same span of last year rather than with last year as a whole. A period as reported is whole.
        boolean toDate = report.isEmpty() && year == today.getYear();
        Period period = toDate ? whole.toDate(today) : whole;
        Period wholeBefore = Period.parse((year - 1) + whole.label().substring(4), registry.zone());
        Period before = toDate ? wholeBefore.toDate(today) : wholeBefore;
        Optional<AsReported.Report> lastReport =
                report.isPresent() ? reported.find(before, unitId, null) : Optional.empty();
        Map<String, Number> now = figures(report, period, unitId);
        Map<String, Number> last = figures(lastReport, before, unitId);
        IndicatorCatalogue catalogue = stats.catalogue();
        List<Card> cards = properties.cards().stream()
                .map(id -> {
                    Indicator indicator = catalogue.find(id).orElseThrow();
                    return new Card(id, indicator.name(), indicator.apiKind(), now.get(id), last.get(id));
                })
                .toList();

        List<String> months = new ArrayList<>();
        List<Map<String, Number>> monthly = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            YearMonth month = YearMonth.of(year, m);
            months.add(month.toString());
            // Months that have not begun are gaps, not zeros: a line falling to 0 in December would read as a collapse.
            // As reported, the lock holds its period's months only.
            Period monthPeriod = Period.parse(month.toString(), registry.zone());
            boolean outside =
                    report.isPresent() && !period.contains(monthPeriod.from().toInstant());
            monthly.add(month.isAfter(YearMonth.from(today)) || outside ? null : figures(report, monthPeriod, unitId));
        }
        List<Series> trend = properties.trend().stream()
                .map(id -> new Series(
                        id,
                        catalogue.find(id).orElseThrow().name(),
                        monthly.stream().map(v -> v == null ? null : v.get(id)).toList()))
                .toList();

        List<Ranked> ranking = registry.children(unitId).stream()
                .map(child -> new Ranked(child.id(), child.name(), figures(report, period, child.id())))
                .toList();
        List<Choice> rankings = catalogue.all().stream()
                .filter(i -> !(i instanceof Indicator.Rate))
                .map(i -> new Choice(i.id(), i.name()))
                .toList();

        Period quarter = Period.quarterOf(today, registry.zone());
        long silent = completeness.of(quarter, unitId).stream()
                .filter(row -> row.silent().size() == row.families().size())
                .count();
        return new View(
                period.label(),
                before.label(),
                toDate,
                unitId,
                registry.find(unitId).orElseThrow().name(),
                today.toString(),
                cards,
                months,
                trend,
                properties.rankBy(),
                rankings,
                ranking,
                deadlines.of(registry.subtree(unitId), properties.listed()),
                quarter.label(),
                silent,
                zoned(report.map(AsReported.Report::reportedAt).orElseGet(clock::instant)),
                report.map(AsReported.Report::lockVersion).orElse(null),
                report.map(r -> r.reportedAt(registry.zone())).orElse(null),
                lastReport.map(r -> r.reportedAt(registry.zone())).orElse(null));
    }

    /** A subtree's figures: from the lock when there is one, live otherwise. */
    private Map<String, Number> figures(Optional<AsReported.Report> report, Period period, String unitId) {
        return report.map(r -> stats.computeOver(r.basis(), period, registry.subtree(unitId)))
                .orElseGet(() -> stats.compute(period, unitId, FiguresView.Scope.SUBTREE));
    }

    private String zoned(Instant instant) {
        return OffsetDateTime.ofInstant(instant, registry.zone()).toString();
    }
}
