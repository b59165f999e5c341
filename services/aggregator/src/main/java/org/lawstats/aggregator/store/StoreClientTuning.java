package org.lawstats.aggregator.store;

import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.elasticsearch.autoconfigure.Rest5ClientBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * Bounds every wait of the Elasticsearch client. Without a lease timeout, a request waits forever for a pooled
 * connection; after an outage that can hang a consumer thread silently instead of failing into the back-off
 * loop. Idle connections are re-validated, so that a connection the outage broke is not handed out again.
 */
@Component
class StoreClientTuning implements Rest5ClientBuilderCustomizer {
    private static final Timeout LEASE = Timeout.ofSeconds(10);

    @Override
    public void customize(Rest5ClientBuilder builder) {}

    @Override
    public void customize(RequestConfig.Builder requestConfig) {
        requestConfig.setConnectionRequestTimeout(LEASE);
    }

    @Override
    public void customize(ConnectionConfig.Builder connectionConfig) {
        connectionConfig.setValidateAfterInactivity(TimeValue.ofSeconds(1));
    }
}
