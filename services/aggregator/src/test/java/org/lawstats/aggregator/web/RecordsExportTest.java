package org.lawstats.aggregator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RecordsExportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void recordsBecomeLinesWithTheirFieldsFlattenedAndEveryCellDefused() {
        RecordsExport export = new RecordsExport();
        export.add(json("""
                {"eventId":"e1","type":"case.filed","payload":{"caseNo":"=1+1","claimant":"张**"}}"""));
        export.add(json("""
                {"eventId":"e2","type":"case.filed","payload":{"caseNo":"2","summary":"a,b"}}"""));

        String csv = new String(export.csv(), StandardCharsets.UTF_8);

        assertThat(csv)
                .isEqualTo("\uFEFFeventId,type,payload.caseNo,payload.claimant,payload.summary\r\n"
                        + "e1,case.filed,'=1+1,张**,\r\n"
                        + "e2,case.filed,2,,\"a,b\"\r\n");
    }

    @Test
    void aPersonIsOneLineWithTheNumberAndIdsOfItsEvents() {
        RecordsExport export = new RecordsExport();
        export.add(json("""
                {"personId":"p-1","events":[{"eventId":"a"},{"eventId":"b"}]}"""));

        assertThat(new String(export.csv(), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFFpersonId,events,events.eventIds\r\np-1,2,a b\r\n");
    }
}
