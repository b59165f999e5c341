package org.lawstats.aggregator.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What one item of a bulk response means for its document. */
class VersionedWriterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anIndexTheClientMayNotWriteIsWaitedForNeverDeadLettered() {
        // What Elasticsearch answers, per item, when the role grants writing some index but not this one.
        var refused = JSON.readTree(
                "{\"status\":403,\"error\":{\"type\":\"security_exception\",\"reason\":\"action [indices:data/write/bulk[s]]"
                        + " is unauthorized for user [lawstats-aggregator]\"}}");

        assertThatThrownBy(() -> VersionedWriter.outcome("e1", refused))
                .isInstanceOf(VersionedWriter.StoreUnavailableException.class)
                .hasMessageContaining("403 security_exception");
    }

    @Test
    void aDocumentElasticsearchCannotTakeIsRejected() {
        var malformed = JSON.readTree(
                "{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"failed to parse\"}}");

        assertThat(VersionedWriter.outcome("e1", malformed))
                .isEqualTo(new VersionedWriter.Outcome.Rejected("document_parsing_exception", "failed to parse"));
    }

    @Test
    void aDeletionOfADocumentThatIsNotThereIsDone() {
        var absent = JSON.readTree("{\"status\":404,\"result\":\"not_found\"}");

        assertThat(VersionedWriter.outcome("e1", absent)).isEqualTo(new VersionedWriter.Outcome.Stored("not_found"));
    }

    @Test
    void aMissingAliasIsWaitedForNeverTakenForADeletion() {
        var missing = JSON.readTree(
                "{\"status\":404,\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index\"}}");

        assertThatThrownBy(() -> VersionedWriter.outcome("e1", missing))
                .isInstanceOf(VersionedWriter.StoreUnavailableException.class);
    }
}
