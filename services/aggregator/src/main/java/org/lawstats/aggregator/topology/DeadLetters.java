package org.lawstats.aggregator.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.lawstats.contract.DeadLetterHeaders;
import org.lawstats.contract.Rejection;

/** The headers of a dead letter (events.md), one definition for the topology and the search feed's refusals. */
public final class DeadLetters {
    private static final int MAX_DETAIL = 1000;

    private DeadLetters() {}

    /** The original record's headers, then the reason, its detail (shortened) and where the record was. */
    public static Headers headers(Headers original, Rejection rejection, String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders(original.toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(rejection.reason().code()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(shortened(rejection.detail())));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(topic));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(Integer.toString(partition)));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    /** A detail as a header carries it: at most {@code MAX_DETAIL} characters. */
    static String shortened(String detail) {
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 2) + "…." : detail;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
