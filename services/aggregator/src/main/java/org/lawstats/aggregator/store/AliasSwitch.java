package org.lawstats.aggregator.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Creates the indices of a rebuild and points the aliases at them in one atomic step. */
@Component
public class AliasSwitch {
    private final ElasticsearchClient client;
    private final EventIndexInitializer index;

    AliasSwitch(ElasticsearchClient client, EventIndexInitializer index) {
        this.client = client;
        this.index = index;
    }

    /** A new, empty index behind no alias, named so that the alias's template applies ({@code <alias>-r<millis>}). */
    public String createNext(String alias) {
        String name = alias + "-r" + System.currentTimeMillis();
        try {
            client.indices().create(c -> c.index(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** The index an alias points at now, if any. */
    public Optional<String> current(String alias) {
        try {
            if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
                return Optional.empty();
            }
            return client.indices().getAlias(a -> a.name(alias)).aliases().keySet().stream()
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points each alias (events, cases, deadlines) at its new index, atomically. */
    public void switchTo(String eventsIndex, String casesIndex, String deadlinesIndex) {
        Map<String, String> targets = Map.of(
                index.alias(), eventsIndex, index.casesAlias(), casesIndex, index.deadlinesAlias(), deadlinesIndex);
        try {
            client.indices().refresh(r -> r.index(eventsIndex, casesIndex, deadlinesIndex));
            client.indices().updateAliases(u -> {
                targets.forEach((alias, target) -> {
                    current(alias)
                            .ifPresent(old ->
                                    u.actions(a -> a.remove(r -> r.index(old).alias(alias))));
                    u.actions(a -> a.add(add -> add.index(target).alias(alias).isWriteIndex(true)));
                });
                return u;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
