package org.lawstats.aggregator.reports;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lawstats.aggregator.ConfigLocation;
import org.lawstats.aggregator.indicators.AsReported;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.springframework.stereotype.Service;

/**
 * The statistics part of a unit's annual rule-of-law government report (法治政府建设情况报告), as Markdown: the
 * template's wording with every {@code {indicator.id}} replaced by that indicator's value for the year and the
 * unit's subtree ({@code {id|percent}} writes a rate as a percentage). The template is data: a district changes the
 * wording without code; a placeholder that names no indicator stops the start.
 */
@Service
public class AnnualReport {
    private static final DateTimeFormatter LOCKED_AT = DateTimeFormatter.ofPattern("uuuu年M月d日HH:mm");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)(\\|percent)?}");

    private final String template;
    private final StatsService stats;
    private final UnitRegistry registry;

    AnnualReport(ReportProperties properties, StatsService stats, IndicatorCatalogue catalogue, UnitRegistry registry) {
        ConfigLocation location = new ConfigLocation(properties.annualTemplate());
        try (InputStream in = location.open()) {
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the report template " + location + ": " + e.getMessage(), e);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (!name.equals("year")
                    && !name.equals("unitName")
                    && catalogue.find(name).isEmpty()) {
                throw new IllegalStateException(
                        "the report template " + location + " names {" + name + "}, which is not an indicator");
            }
        }
        this.stats = stats;
        this.registry = registry;
    }

    /** The report of a year for a unit's subtree, in Markdown, from the live figures. */
    public String markdown(int year, String unitId) {
        return markdown(year, unitId, null);
    }

    /**
     * The report of a year for a unit's subtree, in Markdown: from the year's lock when {@code reported} is given (the
     * figures as sent, and a last line saying which lock and when), from the live figures otherwise.
     */
    String markdown(int year, String unitId, AsReported.Report reported) {
        Period period = Period.parse(Integer.toString(year), registry.zone());
        Map<String, Number> values = reported == null
                ? stats.compute(period, unitId, FiguresView.Scope.SUBTREE)
                : stats.computeOver(reported.basis(), period, registry.subtree(unitId));
        String unitName = registry.find(unitId).orElseThrow().name();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String text = switch (name) {
                case "year" -> Integer.toString(year);
                case "unitName" -> unitName;
                default -> format(values.get(name), m.group(2) != null);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        if (reported != null) {
            out.append("\n\n（本报告数据为")
                    .append(year)
                    .append("年度报表锁定版本")
                    .append(reported.lockVersion())
                    .append("所载数据，锁定于")
                    .append(LOCKED_AT.format(reported.reportedAt().atZone(registry.zone())))
                    .append("。）\n");
        }
        return out.toString();
    }

    /** Counts as plain digits; rates as percentages with at most two decimals (100%, 96.55%); none as —. */
    static String format(Number value, boolean percent) {
        if (value == null) {
            return "—";
        }
        if (!percent) {
            return value instanceof Double d
                    ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                    : value.toString();
        }
        BigDecimal hundred = BigDecimal.valueOf(value.doubleValue())
                .multiply(BigDecimal.valueOf(100))
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return hundred.toPlainString() + "%";
    }
}
