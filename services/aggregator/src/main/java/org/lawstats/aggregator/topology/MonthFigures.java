package org.lawstats.aggregator.topology;

import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.lawstats.aggregator.indicators.FigureStore;
import org.lawstats.aggregator.indicators.Figures;
import org.lawstats.aggregator.indicators.Indicator;

/** Step 4a: the counts and sums of the events whose identity this part settles, as this part's share of each month. */
final class MonthFigures implements Processor<String, Change, Void, Void> {
    private final List<Indicator.Base> bases;
    private KeyValueStore<String, Figures> store;

    MonthFigures(List<Indicator.Base> bases) {
        this.bases = bases;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(FigureStore.MONTHS.storeName());
    }

    @Override
    public void process(Record<String, Change> record) {
        record.value().unitMonthDeltas(bases).forEach((key, change) -> FigureShares.add(store, key, change));
    }
}
