package org.lawstats.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What one item of a bulk response means for its event. */
class BulkEventWriterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anIndexTheClientMayNotWriteIsWaitedForNeverDeadLettered() {
        // What Elasticsearch answers, per item, when the role grants writing some index but not this one.
        var refused = JSON.readTree(
                "{\"status\":403,\"error\":{\"type\":\"security_exception\",\"reason\":\"action [indices:data/write/bulk[s]]"
                        + " is unauthorized for user [lawstats-aggregator]\"}}");

        assertThatThrownBy(() -> BulkEventWriter.outcome("e1", refused))
                .isInstanceOf(BulkEventWriter.StoreUnavailableException.class)
                .hasMessageContaining("403 security_exception");
    }

    @Test
    void aDocumentElasticsearchCannotTakeIsRejected() {
        var malformed = JSON.readTree(
                "{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"failed to parse\"}}");

        assertThat(BulkEventWriter.outcome("e1", malformed))
                .isEqualTo(new BulkEventWriter.Outcome.Rejected("document_parsing_exception", "failed to parse"));
    }
}
