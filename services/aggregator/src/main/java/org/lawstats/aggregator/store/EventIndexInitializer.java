package org.lawstats.aggregator.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import org.lawstats.aggregator.ConfigLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the versioned index templates (events, cases, deadlines, digests) and makes sure each alias points at an index, before anything reads or
 * writes (the ingest listener and the API depend on this bean). Idempotent: safe on every start.
 */
@Component
public class EventIndexInitializer implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(EventIndexInitializer.class);
    private static final Duration WAIT_FOR_STORE = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ElasticsearchClient client;
    private final StoreProperties properties;
    private volatile Duration searchableWithin = Duration.ofSeconds(1);

    EventIndexInitializer(ElasticsearchClient client, StoreProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT_FOR_STORE);
        long backoff = 200;
        while (true) {
            try {
                initialize();
                return;
            } catch (IOException | RuntimeException e) {
                // Elasticsearch may still be starting (compose starts everything at once): wait, then give up loudly.
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "Elasticsearch is not reachable to initialize the index: " + e.getMessage(), e);
                }
                log.info("waiting for Elasticsearch to initialize the index ({})", e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private void initialize() throws IOException {
        apply(properties.alias(), properties.template());
        apply(properties.casesAlias(), properties.casesTemplate());
        apply(properties.deadlinesAlias(), properties.deadlinesTemplate());
        apply(properties.digestsAlias(), properties.digestsTemplate());
        apply(properties.periodsAlias(), properties.periodsTemplate());
    }

    private void apply(String alias, String templateLocation) throws IOException {
        ObjectNode template;
        try (InputStream in = new ConfigLocation(templateLocation).open()) {
            template = (ObjectNode) JSON.readTree(in);
        }
        // The template covers exactly the indices behind this alias, whatever the alias is configured to be.
        template.putArray("index_patterns").add(alias + "-*");
        if (alias.equals(properties.alias())) {
            String refresh = template.path("template")
                    .path("settings")
                    .path("refresh_interval")
                    .asString("");
            if (!refresh.isEmpty() && !refresh.startsWith("-")) {
                searchableWithin = DurationStyle.SIMPLE.parse(refresh);
            }
        }
        String json = JSON.writeValueAsString(template);
        client.indices().putIndexTemplate(t -> t.name(alias).withJson(new StringReader(json)));
        if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
            String index = StoreProperties.firstIndex(alias);
            client.indices().create(c -> c.index(index).aliases(alias, a -> a.isWriteIndex(true)));
            log.info("created index {} behind alias {}", index, alias);
        } else {
            // An index made by an earlier template version gains the fields added since (strict mappings refuse
            // documents with unknown fields); documents written before keep their old shape until a rebuild.
            String mappings = JSON.writeValueAsString(template.path("template").path("mappings"));
            client.indices().putMapping(m -> m.index(alias).withJson(new StringReader(mappings)));
        }
    }

    /** How soon a stored event is searchable: the events template's refresh interval (1 s unless it says otherwise). */
    public Duration searchableWithin() {
        return searchableWithin;
    }

    /** The alias of the events, to read and write. */
    public String alias() {
        return properties.alias();
    }

    /** The alias of the case records. */
    public String casesAlias() {
        return properties.casesAlias();
    }

    /** The alias of the legal time limits. */
    public String deadlinesAlias() {
        return properties.deadlinesAlias();
    }

    /** The alias of the deadline digests sent. */
    public String digestsAlias() {
        return properties.digestsAlias();
    }

    /** The alias of the reporting periods' submissions and locks. */
    public String periodsAlias() {
        return properties.periodsAlias();
    }
}
