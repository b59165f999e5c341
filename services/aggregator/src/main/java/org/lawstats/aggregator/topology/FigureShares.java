package org.lawstats.aggregator.topology;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.lawstats.aggregator.indicators.FigureKey;
import org.lawstats.aggregator.indicators.FigureStore;
import org.lawstats.aggregator.indicators.Figures;

/**
 * A part's (a partition's) shares of the figures (ADR 22), kept where the changes are made, in a store with a record
 * cache: a share's many changes within a commit are one changelog record, and the changelogs are what every
 * instance's view reads and adds up.
 */
final class FigureShares {
    private static final Serde<Figures> FIGURES =
            Serdes.serdeFrom((topic, figures) -> figures.encode(), (topic, bytes) -> Figures.decode(bytes));

    /**
     * What the views read from the beginning: segments rolled every minute and cleaned early, so that a cold start
     * reads about one record per share and at most a minute of changes (the active segment is never compacted). The
     * log is small (one record per share), so cleaning it often costs little.
     */
    private static final Map<String, String> CHANGELOG = Map.of(
            TopicConfig.SEGMENT_MS_CONFIG, "60000",
            TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(16 << 20),
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");

    private FigureShares() {}

    static StoreBuilder<KeyValueStore<String, Figures>> store(FigureStore store) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store.storeName()), Serdes.String(), FIGURES)
                .withCachingEnabled()
                .withLoggingEnabled(CHANGELOG);
    }

    /** Adds a change to this part's share of a figure; a share that comes to nothing is deleted. */
    static void add(KeyValueStore<String, Figures> store, FigureKey key, Map<String, Long> change) {
        String encoded = key.encode();
        Figures before = Optional.ofNullable(store.get(encoded)).orElse(Figures.NONE);
        Figures after = before.plus(change);
        if (after.equals(before)) {
            return;
        }
        if (after.isEmpty()) {
            store.delete(encoded);
        } else {
            store.put(encoded, after);
        }
    }
}
