package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.lawstats.aggregator.indicators.FiguresView;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.IndicatorCatalogue;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.topology.EventTopologyTest;
import org.lawstats.devstack.stack.AggregatorProcess;
import tools.jackson.databind.JsonNode;

/**
 * Every indicator is defined once (config/indicators.yml) and evaluated two ways: by the searches of the aggregator
 * over the documents in Elasticsearch ({@code /api/v1/admin/stats/search}), and by the stream topology over the events.
 * Over the same generated events (persons shared across units, revisions, retractions, duplicates, joins, cohorts,
 * invalid records) both give every figure of every unit, scope and period alike.
 */
class IndicatorDefinitionIT {
    private static final List<String> UNITS = List.of("t.check", "t.check.a", "t.check.a.x", "t.check.b");

    @Example // jqwik: the generator of EventTopologyTest runs on its threads only
    void theSearchesAndTheStreamGiveEveryFigureAlike() throws Exception {
        SeparateAggregator aggregator = new SeparateAggregator(
                "definition-check",
                "definition-events",
                TestInfrastructure.get().elasticsearchUri());
        // The search keeps the first identity of an event that arrives (ADR 5), the stream the lowest revision's
        // (events.md 1.1): they agree on everything else, so no revision here changes an identity.
        List<EventTopologyTest.Sent> sent = EventTopologyTest.batches(
                new EventTopologyTest.Generation(UNITS, false, false), 8, "check-", new Random(4242L));
        try (AggregatorProcess process = aggregator.start("definition-aggregator.log", Map.of());
                EventTopologyTest.Run stream = new EventTopologyTest.Run()) {
            for (EventTopologyTest.Sent record : sent) {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                IntegrationTest.producer().send(new ProducerRecord<>(record.topic(), key, record.value()));
                stream.send(record);
            }
            IntegrationTest.producer().flush();
            await().atMost(Duration.ofMinutes(2)).until(() -> aggregator.lag() == 0);
            assertThat(aggregator.documentsOf("t.check.a"))
                    .as("refreshed, and stored")
                    .isPositive();

            FiguresView view = stream.figures();
            for (String unit : UNITS) {
                for (Period period : EventTopologyTest.periods()) {
                    String query = "?period=" + period.label() + "&unit=" + unit;
                    JsonNode subtree = SeparateAggregator.getJson(process, "/api/v1/admin/stats/search" + query);
                    assertThat(figures(subtree))
                            .as("%s %s subtree", unit, period.label())
                            .isEqualTo(figures(view.values(period, unit, FiguresView.Scope.SUBTREE)
                                    .orElseThrow()));
                    JsonNode self =
                            SeparateAggregator.getJson(process, "/api/v1/admin/stats/search" + query + "&scope=self");
                    assertThat(figures(self))
                            .as("%s %s self", unit, period.label())
                            .isEqualTo(figures(view.values(period, unit, FiguresView.Scope.SELF)
                                    .orElseThrow()));
                }
            }
            // The packaged jar reads an Excel ledger too (its run-time dependencies, not the tests'): a preview.
            byte[] ledger;
            try (var workbook = new XSSFWorkbook();
                    var out = new ByteArrayOutputStream()) {
                var sheet = workbook.createSheet("台账");
                String[][] rows = {{"结业日期", "人员编号", "课程编号"}, {"2024-03-05", "jar-p1", "law"}};
                for (int r = 0; r < rows.length; r++) {
                    var row = sheet.createRow(r);
                    for (int c = 0; c < rows[r].length; c++) {
                        row.createCell(c).setCellValue(rows[r][c]);
                    }
                }
                workbook.write(out);
                ledger = out.toByteArray();
            }
            var preview = SeparateAggregator.postFile(
                    process,
                    "/api/v1/imports",
                    Map.of("type", "training.completed", "unit", "t.check.b", "dryRun", "true"),
                    "ledger.xlsx",
                    ledger);
            assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
            assertThat(IntegrationTest.JSON
                            .readTree(preview.body())
                            .path("imported")
                            .asInt())
                    .isEqualTo(1);
        }
    }

    /**
     * The ids asked of the deadlines rather than computed from the events (kind overdue): the stream publishes
     * nothing for them, so they are not this comparison's (DeadlinesIT checks them).
     */
    private static final Set<String> NOT_STREAMED = overdueIds();

    private static Set<String> overdueIds() {
        try (var in = Files.newInputStream(Path.of("../../config/indicators.yml"))) {
            return IndicatorCatalogue.parse(in, "config/indicators.yml").all().stream()
                    .filter(i -> i instanceof Indicator.Overdue)
                    .map(Indicator::id)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The figures as text, so that 3 (an int in JSON) and 3L, 0.5 and 0.5 compare alike; null stays null. */
    private static Map<String, String> figures(JsonNode values) {
        Map<String, String> figures = new LinkedHashMap<>();
        values.properties()
                .forEach(e -> figures.put(
                        e.getKey(),
                        e.getValue().isNull()
                                ? "null"
                                : Double.toString(e.getValue().asDouble())));
        figures.keySet().removeAll(NOT_STREAMED);
        return figures;
    }

    private static Map<String, String> figures(Map<String, Number> values) {
        Map<String, String> figures = new LinkedHashMap<>();
        values.forEach((id, value) -> figures.put(id, value == null ? "null" : Double.toString(value.doubleValue())));
        figures.keySet().removeAll(NOT_STREAMED);
        return figures;
    }
}
